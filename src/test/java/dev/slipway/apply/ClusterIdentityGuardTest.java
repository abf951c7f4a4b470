package dev.slipway.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.pki.ClusterPki;
import dev.slipway.pki.EnvironmentPki;
import dev.slipway.pki.KubeconfigEntry;
import dev.slipway.pki.KubeconfigFile;
import dev.slipway.pki.Pem;
import dev.slipway.pki.PkiEntry;
import dev.slipway.spec.Environment;
import dev.slipway.state.LocalStateStore;
import dev.slipway.testing.RecordingTlsServer;
import dev.slipway.testing.SwitchingTcpProxy;
import dev.slipway.testing.TestEnvironments;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guard against a real TLS listener serving the acc API server certificate: acc's client gets through, a client
 * for prod pointed at the same address is stopped after the handshake and before any request.
 */
class ClusterIdentityGuardTest {
    private static final String NAMESPACES = "{\"kind\":\"NamespaceList\",\"apiVersion\":\"v1\",\"metadata\":{},"
            + "\"items\":[{\"metadata\":{\"name\":\"default\"}},{\"metadata\":{\"name\":\"kube-system\"}}]}";
    @TempDir
    static Path dir;
    static ClusterPki acc;
    static ClusterPki prod;
    static Environment accEnv = TestEnvironments.acc();
    static Environment prodEnv = TestEnvironments.prod();

    @BeforeAll
    static void pkis() {
        acc = create(dir.resolve("acc"), accEnv);
        prod = create(dir.resolve("prod"), prodEnv);
    }

    private static ClusterPki create(Path root, Environment env) {
        EnvironmentPki pki = EnvironmentPki.withSystemClock(new LocalStateStore(root));
        pki.ensure(env);
        return pki.load();
    }

    private static X509Certificate cert(ClusterPki pki, PkiEntry e) {
        return Pem.parseCertificate(pki.get(e).certificatePem(), e.stem());
    }

    private static ClusterIdentity identity(String env, ClusterPki pki) {
        return new ClusterIdentity(env, cert(pki, PkiEntry.CLUSTER_CA));
    }

    private static RecordingTlsServer accApiServer() {
        return new RecordingTlsServer(Pem.parsePrivateKey(acc.get(PkiEntry.APISERVER).privateKeyPem(), "key"),
                cert(acc, PkiEntry.APISERVER), cert(acc, PkiEntry.CLUSTER_CA), NAMESPACES);
    }

