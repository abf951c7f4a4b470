package dev.slipway.render.ignition;

/**
 * containerd's CRI settings for the kubelet: the systemd cgroup driver (matching the kubelet's) and the pinned
 * sandbox image. Written in config version 2, which containerd 1.7 reads and containerd 2.x migrates on load, so the
 * file works on every current Flatcar and Fedora CoreOS release.
 */
final class ContainerdConfig {
    static final String PATH = "/etc/containerd/config.toml";

    private ContainerdConfig() {
    }

    static String render(String pauseImage) {
        return """
                # Written by Slipway (Ignition). containerd's CRI settings for the kubelet.
                version = 2

                [plugins."io.containerd.grpc.v1.cri"]
                  sandbox_image = "%s"
                  # Containers get SELinux labels: Fedora CoreOS enforces SELinux (containerd's default is off), and
                  # Flatcar's own containerd config sets this too, which this file replaces.
                  enable_selinux = true

                [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
                  runtime_type = "io.containerd.runc.v2"

                [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
                  SystemdCgroup = true

                [plugins."io.containerd.grpc.v1.cri".cni]
                  bin_dir = "/opt/cni/bin"
                  conf_dir = "/etc/cni/net.d"
                """.formatted(pauseImage);
    }

    /** Flatcar's containerd.service reads the file named by CONTAINERD_CONFIG (its own default is under /usr). */
    static String flatcarDropin() {
        return """
                [Service]
                Environment=CONTAINERD_CONFIG=%s
                """.formatted(PATH);
    }
}
