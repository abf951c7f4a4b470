package dev.slipway.apply.kubernetes;

import dev.slipway.render.RenderedFile;
import dev.slipway.render.RenderedTree;
import dev.slipway.render.ignition.ProvisioningKeys;
import dev.slipway.render.k8s.ApplySetMembership;
import dev.slipway.render.k8s.CommonLabels;
import dev.slipway.spec.Environment;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The bootstrap token Secrets as {@code deploy} applies them, taken from the rendered files the controllers create
 * at boot (one source for both): controllers read their files at first boot only, so a token that
 * {@code certs}/{@code plan}/{@code sync}/{@code deploy} renewed reaches a running cluster this way, together with
 * the token it replaced (valid until its own expiry). A token that leaves the state store (replaced twice, or
 * expired) is pruned with {@code --prune}; the API server refuses an expired one in any case.
 */
public final class BootstrapTokenSecrets {
    public static final String COMPONENT = "bootstrap-tokens";
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private BootstrapTokenSecrets() {
    }

    /** The component, first in deploy order; empty when the tree renders no controller (nothing to apply). */
    public static Optional<DesiredComponent> component(RenderedTree tree, Environment env) {
        List<HasMetadata> secrets = new ArrayList<>();
        for (Map.Entry<String, RenderedFile> f : new TreeMap<>(tree.files()).entrySet()) {
            if (!ProvisioningKeys.isBootstrapTokenSecret(f.getKey())) {
                continue;
            }
            Secret s = JSON.unmarshal(new String(f.getValue().content(), StandardCharsets.UTF_8), Secret.class);
            Map<String, String> labels = new TreeMap<>(s.getMetadata().getLabels() == null ? Map.of()
                    : s.getMetadata().getLabels());
            labels.putAll(CommonLabels.of(env, COMPONENT));
            labels.put(ApplySetMembership.PART_OF, ApplySetMembership.ID_VALUE);
            s.getMetadata().setLabels(labels);
            // As data, the form the API server returns, so an unchanged token plans as unchanged.
            Map<String, String> data = new TreeMap<>();
            s.getStringData().forEach((k, v) -> data.put(k, java.util.Base64.getEncoder()
                    .encodeToString(v.getBytes(StandardCharsets.UTF_8))));
            s.setData(data);
            s.setStringData(null);
            secrets.add(s);
        }
        return secrets.isEmpty() ? Optional.empty()
                : Optional.of(new DesiredComponent(COMPONENT, Duration.ofSeconds(60), secrets));
    }
}
