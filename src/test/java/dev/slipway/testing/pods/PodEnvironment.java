package dev.slipway.testing.pods;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.Secret;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's environment as the kubelet builds it (pkg/kubelet/kubelet_pods.go, makeEnvironmentVariables): the
 * {@code kubernetes} Service's variables, then {@code envFrom}, then {@code env} in order, each {@code value}
 * expanded for {@code $(NAME)} of the variables before it; {@code valueFrom} of Secret and ConfigMap keys and of the
 * fields {@code metadata.name}, {@code metadata.namespace}, {@code spec.nodeName}, {@code spec.serviceAccountName},
 * {@code status.podIP}, {@code status.hostIP}, and {@code resourceFieldRef} of the container's own limits and
 * requests. The other Services' docker-link variables are not made.
 */
final class PodEnvironment {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)");

    private PodEnvironment() {
    }

    static Map<String, String> of(PodCluster cluster, String namespace, String podName, String podIp,
            String serviceAccount, Container c) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("HOSTNAME", podName);
        String host = cluster.kubernetesServiceAddress();
        env.put("KUBERNETES_SERVICE_HOST", host);
        env.put("KUBERNETES_SERVICE_PORT", "443");
        env.put("KUBERNETES_SERVICE_PORT_HTTPS", "443");
        env.put("KUBERNETES_PORT", "tcp://" + host + ":443");
        env.put("KUBERNETES_PORT_443_TCP", "tcp://" + host + ":443");
        env.put("KUBERNETES_PORT_443_TCP_PROTO", "tcp");
        env.put("KUBERNETES_PORT_443_TCP_PORT", "443");
        env.put("KUBERNETES_PORT_443_TCP_ADDR", host);
        if (c.getEnvFrom() != null) {
            for (EnvFromSource from : c.getEnvFrom()) {
                String prefix = from.getPrefix() == null ? "" : from.getPrefix();
                if (from.getConfigMapRef() != null) {
                    configMap(cluster, namespace, from.getConfigMapRef().getName()).getData()
                            .forEach((k, v) -> env.put(prefix + k, v));
                } else if (from.getSecretRef() != null) {
                    secret(cluster, namespace, from.getSecretRef().getName()).getData()
                            .forEach((k, v) -> env.put(prefix + k, decode(v)));
                }
            }
        }
        if (c.getEnv() != null) {
            for (EnvVar v : c.getEnv()) {
                env.put(v.getName(), v.getValueFrom() != null
                        ? valueFrom(cluster, namespace, podName, podIp, serviceAccount, c, v.getValueFrom())
                        : expand(v.getValue() == null ? "" : v.getValue(), env));
            }
        }
        return env;
    }

    /** {@code $(NAME)} replaced by NAME's value when defined, left as is otherwise; {@code $$} is {@code $}. */
    static String expand(String text, Map<String, String> env) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = m.group(1) == null ? "$" : env.getOrDefault(m.group(1), m.group());
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String valueFrom(PodCluster cluster, String namespace, String podName, String podIp,
            String serviceAccount, Container c, EnvVarSource from) {
        if (from.getSecretKeyRef() != null) {
            String value = secret(cluster, namespace, from.getSecretKeyRef().getName()).getData()
                    .get(from.getSecretKeyRef().getKey());
            if (value == null) {
                throw new IllegalStateException("Secret " + from.getSecretKeyRef().getName() + " has no key "
                        + from.getSecretKeyRef().getKey());
            }
            return decode(value);
        }
        if (from.getConfigMapKeyRef() != null) {
            String value = configMap(cluster, namespace, from.getConfigMapKeyRef().getName()).getData()
                    .get(from.getConfigMapKeyRef().getKey());
            if (value == null) {
                throw new IllegalStateException("ConfigMap " + from.getConfigMapKeyRef().getName() + " has no key "
                        + from.getConfigMapKeyRef().getKey());
            }
            return value;
        }
        if (from.getFieldRef() != null) {
            return switch (from.getFieldRef().getFieldPath()) {
                case "metadata.name" -> podName;
                case "metadata.namespace" -> namespace;
                case "spec.nodeName" -> cluster.nodeName();
                case "spec.serviceAccountName" -> serviceAccount;
                case "status.podIP" -> podIp;
                case "status.hostIP" -> podIp;
                default -> throw new UnsupportedOperationException("fieldRef " + from.getFieldRef().getFieldPath()
                        + " is not run");
            };
        }
        if (from.getResourceFieldRef() != null) {
            return resource(cluster, c, from.getResourceFieldRef());
        }
        throw new UnsupportedOperationException("valueFrom " + from + " is not run");
    }

    /**
     * pkg/api/v1/resource/helpers.go, ExtractContainerResourceValue: the value divided by the divisor (default 1),
     * rounded up; CPU in millicores first. A limit the container does not set is the Node's allocatable, as the
     * kubelet merges it in (containerResourceRuntimeValue); a request it does not set is 0.
     */
    static String resource(PodCluster cluster, Container c, ResourceFieldSelector ref) {
        if (ref.getContainerName() != null && !ref.getContainerName().isEmpty()
                && !ref.getContainerName().equals(c.getName())) {
            throw new UnsupportedOperationException("resourceFieldRef of another container is not run");
        }
        String[] kindAndName = ref.getResource().split("\\.", 2);
        Map<String, Quantity> set = c.getResources() == null ? null : kindAndName[0].equals("limits")
                ? c.getResources().getLimits() : c.getResources().getRequests();
        Quantity value = set == null ? null : set.get(kindAndName[1]);
        if (value == null && kindAndName[0].equals("limits")) {
            value = cluster.client().nodes().withName(cluster.nodeName()).get().getStatus().getAllocatable()
                    .get(kindAndName[1]);
        }
        BigDecimal amount = value == null ? BigDecimal.ZERO : value.getNumericalAmount();
        BigDecimal divisor = ref.getDivisor() == null || ref.getDivisor().getNumericalAmount().signum() == 0
                ? BigDecimal.ONE : ref.getDivisor().getNumericalAmount();
        if (kindAndName[1].equals("cpu")) {
            amount = amount.movePointRight(3).setScale(0, RoundingMode.CEILING);
            divisor = divisor.movePointRight(3).setScale(0, RoundingMode.CEILING);
        }
        return amount.divide(divisor, 0, RoundingMode.CEILING).toPlainString();
    }

    private static Secret secret(PodCluster cluster, String namespace, String name) {
        Secret s = cluster.client().secrets().inNamespace(namespace).withName(name).get();
        if (s == null || s.getData() == null) {
            throw new IllegalStateException("Secret " + namespace + "/" + name + " does not exist or is empty");
        }
        return s;
    }

    private static ConfigMap configMap(PodCluster cluster, String namespace, String name) {
        ConfigMap cm = cluster.client().configMaps().inNamespace(namespace).withName(name).get();
        if (cm == null || cm.getData() == null) {
            throw new IllegalStateException("ConfigMap " + namespace + "/" + name + " does not exist or is empty");
        }
        return cm;
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
