package dev.slipway.testing.pods;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HostPathVolumeSource;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.KeyToPathBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Pod's volumes as the kubelet prepares them before the runtime mounts them, each in a folder of its own outside
 * the Pod's root:
 * <ul>
 *   <li>ConfigMap, Secret and projected volumes (ConfigMap, Secret, service-account token from the TokenRequest API
 *       with its audience and expiry, downward-API namespace/name): their keys or {@code items}, {@code defaultMode}
 *       or {@code mode} (0644 when unset), and with {@code fsGroup} group-owned by it with {@code g+r} added, as
 *       pkg/volume/volume_linux.go (SetVolumeOwnership, read-only volumes: mask 0440) does;</li>
 *   <li>emptyDir: mode 0777 (pkg/volume/emptydir), with {@code fsGroup} group-owned by it and set-group-ID;</li>
 *   <li>hostPath: the node's path, under the cluster's node root, checked or created as its {@code type} says
 *       (pkg/volume/hostpath: DirectoryOrCreate 0755, FileOrCreate 0644, Directory/File must exist);</li>
 *   <li>persistentVolumeClaim: an empty folder, group-owned by {@code fsGroup} (mode 02775), standing for a fresh
 *       volume;</li>
 *   <li>the service-account volume the API server's admission adds (token, {@code ca.crt}, {@code namespace}).</li>
 * </ul>
 * Other types (downward-API volumes outside a projection, CSI, NFS...) are refused with an error.
 */
final class PodVolumes {
    static final String SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";
    private static final int DEFAULT_MODE = 0644;
    private static final long DEFAULT_TOKEN_SECONDS = 3607;

    private final Path dir;
    private final PodCluster cluster;
    private final String namespace;
    private final String podName;
    private final PodSpec pod;
    private final Long fsGroup;

    PodVolumes(Path dir, PodCluster cluster, String namespace, String podName, PodSpec pod) {
        this.dir = dir;
        this.cluster = cluster;
        this.namespace = namespace;
        this.podName = podName;
        this.pod = pod;
        this.fsGroup = pod.getSecurityContext() == null ? null : pod.getSecurityContext().getFsGroup();
    }

    /** Prepares volume {@code v} and returns the folder (or, for a hostPath file, the file) to mount. */
    Path prepare(Volume v) throws IOException {
        Path out = dir.resolve(v.getName());
        if (v.getConfigMap() != null) {
            files(out, configMapData(v.getConfigMap().getName()), v.getConfigMap().getItems(),
                    v.getConfigMap().getDefaultMode());
        } else if (v.getSecret() != null) {
            files(out, secretData(v.getSecret().getSecretName()), v.getSecret().getItems(),
                    v.getSecret().getDefaultMode());
        } else if (v.getProjected() != null) {
            Files.createDirectories(out);
            Integer mode = v.getProjected().getDefaultMode();
            for (VolumeProjection p : v.getProjected().getSources()) {
                projection(out, p, mode);
            }
        } else if (v.getEmptyDir() != null) {
            Files.createDirectories(out);
            PodFiles.chmod(out, fsGroup == null ? 0777 : 02777);
            if (fsGroup != null) {
                PodFiles.chown(out, 0, fsGroup);
            }
        } else if (v.getHostPath() != null) {
            return hostPath(v.getHostPath());
        } else if (v.getPersistentVolumeClaim() != null) {
            Files.createDirectories(out);
            if (fsGroup != null) {
                PodFiles.chown(out, 0, fsGroup);
                PodFiles.chmod(out, 02775);
            }
        } else {
            throw new UnsupportedOperationException("volume " + v.getName() + " is of a type the runner does not"
                    + " run (ConfigMap, Secret, projected, emptyDir, hostPath, persistentVolumeClaim only)");
        }
        return out;
    }

    /** The service-account volume the ServiceAccount admission plugin adds when the Pod does not opt out. */
    Path serviceAccount() throws IOException {
        Path out = dir.resolve("kube-api-access");
        Map<String, byte[]> data = new LinkedHashMap<>();
        data.put("token", token(null, DEFAULT_TOKEN_SECONDS));
        data.put("ca.crt", Files.readAllBytes(cluster.caCert()));
        data.put("namespace", namespace.getBytes(StandardCharsets.UTF_8));
        files(out, data, null, DEFAULT_MODE);
        return out;
    }

    private void projection(Path out, VolumeProjection p, Integer defaultMode) throws IOException {
        if (p.getConfigMap() != null) {
            files(out, configMapData(p.getConfigMap().getName()), p.getConfigMap().getItems(), defaultMode);
        } else if (p.getSecret() != null) {
            files(out, secretData(p.getSecret().getName()), p.getSecret().getItems(), defaultMode);
        } else if (p.getServiceAccountToken() != null) {
            ServiceAccountTokenProjection t = p.getServiceAccountToken();
            long seconds = t.getExpirationSeconds() == null ? DEFAULT_TOKEN_SECONDS : t.getExpirationSeconds();
            files(out, Map.of(t.getPath(), token(t.getAudience(), seconds)), null, defaultMode);
        } else if (p.getDownwardAPI() != null) {
            Map<String, byte[]> data = new LinkedHashMap<>();
            List<KeyToPath> items = new ArrayList<>();
            for (var item : p.getDownwardAPI().getItems()) {
                if (item.getFieldRef() == null) {
                    throw new UnsupportedOperationException("downwardAPI item " + item.getPath()
                            + " without fieldRef is not run");
                }
                String value = switch (item.getFieldRef().getFieldPath()) {
                    case "metadata.namespace" -> namespace;
                    case "metadata.name" -> podName;
                    default -> throw new UnsupportedOperationException("downwardAPI field "
                            + item.getFieldRef().getFieldPath() + " is not run");
                };
                data.put(item.getPath(), value.getBytes(StandardCharsets.UTF_8));
                items.add(new KeyToPathBuilder().withKey(item.getPath()).withPath(item.getPath())
                        .withMode(item.getMode()).build());
            }
            files(out, data, items, defaultMode);
        } else {
            throw new UnsupportedOperationException("projected source " + p + " is not run");
        }
    }

