package dev.slipway.render.ignition;

import dev.slipway.spec.CpuArchitecture;
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

    /** The linux/amd64 kubelet of {@code kubernetesVersion}. */
    public static KubeletBinary of(Versions versions, String kubernetesVersion) {
        return of(versions, kubernetesVersion, CpuArchitecture.AMD64);
    }

    /** The kubelet of {@code kubernetesVersion} built for {@code arch}: its own URL and its own pinned checksum. */
    public static KubeletBinary of(Versions versions, String kubernetesVersion, CpuArchitecture arch) {
        String url = versions.get("kubernetes.kubelet.url").replace("{version}", kubernetesVersion)
                .replace("{arch}", arch.kubernetes());
        String pinned = versions.all().getOrDefault(hashKey(kubernetesVersion, arch), "");
        return new KubeletBinary(url, PINNED.matcher(pinned).matches() ? Optional.of(pinned) : Optional.empty());
    }

    /** The versions.properties key holding the checksum of {@code version}'s linux/amd64 kubelet. */
    static String hashKey(String kubernetesVersion) {
        return hashKey(kubernetesVersion, CpuArchitecture.AMD64);
    }

    /** The versions.properties key holding the checksum of {@code version}'s linux/{@code arch} kubelet. */
    static String hashKey(String kubernetesVersion, CpuArchitecture arch) {
        return "kubernetes.kubelet.hash." + kubernetesVersion + ".linux-" + arch.kubernetes();
    }

    /** Ignition's hash notation, or null when no checksum is pinned. */
    String ignitionHash() {
        return hash.orElse(null);
    }
}
