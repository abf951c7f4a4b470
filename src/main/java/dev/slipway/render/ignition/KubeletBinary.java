package dev.slipway.render.ignition;

import dev.slipway.versions.Versions;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where nodes get the kubelet: the upstream release binary from {@code dl.k8s.io}, written by Ignition to
 * {@code /opt/bin/kubelet} and checked against the sha512 pinned in {@code versions.properties}.
 *
 * <p>Why a binary and not a systemd-sysext image: one artifact works on both Flatcar and Fedora CoreOS (the
 * sysext-bakery images target Flatcar), Ignition verifies it before the first boot completes, and upgrading is
 * "change the version and checksum, replace nodes", the same immutable-node flow as an OS update.
 *
 * @param url    the download URL for the version
 * @param sha512 the pinned checksum, empty when none is pinned for this version (then the plan says so)
 */
public record KubeletBinary(String url, Optional<String> sha512) {
    private static final Pattern SHA512 = Pattern.compile("[0-9a-f]{128}");

    public static KubeletBinary of(Versions versions, String kubernetesVersion) {
        String url = versions.get("kubernetes.kubelet.url").replace("{version}", kubernetesVersion);
        String key = "kubernetes.kubelet.sha512." + kubernetesVersion + ".linux-amd64";
        String pinned = versions.all().getOrDefault(key, "");
        return new KubeletBinary(url, SHA512.matcher(pinned).matches() ? Optional.of(pinned) : Optional.empty());
    }

    /** Ignition's hash notation, or null when no checksum is pinned. */
    String ignitionHash() {
        return sha512.map(h -> "sha512-" + h).orElse(null);
    }
}
