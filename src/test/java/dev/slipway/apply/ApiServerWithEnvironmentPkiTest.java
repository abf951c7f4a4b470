package dev.slipway.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.pki.ClusterAdminsBinding;
import dev.slipway.pki.Pem;
import dev.slipway.plan.Workspace;
import dev.slipway.testing.CliRun;
import dev.slipway.testing.KubernetesControlPlane;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real API server (and etcd) of the test harness started with the PKI that {@code slipway certs} made for
 * environment acc: serving certificate, client CA, service-account keys, front-proxy and etcd certificates. The admin
 * kubeconfig from {@code slipway kubeconfig} lists namespaces through the guarded client path; prod's kubeconfig
 * pointed at the same server is stopped by the identity guard before any request.
 */
class ApiServerWithEnvironmentPkiTest {
    @TempDir
    static Path dir;
    static Path spec;
    static KubernetesControlPlane controlPlane;

    @BeforeAll
    static void start() throws IOException {
        spec = dir.resolve("platform.yaml");
        Files.copy(Path.of(System.getProperty("slipway.repo", "."), "examples/yourcom/platform.yaml"), spec);
        for (String env : List.of("acc", "prod")) {
            CliRun run = CliRun.of("certs", "--env", env, "--confirm", env, "-f", spec.toString());
            assertThat(run.exitCode()).as(run.all()).isZero();
        }
        controlPlane = KubernetesControlPlane.builder().pki(dir.resolve(".slipway/acc/pki")).nodes("worker-1")
                .start();
    }

    @AfterAll
    static void stop() {
        if (controlPlane != null) {
            controlPlane.close();
        }
    }

