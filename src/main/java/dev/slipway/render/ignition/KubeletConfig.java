package dev.slipway.render.ignition;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kubelet's {@code KubeletConfiguration} file ({@code /etc/kubernetes/kubelet.yaml}). fabric8 has no typed
 * model for it, so it is a generic resource with insertion-ordered fields (deterministic output).
 */
final class KubeletConfig {
    private KubeletConfig() {
    }

    static String render(String clusterDns, String clusterDomain, List<String> taints) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("authentication", Map.of(
                "anonymous", Map.of("enabled", false),
                "webhook", Map.of("enabled", true),
                "x509", Map.of("clientCAFile", "/etc/kubernetes/pki/ca.crt")));
        f.put("authorization", Map.of("mode", "Webhook"));
        f.put("cgroupDriver", "systemd");
        f.put("clusterDNS", List.of(clusterDns));
        f.put("clusterDomain", clusterDomain);
        f.put("containerRuntimeEndpoint", "unix:///run/containerd/containerd.sock");
        // Room for the kubelet, containerd and the OS, so Pods cannot starve them on small controllers.
        f.put("kubeReserved", Map.of("cpu", "100m", "memory", "256Mi", "ephemeral-storage", "1Gi"));
        f.put("readOnlyPort", 0);
        f.put("registerWithTaints", taints(taints));
        f.put("resolvConf", "/run/systemd/resolve/resolv.conf");
        f.put("rotateCertificates", true);
        // The serving certificate too comes from the cluster CA (a CSR that kubelet-csr-approver checks), so
        // metrics-server and the API server can verify kubelets instead of trusting a self-signed certificate.
        f.put("serverTLSBootstrap", true);
        // Graceful node shutdown: an OS update reboot (after the drain) still lets Pods stop cleanly.
        f.put("shutdownGracePeriod", "45s");
        f.put("shutdownGracePeriodCriticalPods", "15s");
        f.put("staticPodPath", "/etc/kubernetes/manifests");
        f.put("systemReserved", Map.of("cpu", "100m", "memory", "256Mi", "ephemeral-storage", "1Gi"));
        f.put("tlsMinVersion", "VersionTLS12");
        // The default (/usr/libexec/kubernetes/...) is read-only on Flatcar and Fedora CoreOS.
        f.put("volumePluginDir", "/var/lib/kubelet/volumeplugins");
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setApiVersion("kubelet.config.k8s.io/v1beta1");
        r.setKind("KubeletConfiguration");
        r.setAdditionalProperties(sorted(f));
        return KubeYaml.print(r);
    }

    /** {@code key=value:Effect} (or {@code key:Effect}) into the kubelet's taint objects. */
    static List<Map<String, String>> taints(List<String> taints) {
        List<Map<String, String>> out = new ArrayList<>();
        for (String t : taints) {
            int colon = t.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("taint without an effect: " + t + " (expected key=value:Effect)");
            }
            String kv = t.substring(0, colon);
            int eq = kv.indexOf('=');
            Map<String, String> m = new LinkedHashMap<>();
            m.put("key", eq < 0 ? kv : kv.substring(0, eq));
            if (eq >= 0 && eq < kv.length() - 1) {
                m.put("value", kv.substring(eq + 1));
            }
            m.put("effect", t.substring(colon + 1));
            out.add(m);
        }
        return out;
    }

    /** Nested {@code Map.of} has no order; copy into sorted maps so the YAML is byte-stable. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> sorted(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (var e : m.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Map<?, ?> inner && !(v instanceof LinkedHashMap<?, ?>)) {
                v = sorted(new java.util.TreeMap<>((Map<String, Object>) inner));
            }
            out.put(e.getKey(), v);
        }
        return out;
    }
}
