package dev.slipway.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A PKI folder laid out like kubeadm's {@code /etc/kubernetes/pki} (and Slipway's {@code .slipway/ENV/pki/}, see
 * {@code dev.slipway.pki.PkiEntry}). The control plane starts from the server-side files here; the client
 * certificates of its own components (controller-manager, scheduler, kwok, the test's admin) it issues itself from
 * {@code ca.key}, so a PKI made by Slipway needs no harness-specific extras.
 *
 * <p>The API server certificate must be valid for {@code 127.0.0.1} and the etcd server certificate for
 * {@code 127.0.0.1} (kubeadm's are), since the harness reaches them on loopback.
 */
public record KubeadmPki(Path dir) {

    /** Every file the control plane reads, relative to the folder. */
    public static final List<String> REQUIRED_FILES = List.of(
            "ca.crt", "ca.key",
            "apiserver.crt", "apiserver.key",
            "apiserver-kubelet-client.crt", "apiserver-kubelet-client.key",
            "front-proxy-ca.crt", "front-proxy-client.crt", "front-proxy-client.key",
            "sa.key", "sa.pub",
            "etcd/ca.crt", "etcd/server.crt", "etcd/server.key", "etcd/peer.crt", "etcd/peer.key",
            "apiserver-etcd-client.crt", "apiserver-etcd-client.key");

    public KubeadmPki {
        dir = dir.toAbsolutePath().normalize();
    }

    /** This PKI, after checking that every file the control plane reads is there; names the missing ones if not. */
    public KubeadmPki requireComplete() {
        List<String> missing = REQUIRED_FILES.stream().filter(f -> !Files.isRegularFile(dir.resolve(f))).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("PKI folder " + dir + " lacks " + String.join(", ", missing)
                    + " (expected kubeadm's /etc/kubernetes/pki layout)");
        }
        return this;
    }

    public Path file(String relative) {
        return dir.resolve(relative);
    }

    public Path caCert() {
        return file("ca.crt");
    }

    public Path caKey() {
        return file("ca.key");
    }
}