    @Test
    void theRightEnvironmentGetsAClientThatWorks() {
        try (RecordingTlsServer server = accApiServer()) {
            KubernetesClients clients = new KubernetesClients(new ClusterIdentityGuard(identity("acc", acc),
                    List.of(identity("prod", prod)), Duration.ofSeconds(10)));
            String kubeconfig = KubeconfigFile.render(KubeconfigEntry.of(accEnv.clusterName(), server.url(), acc,
                    PkiEntry.ADMIN));
            try (KubernetesClient client = clients.connect(kubeconfig)) {
                assertThat(client.namespaces().list().getItems()).extracting(Namespace::getMetadata)
                        .extracting(m -> m.getName()).containsExactly("default", "kube-system");
            }
            assertThat(server.requests()).singleElement().asString()
                    .startsWith("GET /api/v1/namespaces")
                    .endsWith("as CN=kubernetes-admin,O=kubeadm:cluster-admins");
            // The guard's own handshake came first, then the client's.
            assertThat(server.handshakes()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void anotherEnvironmentsClientIsStoppedBeforeAnyRequest() {
        try (RecordingTlsServer server = accApiServer()) {
            KubernetesClients prodClients = new KubernetesClients(new ClusterIdentityGuard(identity("prod", prod),
                    List.of(identity("acc", acc)), Duration.ofSeconds(10)));
            // prod's kubeconfig, but the address answers with acc's API server (a stale DNS record, a wrong tunnel).
            String prodKubeconfig = KubeconfigFile.render(KubeconfigEntry.of(prodEnv.clusterName(), server.url(),
                    prod, PkiEntry.ADMIN));
            assertThatThrownBy(() -> prodClients.connect(prodKubeconfig).close())
                    .isInstanceOf(ClusterIdentityMismatchException.class)
                    .hasMessageContaining("environment 'prod' expects")
                    .hasMessageContaining(Pem.fingerprint(cert(prod, PkiEntry.CLUSTER_CA)))
                    .hasMessageContaining("issued by 'CN=yourcom-acc-ca'")
                    .hasMessageContaining("That is the CA of environment 'acc' (SHA-256 "
                            + Pem.fingerprint(cert(acc, PkiEntry.CLUSTER_CA)) + ")")
                    .hasMessageContaining("Stopped before sending any request");
            assertThat(server.handshakes()).as("the guard did connect").isEqualTo(1);
            assertThat(server.requests()).as("no HTTP request reached the wrong cluster").isEmpty();
        }
    }

    @Test
    void anUnknownCaIsReportedWithoutNamingAnEnvironment() {
        try (RecordingTlsServer server = accApiServer()) {
            ClusterIdentityGuard guard = new ClusterIdentityGuard(identity("prod", prod), List.of(),
                    Duration.ofSeconds(10));
            assertThatThrownBy(() -> guard.verify(URI.create(server.url())))
                    .isInstanceOf(ClusterIdentityMismatchException.class)
                    .hasMessageContaining("issued by 'CN=yourcom-acc-ca'")
                    .hasMessageNotContaining("That is the CA of");
            assertThat(server.requests()).isEmpty();
        }
    }

    @Test
    void aChainIsJudgedByPathValidationNotByContainingTheCa() {
        ClusterIdentityGuard guard = new ClusterIdentityGuard(identity("acc", acc), List.of(),
                Duration.ofSeconds(10));
        guard.check("https://example", List.of(cert(acc, PkiEntry.APISERVER)));
        guard.check("https://example", List.of(cert(acc, PkiEntry.APISERVER), cert(acc, PkiEntry.CLUSTER_CA)));
        // A certificate from the etcd CA of the right environment is not the cluster's identity.
        assertThatThrownBy(() -> guard.check("https://example", List.of(cert(acc, PkiEntry.ETCD_SERVER))))
                .isInstanceOf(ClusterIdentityMismatchException.class);
        // prod's certificate with acc's CA appended: the chain contains acc's CA, but the leaf is not signed by it.
        assertThatThrownBy(() -> guard.check("https://example", List.of(cert(prod, PkiEntry.APISERVER),
                cert(acc, PkiEntry.CLUSTER_CA)))).isInstanceOf(ClusterIdentityMismatchException.class);
    }

    @Test
    void aChainThatMerelyContainsTheEnvironmentsCaIsRefused() {
        // The server holds prod's key and certificate and appends acc's CA certificate (public, easy to copy).
        try (RecordingTlsServer server = new RecordingTlsServer(
                Pem.parsePrivateKey(prod.get(PkiEntry.APISERVER).privateKeyPem(), "key"),
                List.of(cert(prod, PkiEntry.APISERVER), cert(acc, PkiEntry.CLUSTER_CA)),
                cert(prod, PkiEntry.CLUSTER_CA), NAMESPACES)) {
            ClusterIdentityGuard guard = new ClusterIdentityGuard(identity("acc", acc),
                    List.of(identity("prod", prod)), Duration.ofSeconds(10));
            assertThatThrownBy(() -> guard.verify(URI.create(server.url())))
                    .isInstanceOf(ClusterIdentityMismatchException.class)
                    .hasMessageContaining("environment 'acc' expects")
                    .hasMessageContaining("That is the CA of environment 'prod'");
            assertThat(server.requests()).isEmpty();
        }
    }

    @Test
    void aFailedHandshakeIsRefusedEvenWithTheRightCertificate() throws Exception {
        // acc's API server certificate (public) served with a key that is not its own: whoever serves it cannot
        // complete the handshake, because the client checks the handshake's signature against the certificate.
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        PrivateKey notTheKey = gen.generateKeyPair().getPrivate();
        try (RecordingTlsServer server = new RecordingTlsServer(notTheKey, cert(acc, PkiEntry.APISERVER),
                cert(acc, PkiEntry.CLUSTER_CA), NAMESPACES)) {
            KubernetesClients clients = new KubernetesClients(new ClusterIdentityGuard(identity("acc", acc),
                    List.of(), Duration.ofSeconds(10)));
            String kubeconfig = KubeconfigFile.render(KubeconfigEntry.of(accEnv.clusterName(), server.url(), acc,
                    PkiEntry.ADMIN));
            assertThatThrownBy(() -> clients.connect(kubeconfig).close())
                    .isInstanceOf(ClusterIdentityMismatchException.class)
                    .hasMessageContaining("the TLS handshake failed")
                    .hasMessageContaining("did not prove that it holds the certificate's private key");
            assertThat(server.requests()).isEmpty();
        }
    }

    @Test
    void everyConnectionTrustsOnlyTheEnvironmentsCaEvenWithSkipVerify() throws Exception {
        try (RecordingTlsServer accServer = accApiServer();
                RecordingTlsServer prodServer = new RecordingTlsServer(
                        Pem.parsePrivateKey(prod.get(PkiEntry.APISERVER).privateKeyPem(), "key"),
                        cert(prod, PkiEntry.APISERVER), cert(prod, PkiEntry.CLUSTER_CA), NAMESPACES);
                SwitchingTcpProxy dns = new SwitchingTcpProxy(URI.create(accServer.url()))) {
            List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
            KubernetesClients clients = new KubernetesClients(new ClusterIdentityGuard(identity("acc", acc),
                    List.of(), Duration.ofSeconds(10)), warnings::add);
            String kubeconfig = KubeconfigFile.render(KubeconfigEntry.of(accEnv.clusterName(), dns.url(), acc,
                    PkiEntry.ADMIN)).replaceFirst("certificate-authority-data: \\S+", "insecure-skip-tls-verify: true");
            assertThat(kubeconfig).contains("insecure-skip-tls-verify: true").doesNotContain("certificate-authority");
            try (KubernetesClient client = clients.connect(kubeconfig)) {
                assertThat(accServer.handshakes()).as("the guard checked acc").isEqualTo(1);
                // After the check, the name resolves to another cluster (prod's API server).
                dns.switchTo(URI.create(prodServer.url()));
                assertThatThrownBy(() -> client.namespaces().list()).isInstanceOf(KubernetesClientException.class);
            }
            assertThat(prodServer.requests()).as("no request reached the other cluster").isEmpty();
            assertThat(warnings).singleElement().asString().contains("insecure-skip-tls-verify; ignored")
                    .contains("trusts only its CA (SHA-256 " + Pem.fingerprint(cert(acc, PkiEntry.CLUSTER_CA)));
        }
    }

    @Test
    void anUnreachableServerIsAFailureNotAPass() {
        ClusterIdentityGuard guard = new ClusterIdentityGuard(identity("acc", acc), List.of(),
                Duration.ofSeconds(2));
        assertThatThrownBy(() -> guard.verify(URI.create("https://127.0.0.1:1")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot reach the API server at https://127.0.0.1:1");
    }
}