    private static String kubeconfig(String env, String... extra) throws IOException {
        Path out = dir.resolve(env + "-" + extra.length + ".conf");
        List<String> args = new java.util.ArrayList<>(List.of("kubeconfig", "--env", env, "-f", spec.toString(),
                "--server", controlPlane.apiserverUrl(), "--output-file", out.toString()));
        args.addAll(List.of(extra));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.all()).isZero();
        return Files.readString(out);
    }

    @Test
    void theApiServerRunsOnThisPkiAndTheAdminKubeconfigListsNamespaces() throws IOException {
        Workspace ws = Workspace.load(spec);
        KubernetesClients acc = KubernetesClients.forEnvironment(ws, ws.environment("acc"));
        try (KubernetesClient client = acc.connect(kubeconfig("acc"))) {
            // The admin is not in system:masters: without the binding it is authenticated but may do nothing.
            assertThatThrownBy(() -> client.namespaces().list()).isInstanceOf(KubernetesClientException.class)
                    .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
            // What the controllers' bootstrap does with the break-glass credential: bind the admin group.
            try (KubernetesClient breakGlass = acc.connect(kubeconfig("acc", "--user", "super-admin"))) {
                breakGlass.resource(ClusterAdminsBinding.manifest()).create();
            }
            assertThat(client.namespaces().list().getItems()).extracting(Namespace::getMetadata)
                    .extracting(m -> m.getName()).contains("default", "kube-system");
        }
        // The service-account signing key (sa.key) works: the API server issues a token for a service account.
        var token = controlPlane.client().serviceAccounts().inNamespace("default").withName("default")
                .tokenRequest(new io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder()
                        .withNewSpec().withExpirationSeconds(600L).endSpec().build());
        assertThat(token.getStatus().getToken()).isNotBlank();
        // ... and sa.pub verifies it: the token authenticates as the service account (which RBAC then refuses).
        Config bearer = new io.fabric8.kubernetes.client.ConfigBuilder(Config.empty())
                .withMasterUrl(controlPlane.apiserverUrl())
                .withCaCertData(java.util.Base64.getEncoder().encodeToString(
                        Files.readAllBytes(dir.resolve(".slipway/acc/pki/ca.crt"))))
                .withOauthToken(token.getStatus().getToken()).build();
        try (KubernetesClient asServiceAccount = acc.connect(bearer)) {
            assertThatThrownBy(() -> asServiceAccount.namespaces().list())
                    .isInstanceOf(KubernetesClientException.class)
                    .hasMessageContaining("system:serviceaccount:default:default");
        }
    }

    @Test
    void prodsKubeconfigAgainstAccsApiServerIsStoppedBeforeAnyRequest() throws IOException {
        Workspace ws = Workspace.load(spec);
        String prodKubeconfig = kubeconfig("prod");
        String accCa = Pem.fingerprint(Pem.parseCertificate(Files.readString(
                dir.resolve(".slipway/acc/pki/ca.crt")), "acc ca"));
        long before = requestsFromUnknownUsers();

        KubernetesClients prod = KubernetesClients.forEnvironment(ws, ws.environment("prod"));
        assertThatThrownBy(() -> prod.connect(prodKubeconfig).close())
                .isInstanceOf(ClusterIdentityMismatchException.class)
                .hasMessageContaining("environment 'prod' expects")
                .hasMessageContaining("That is the CA of environment 'acc' (SHA-256 " + accCa + ")");
        assertThat(requestsFromUnknownUsers()).as("no request reached the API server").isEqualTo(before);

        // Control: the same kubeconfig without the guard (trusting any server) does reach the API server. Its
        // prod client certificate is not from a CA this server asks for, so the TLS client offers none, the request
        // arrives anonymous and is refused (403); the counter sees it, so the equality above is no blind spot.
        Config unguarded = Config.fromKubeconfig(prodKubeconfig);
        unguarded.setTrustCerts(true);
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(unguarded).build()) {
            assertThatThrownBy(() -> client.namespaces().list()).isInstanceOf(KubernetesClientException.class)
                    .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
        }
        assertThat(requestsFromUnknownUsers()).isEqualTo(before + 1);
    }

    @Test
    void aSkipVerifyKubeconfigForProdIsRefusedByAccsApiServerWithNoRequestDispatched() throws IOException {
        Workspace ws = Workspace.load(spec);
        // prod's kubeconfig as someone "fixed" it: no CA, insecure-skip-tls-verify. The server is acc's.
        String skipVerify = kubeconfig("prod").replaceFirst("certificate-authority-data: \\S+",
                "insecure-skip-tls-verify: true");
        assertThat(skipVerify).contains("insecure-skip-tls-verify: true").doesNotContain("certificate-authority");
        long before = requestsFromUnknownUsers();
        List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        KubernetesClients prod = KubernetesClients.forEnvironment(ws, ws.environment("prod"))
                .withWarnings(warnings::add);
        assertThatThrownBy(() -> prod.connect(skipVerify).close())
                .isInstanceOf(ClusterIdentityMismatchException.class)
                .hasMessageContaining("environment 'prod' expects")
                .hasMessageContaining("That is the CA of environment 'acc'");
        assertThat(requestsFromUnknownUsers()).as("no request was dispatched").isEqualTo(before);
        assertThat(warnings).singleElement().asString().contains("insecure-skip-tls-verify; ignored");

        // The same kind of kubeconfig for acc itself works, through a client that verifies acc's CA.
        String accSkipVerify = kubeconfig("acc").replaceFirst("certificate-authority-data: \\S+",
                "insecure-skip-tls-verify: true");
        try (KubernetesClient client = KubernetesClients.forEnvironment(ws, ws.environment("acc"))
                .withWarnings(w -> { }).connect(accSkipVerify)) {
            assertThat(client.getKubernetesVersion().getGitVersion()).startsWith("v1.");
        }
    }

    /**
     * Requests the API server dispatched for users none of its own components is: API priority and fairness puts
     * them in flow schemas global-default or catch-all (the harness's components run as system:masters, the
     * controller-manager or the scheduler, which have flow schemas of their own). Counted by the server itself.
     */
    private static long requestsFromUnknownUsers() {
        String metrics = controlPlane.client().raw("/metrics");
        return metrics.lines().filter(l -> l.startsWith("apiserver_flowcontrol_dispatched_requests_total{")
                        && (l.contains("flow_schema=\"global-default\"") || l.contains("flow_schema=\"catch-all\"")))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
