package dev.slipway.testing;

import java.nio.file.Path;
import java.util.List;

/**
 * Generates a complete kubeadm-layout PKI for one test control plane: three CAs (cluster, etcd, front proxy), the
 * serving and client certificates between etcd and the API server, and the service-account key pair. Used when a
 * test does not bring its own (issue 4 will pass the PKI Slipway generates instead).
 */
public final class ThrowawayPki {
    private static final List<String> LOOPBACK_NAMES = List.of("localhost");
    private static final List<String> LOOPBACK_IPS = List.of("127.0.0.1", "::1");

    private ThrowawayPki() {
    }

    /** Writes the PKI into {@code dir} (created if needed) and returns it; private keys are mode 0600. */
    public static KubeadmPki generate(Path dir) {
        return generate(dir, "10.96.0.1");
    }

    /**
     * As {@link #generate(Path)}, the API server's certificate also valid for {@code kubernetesServiceAddress}, the
     * {@code kubernetes} Service's ClusterIP that in-cluster clients (the Pod runner's) connect to.
     */
    public static KubeadmPki generate(Path dir, String kubernetesServiceAddress) {
        KubeadmPki pki = new KubeadmPki(dir);
        TestCertificateAuthority ca = TestCertificateAuthority.create("kubernetes", pki.caCert(), pki.caKey());
        ca.issueServer("kube-apiserver",
                List.of("localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
                        "kubernetes.default.svc.cluster.local"),
                List.of("127.0.0.1", "::1", kubernetesServiceAddress), pki.file("apiserver.crt"), pki.file("apiserver.key"));
        ca.issueClient("kube-apiserver-kubelet-client", List.of("kubeadm:cluster-admins"),
                pki.file("apiserver-kubelet-client.crt"), pki.file("apiserver-kubelet-client.key"));

        TestCertificateAuthority frontProxy = TestCertificateAuthority.create("front-proxy-ca",
                pki.file("front-proxy-ca.crt"), pki.file("front-proxy-ca.key"));
        frontProxy.issueClient("front-proxy-client", List.of(), pki.file("front-proxy-client.crt"),
                pki.file("front-proxy-client.key"));

        TestCertificateAuthority etcd = TestCertificateAuthority.create("etcd-ca", pki.file("etcd/ca.crt"),
                pki.file("etcd/ca.key"));
        etcd.issueServerAndClient("etcd-server", LOOPBACK_NAMES, LOOPBACK_IPS, pki.file("etcd/server.crt"),
                pki.file("etcd/server.key"));
        etcd.issueServerAndClient("etcd-peer", LOOPBACK_NAMES, LOOPBACK_IPS, pki.file("etcd/peer.crt"),
                pki.file("etcd/peer.key"));
        etcd.issueClient("kube-apiserver-etcd-client", List.of(), pki.file("apiserver-etcd-client.crt"),
                pki.file("apiserver-etcd-client.key"));

        TestCertificateAuthority.writeKeyPair(pki.file("sa.key"), pki.file("sa.pub"));
        return pki.requireComplete();
    }
}
