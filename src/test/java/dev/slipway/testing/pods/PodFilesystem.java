package dev.slipway.testing.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's file system as the runtime lays it out, under one folder that the runner makes the container's root
 * ({@code chroot}, the binaries being static): the image's binary at its entrypoint, {@code /etc/resolv.conf} for the
 * Pod's {@code dnsPolicy} (as pkg/kubelet/network/dns/dns.go writes it), {@code /etc/hosts}, {@code /dev}'s
 * null/zero/random/urandom and {@code /proc} (mounted by the runner), and a mount point per volume mount, the volumes
 * themselves prepared by {@link PodVolumes} outside the root and bind-mounted there ({@link #mounts()}).
 */
final class PodFilesystem {
    static final List<String> DEVICES = List.of("null", "zero", "random", "urandom");

    private final Path root;
    private final PodCluster cluster;
    private final String namespace;
    private final PodSpec pod;
    private final PodVolumes volumes;
    private final List<PodMount> mounts = new ArrayList<>();

    PodFilesystem(Path workDir, PodCluster cluster, String namespace, String podName, PodSpec pod) {
        this.root = workDir.resolve("root");
        this.cluster = cluster;
        this.namespace = namespace;
        this.pod = pod;
        this.volumes = new PodVolumes(workDir.resolve("volumes"), cluster, namespace, podName, pod);
    }

    Path root() {
        return root;
    }

    /** The volumes to bind-mount into the root, in the container's order. */
    List<PodMount> mounts() {
        return List.copyOf(mounts);
    }

    void lay(Container container, ImageBinary image, String podName, String podIp) throws IOException {
        Files.createDirectories(root.resolve("etc"));
        PodFiles.traversable(root.resolve("etc"));
        Path tmp = Files.createDirectories(root.resolve("tmp"));
        PodFiles.chmod(tmp, 01777);
        Files.createDirectories(root.resolve("proc"));
        Path dev = Files.createDirectories(root.resolve("dev"));
        for (String device : DEVICES) {
            Files.writeString(dev.resolve(device), "");
        }
        Path entrypoint = at(image.entrypoint());
        Files.createDirectories(entrypoint.getParent());
        Files.copy(image.binary(), entrypoint);
        PodFiles.chmod(entrypoint, 0755);
        Files.writeString(root.resolve("etc/resolv.conf"), resolvConf());
        Files.writeString(root.resolve("etc/hosts"), "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n"
                + "::1\tlocalhost ip6-localhost ip6-loopback\n" + podIp + "\t" + podName + "\n");
        Map<String, Volume> byName = new LinkedHashMap<>();
        if (pod.getVolumes() != null) {
            pod.getVolumes().forEach(v -> byName.put(v.getName(), v));
        }
        boolean serviceAccountMounted = false;
        for (VolumeMount mount : container.getVolumeMounts() == null ? List.<VolumeMount>of()
                : container.getVolumeMounts()) {
            if (mount.getSubPath() != null && !mount.getSubPath().isEmpty()) {
                throw new UnsupportedOperationException("subPath mounts are not run: " + mount.getName());
            }
            Volume v = byName.get(mount.getName());
            if (v == null) {
                throw new IllegalArgumentException("volumeMount " + mount.getName() + " names no volume of the Pod");
            }
            serviceAccountMounted |= mount.getMountPath().equals(PodVolumes.SERVICE_ACCOUNT_DIR);
            mount(volumes.prepare(v), mount.getMountPath(), Boolean.TRUE.equals(mount.getReadOnly()));
        }
        if (!Boolean.FALSE.equals(pod.getAutomountServiceAccountToken()) && !serviceAccountMounted) {
            mount(volumes.serviceAccount(), PodVolumes.SERVICE_ACCOUNT_DIR, true);
        }
    }

    private void mount(Path source, String target, boolean readOnly) throws IOException {
        Path point = at(target);
        if (Files.isDirectory(source)) {
            Files.createDirectories(point);
        } else {
            Files.createDirectories(point.getParent());
            Files.writeString(point, "");
        }
        mounts.add(new PodMount(source, target, readOnly));
    }

    /** The path {@code absolute} inside the container, under the root. */
    Path at(String absolute) {
        return root.resolve(absolute.replaceFirst("^/+", ""));
    }

    /** pkg/kubelet/network/dns/dns.go: ClusterFirst searches NS.svc.DOMAIN, svc.DOMAIN, DOMAIN, ndots:5. */
    String resolvConf() {
        String policy = pod.getDnsPolicy() == null ? "ClusterFirst" : pod.getDnsPolicy();
        boolean hostNetwork = Boolean.TRUE.equals(pod.getHostNetwork());
        return switch (policy) {
            case "Default" -> cluster.nodeResolvConf();
            case "ClusterFirst", "ClusterFirstWithHostNet" -> hostNetwork && policy.equals("ClusterFirst")
                    ? cluster.nodeResolvConf()
                    : "search " + namespace + ".svc." + cluster.clusterDomain() + " svc." + cluster.clusterDomain()
                            + " " + cluster.clusterDomain() + "\nnameserver " + cluster.clusterDnsAddress()
                            + "\noptions ndots:5\n";
            default -> throw new UnsupportedOperationException("dnsPolicy " + policy + " is not run");
        };
    }

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