    private Path hostPath(HostPathVolumeSource h) throws IOException {
        Path onNode = cluster.nodeRoot().resolve(h.getPath().replaceFirst("^/+", ""));
        String type = h.getType() == null ? "" : h.getType();
        switch (type) {
            case "DirectoryOrCreate" -> {
                if (!Files.isDirectory(onNode)) {
                    Files.createDirectories(onNode);
                    PodFiles.chmod(onNode, 0755);
                }
            }
            case "FileOrCreate" -> {
                if (!Files.exists(onNode)) {
                    Files.createDirectories(onNode.getParent());
                    Files.createFile(onNode);
                    PodFiles.chmod(onNode, 0644);
                }
            }
            case "Directory" -> require(Files.isDirectory(onNode), h, "is not a directory");
            case "File" -> require(Files.isRegularFile(onNode), h, "is not a file");
            case "" -> require(Files.exists(onNode), h, "does not exist (the runtime would fail to mount it)");
            default -> throw new UnsupportedOperationException("hostPath type " + type + " is not run");
        }
        return onNode;
    }

    private static void require(boolean ok, HostPathVolumeSource h, String what) {
        if (!ok) {
            throw new IllegalStateException("hostPath " + h.getPath() + " " + what + " on the node (the kubelet"
                    + " would not start the Pod)");
        }
    }

    private byte[] token(String audience, long seconds) {
        String account = pod.getServiceAccountName() == null ? "default" : pod.getServiceAccountName();
        var spec = new TokenRequestBuilder().withNewSpec().withExpirationSeconds(seconds);
        if (audience != null && !audience.isEmpty()) {
            spec.withAudiences(audience);
        }
        TokenRequest request = cluster.client().serviceAccounts().inNamespace(namespace).withName(account)
                .tokenRequest(spec.endSpec().build());
        return request.getStatus().getToken().getBytes(StandardCharsets.UTF_8);
    }

    private Map<String, byte[]> configMapData(String name) {
        ConfigMap cm = cluster.client().configMaps().inNamespace(namespace).withName(name).get();
        if (cm == null) {
            throw new IllegalStateException("ConfigMap " + namespace + "/" + name
                    + " does not exist (the kubelet would not start the Pod)");
        }
        Map<String, byte[]> data = new LinkedHashMap<>();
        if (cm.getData() != null) {
            cm.getData().forEach((k, s) -> data.put(k, s.getBytes(StandardCharsets.UTF_8)));
        }
        if (cm.getBinaryData() != null) {
            cm.getBinaryData().forEach((k, s) -> data.put(k, Base64.getDecoder().decode(s)));
        }
        return data;
    }

    private Map<String, byte[]> secretData(String name) {
        Secret s = cluster.client().secrets().inNamespace(namespace).withName(name).get();
        if (s == null) {
            throw new IllegalStateException("Secret " + namespace + "/" + name
                    + " does not exist (the kubelet would not start the Pod)");
        }
        Map<String, byte[]> data = new LinkedHashMap<>();
        if (s.getData() != null) {
            s.getData().forEach((k, b) -> data.put(k, Base64.getDecoder().decode(b)));
        }
        return data;
    }

    private void files(Path out, Map<String, byte[]> data, List<KeyToPath> items, Integer defaultMode)
            throws IOException {
        Files.createDirectories(out);
        PodFiles.chmod(out, 0755);
        int mode = defaultMode == null ? DEFAULT_MODE : defaultMode;
        List<KeyToPath> chosen = new ArrayList<>();
        if (items == null || items.isEmpty()) {
            data.keySet().forEach(k -> chosen.add(new KeyToPathBuilder().withKey(k).withPath(k).build()));
        } else {
            chosen.addAll(items);
        }
        for (KeyToPath item : chosen) {
            byte[] content = data.get(item.getKey());
            if (content == null) {
                throw new IllegalStateException("key " + item.getKey() + " is missing (the kubelet would not start"
                        + " the Pod)");
            }
            Path file = out.resolve(item.getPath());
            Files.createDirectories(file.getParent());
            Files.write(file, content);
            int fileMode = item.getMode() == null ? mode : item.getMode();
            if (fsGroup != null) {
                PodFiles.chown(file, 0, fsGroup);
                fileMode |= 0440;
            }
            PodFiles.chmod(file, fileMode);
        }
        if (fsGroup != null) {
            PodFiles.chown(out, 0, fsGroup);
            PodFiles.chmod(out, 02755);
        }
    }
}
