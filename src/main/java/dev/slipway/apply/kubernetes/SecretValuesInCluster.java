package dev.slipway.apply.kubernetes;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The values of the Secrets in some namespaces, decoded, for one purpose only: to strike them out of text that leaves
 * the cluster (container logs in a diagnostics bundle). They are never printed, written or returned elsewhere.
 */
public final class SecretValuesInCluster {
    private final KubernetesClient client;

    public SecretValuesInCluster(KubernetesClient client) {
        this.client = client;
    }

    /** Every value (data and stringData) of every Secret in {@code namespaces}, longest first. */
    public Set<String> in(Collection<String> namespaces) {
        Set<String> values = new TreeSet<>((a, b) -> a.length() != b.length() ? b.length() - a.length()
                : a.compareTo(b));
        for (String ns : namespaces) {
            for (Secret s : ApiRetry.standard().call(() -> client.secrets().inNamespace(ns).list().getItems())) {
                add(values, s.getData(), true);
                add(values, s.getStringData(), false);
            }
        }
        return values;
    }

    private static void add(Set<String> into, Map<String, String> data, boolean base64) {
        if (data == null) {
            return;
        }
        for (String v : data.values()) {
            if (v == null) {
                continue;
            }
            String value = base64 ? new String(Base64.getMimeDecoder().decode(v), StandardCharsets.UTF_8) : v;
            if (!value.isBlank()) {
                into.add(value);
            }
        }
    }
}
