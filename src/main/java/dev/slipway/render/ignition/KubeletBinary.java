package dev.slipway.render.ignition;

import dev.slipway.versions.Versions;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where nodes get the kubelet: the upstream release binary from {@code dl.k8s.io}, written by Ignition to
 * {@code /opt/bin/kubelet} and checked against the checksum pinned in {@code versions.properties}.
 *
 * <p>Why a binary and not a systemd-sysext image: one artifact works on both Flatcar and Fedora CoreOS (the
 * sysext-bakery images target Flatcar), Ignition verifies it before the first boot completes, and upgrading is
 * "change the version and checksum, replace nodes", the same immutable-node flow as an OS update.
 *
 * @param url  the download URL for the version
 * @param hash the pinned checksum in Ignition's notation ({@code sha512-HEX} or {@code sha256-HEX}), empty when
 *             none is pinned for this version (then the plan says so)
 */
public record KubeletBinary(String url, Optional<String> hash) {
    /** Both algorithms Ignition 3.3 verifies; upstream publishes both for every release binary. */
    private static final Pattern PINNED = Pattern.compile("sha512-[0-9a-f]{128}|sha256-[0-9a-f]{64}");

    public static KubeletBinary of(Versions versions, String kubernetesVersion) {
        String url = versions.get("kubernetes.kubelet.url").replace("{version}", kubernetesVersion);
        String pinned = versions.all().getOrDefault(hashKey(kubernetesVersion), "");
        return new KubeletBinary(url, PINNED.matcher(pinned).matches() ? Optional.of(pinned) : Optional.empty());
    }

    /** The versions.properties key holding the checksum of {@code version}'s linux/amd64 kubelet. */
    static String hashKey(String kubernetesVersion) {
        return "kubernetes.kubelet.hash." + kubernetesVersion + ".linux-amd64";
    }

    /** Ignition's hash notation, or null when no checksum is pinned. */
    String ignitionHash() {
        return hash.orElse(null);
    }
}
