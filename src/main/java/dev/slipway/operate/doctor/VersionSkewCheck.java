package dev.slipway.operate.doctor;

import dev.slipway.apply.kubernetes.ClusterSnapshot;
import io.fabric8.kubernetes.api.model.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Versions apart: the API server ({@code /version}) against the spec's pinned Kubernetes version, and every kubelet
 * ({@code status.nodeInfo.kubeletVersion}) against both. Kubernetes' skew policy: a kubelet may be up to
 * {@value #MAX_KUBELET_MINORS_BEHIND} minor versions older than the API server, never newer — outside that is a
 * failure. Within it, anything that differs from the spec is a warning: an upgrade or rotation not yet done.
 */
public final class VersionSkewCheck implements DoctorCheck {
    static final int MAX_KUBELET_MINORS_BEHIND = 3;
    private static final Pattern VERSION = Pattern.compile("^v?(\\d+)\\.(\\d+)\\.(\\d+)");
    private final String env;
    private final String specVersion;

    public VersionSkewCheck(String env, String specVersion) {
        this.env = env;
        this.specVersion = specVersion;
    }

    @Override
    public String name() {
        return "versions";
    }

    @Override
    public String title() {
        return "control plane, kubelets and the spec on supported, matching versions";
    }

    @Override
    public List<Finding> examine(ClusterSnapshot cluster) {
        List<Finding> out = new ArrayList<>();
        String server = cluster.serverVersion();
        Optional<int[]> serverParts = parts(server);
        if (!sameRelease(server, specVersion)) {
            out.add(Finding.warn("control plane", "API server " + server + ", spec pins " + specVersion,
                    "slipway plan --env " + env + ", slipway sync and slipway rotate --env " + env
                            + " --controllers (nodes boot the spec's version)"));
        }
        Map<String, List<String>> byVersion = new TreeMap<>();
        for (Node n : cluster.nodes()) {
            String v = n.getStatus() == null || n.getStatus().getNodeInfo() == null ? ""
                    : n.getStatus().getNodeInfo().getKubeletVersion();
            byVersion.computeIfAbsent(v == null ? "" : v, k -> new ArrayList<>()).add(n.getMetadata().getName());
        }
        for (var e : byVersion.entrySet()) {
            String v = e.getKey();
            String subject = "kubelet " + (v.isEmpty() ? "(no version)" : v) + " on " + String.join(", ",
                    e.getValue());
            Optional<int[]> kubelet = parts(v);
            if (kubelet.isEmpty() || serverParts.isEmpty()) {
                out.add(Finding.warn(subject, "version cannot be read (API server " + server + ")",
                        "kubectl get nodes -o wide"));
                continue;
            }
            int behind = serverParts.get()[1] - kubelet.get()[1];
            if (kubelet.get()[0] != serverParts.get()[0] || behind < 0 || behind > MAX_KUBELET_MINORS_BEHIND) {
                out.add(Finding.fail(subject, "outside the supported skew: API server " + server + " (a kubelet"
                        + " may be up to " + MAX_KUBELET_MINORS_BEHIND + " minor versions older, never newer)",
                        "slipway rotate --env " + env + " (replaces nodes with the spec's " + specVersion + ")"));
            } else if (!sameRelease(v, specVersion)) {
                out.add(Finding.warn(subject, "spec pins " + specVersion,
                        "slipway rotate --env " + env + " (replaces nodes with the spec's version)"));
            }
        }
        return out;
    }

    private static boolean sameRelease(String a, String b) {
        Optional<int[]> x = parts(a);
        Optional<int[]> y = parts(b);
        return x.isPresent() && y.isPresent() && java.util.Arrays.equals(x.get(), y.get());
    }

    /** major, minor, patch of {@code v1.36.3} (also {@code v1.36.3-eks-…}); empty when it is no such version. */
    static Optional<int[]> parts(String version) {
        Matcher m = VERSION.matcher(version == null ? "" : version);
        return m.find() ? Optional.of(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3))}) : Optional.empty();
    }
}
