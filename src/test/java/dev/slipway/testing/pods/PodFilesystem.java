package dev.slipway.testing.pods;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's file system as the kubelet and the runtime lay it out, under one folder (the runner chroots the
 * container into it): the image's binary at its entrypoint, {@code /etc/resolv.conf} for the Pod's
 * {@code dnsPolicy} (as pkg/kubelet/network/dns/dns.go writes it), {@code /etc/hosts}, and the container's volume
 * mounts — ConfigMap and Secret volumes (their keys or {@code items}, {@code defaultMode}/{@code mode}, group
 * {@code fsGroup}), emptyDir (mode 0777), the service-account volume the API server's admission adds
 * ({@code /var/run/secrets/kubernetes.io/serviceaccount}: a token from the TokenRequest API, the cluster CA, the
 * namespace) and persistent volume claims as empty folders owned by {@code fsGroup}. Other volume types are refused.
 */
final class PodFilesystem {
    static final String SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";
    private static final int DEFAULT_MODE = 0644;

    private final Path root;
    private final PodCluster cluster;
    private final String namespace;
    private final PodSpec pod;
    private final Long fsGroup;

    PodFilesystem(Path root, PodCluster cluster, String namespace, PodSpec pod) {
        this.root = root;
        this.cluster = cluster;
        this.namespace = namespace;
        this.pod = pod;
        this.fsGroup = pod.getSecurityContext() == null ? null : pod.getSecurityContext().getFsGroup();
    }

    void lay(Container container, ImageBinary image, String podName, String podIp) throws IOException {
        Files.createDirectories(root.resolve("etc"));
        Path tmp = Files.createDirectories(root.resolve("tmp"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path entrypoint = at(image.entrypoint());
        Files.createDirectories(entrypoint.getParent());
        Files.copy(image.binary(), entrypoint);
        Files.writeString(root.resolve("etc/resolv.conf"), resolvConf());
        Files.writeString(root.resolve("etc/hosts"), "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n"
                + "::1\tlocalhost ip6-localhost ip6-loopback\n" + podIp + "\t" + podName + "\n");
        Map<String, Volume> volumes = new LinkedHashMap<>();
        if (pod.getVolumes() != null) {
            pod.getVolumes().forEach(v -> volumes.put(v.getName(), v));
        }
        for (VolumeMount mount : container.getVolumeMounts() == null ? List.<VolumeMount>of()
                : container.getVolumeMounts()) {
            if (mount.getSubPath() != null && !mount.getSubPath().isEmpty()) {
                throw new UnsupportedOperationException("subPath mounts are not run: " + mount.getName());
            }
            Volume v = volumes.get(mount.getName());
            if (v == null) {
                throw new IllegalArgumentException("volumeMount " + mount.getName() + " names no volume of the Pod");
            }
            materialise(v, at(mount.getMountPath()));
        }
        if (!Boolean.FALSE.equals(pod.getAutomountServiceAccountToken())) {
            serviceAccount(at(SERVICE_ACCOUNT_DIR));
        }
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

    private void materialise(Volume v, Path dir) throws IOException {
        if (v.getConfigMap() != null) {
            ConfigMap cm = cluster.client().configMaps().inNamespace(namespace).withName(v.getConfigMap().getName())
                    .get();
            if (cm == null) {
                throw new IllegalStateException("ConfigMap " + namespace + "/" + v.getConfigMap().getName()
                        + " does not exist (the kubelet would not start the Pod)");
            }
            Map<String, byte[]> data = new LinkedHashMap<>();
            if (cm.getData() != null) {
                cm.getData().forEach((k, s) -> data.put(k, s.getBytes(StandardCharsets.UTF_8)));
            }
            if (cm.getBinaryData() != null) {
                cm.getBinaryData().forEach((k, s) -> data.put(k, Base64.getDecoder().decode(s)));
            }
            files(dir, data, v.getConfigMap().getItems(), v.getConfigMap().getDefaultMode());
        } else if (v.getSecret() != null) {
            Secret s = cluster.client().secrets().inNamespace(namespace).withName(v.getSecret().getSecretName()).get();
            if (s == null) {
                throw new IllegalStateException("Secret " + namespace + "/" + v.getSecret().getSecretName()
                        + " does not exist (the kubelet would not start the Pod)");
            }
            Map<String, byte[]> data = new LinkedHashMap<>();
            if (s.getData() != null) {
                s.getData().forEach((k, b) -> data.put(k, Base64.getDecoder().decode(b)));
            }
            files(dir, data, v.getSecret().getItems(), v.getSecret().getDefaultMode());
        } else if (v.getEmptyDir() != null) {
            Files.createDirectories(dir);
            // the kubelet makes an emptyDir world-writable (pkg/volume/emptydir: perm 0777)
            chmod(dir, 0777);
        } else if (v.getPersistentVolumeClaim() != null) {
            Files.createDirectories(dir);
            if (fsGroup != null) {
                chown(dir, 0, fsGroup);
                chmod(dir, 02775);
            }
        } else {
            throw new UnsupportedOperationException("volume " + v.getName() + " is of a type the runner does not run"
                    + " (ConfigMap, Secret, emptyDir, persistentVolumeClaim only)");
        }
    }

    private void files(Path dir, Map<String, byte[]> data, List<KeyToPath> items, Integer defaultMode)
            throws IOException {
        Files.createDirectories(dir);
        int mode = defaultMode == null ? DEFAULT_MODE : defaultMode;
        List<KeyToPath> chosen = new ArrayList<>();
        if (items == null || items.isEmpty()) {
            data.keySet().forEach(k -> chosen.add(new io.fabric8.kubernetes.api.model.KeyToPathBuilder().withKey(k).withPath(k).build()));
        } else {
            chosen.addAll(items);
        }
        for (KeyToPath item : chosen) {
            byte[] content = data.get(item.getKey());
            if (content == null) {
                throw new IllegalStateException("key " + item.getKey() + " is missing (the kubelet would not start"
                        + " the Pod)");
            }
            Path file = dir.resolve(item.getPath());
            Files.createDirectories(file.getParent());
            Files.write(file, content);
            chmod(file, item.getMode() == null ? mode : item.getMode());
            if (fsGroup != null) {
                chown(file, 0, fsGroup);
            }
        }
    }

    private void serviceAccount(Path dir) throws IOException {
        String account = pod.getServiceAccountName() == null ? "default" : pod.getServiceAccountName();
        TokenRequest request = cluster.client().serviceAccounts().inNamespace(namespace).withName(account)
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3607L).endSpec().build());
        Map<String, byte[]> data = new LinkedHashMap<>();
        data.put("token", request.getStatus().getToken().getBytes(StandardCharsets.UTF_8));
        data.put("ca.crt", Files.readAllBytes(cluster.caCert()));
        data.put("namespace", namespace.getBytes(StandardCharsets.UTF_8));
        files(dir, data, null, DEFAULT_MODE);
    }

    static void chmod(Path p, int mode) throws IOException {
        run("chmod", Integer.toOctalString(mode), p.toString());
    }

    static void chown(Path p, long uid, long gid) throws IOException {
        run("chown", uid + ":" + gid, p.toString());
    }

    private static void run(String... command) throws IOException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
