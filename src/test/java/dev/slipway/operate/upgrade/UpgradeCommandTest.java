package dev.slipway.operate.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.slipway.pki.ClusterAdminsBinding;
import dev.slipway.testing.GoldenFiles;
import dev.slipway.testing.CliRun;
import dev.slipway.testing.KubernetesControlPlane;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeSystemInfo;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slipway upgrade} as a user runs it, against the harness's API server started on the PKI {@code slipway certs}
 * made for the example's prod (three controllers), kwok nodes whose kubelets report v1.35.4, and the harness's real
 * etcd reached directly as member etcd0 (the harness has no kubelet to port-forward through, so the hidden
 * {@code --etcd-endpoint} stands in for the port-forward; etcd1 and etcd2 do not exist). That etcd is one member, so
 * every preflight here blocks on the etcd check, exactly as it would for a prod whose other two members were gone:
 * each test asserts the finding it is about, and that nothing was written.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UpgradeCommandTest {
    @TempDir
    static Path dir;
    static Path spec;
    static KubernetesControlPlane cp;
    static KubernetesClient admin;

    @BeforeAll
    static void start() throws Exception {
        spec = dir.resolve("platform.yaml");
        Files.copy(Path.of(System.getProperty("slipway.repo", "."), "examples/yourcom/platform.yaml"), spec);
        CliRun certs = slipway("certs", "--env", "prod", "--confirm", "prod");
        assertThat(certs.exitCode()).as(certs.all()).isZero();
        cp = KubernetesControlPlane.builder().pki(dir.resolve(".slipway/prod/pki")).start();
        admin = cp.client();
        admin.resource(ClusterAdminsBinding.manifest()).create();
        CliRun kubeconfig = slipway("kubeconfig", "--env", "prod", "--server", cp.apiserverUrl());
        assertThat(kubeconfig.exitCode()).as(kubeconfig.all()).isZero();
        for (String node : cp.nodeNames()) {
            setKubeletVersion(node, "v1.35.4");
        }
    }

    @AfterAll
    static void stop() {
        if (cp != null) {
            cp.close();
        }
    }

    static CliRun slipway(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-f", spec.toString()));
        return CliRun.of(all.toArray(String[]::new));
    }

    static CliRun upgrade(String... more) {
        List<String> args = new ArrayList<>(List.of("upgrade", "--env", "prod", "--etcd-endpoint",
                "etcd0=" + cp.etcdUrl()));
        args.addAll(List.of(more));
        return slipway(args.toArray(String[]::new));
    }

    @Test
    @Order(1)
    void theDryRunShowsTheWholeProcedureAndWritesNothing() throws Exception {
        Map<String, String> before = tree(dir);
        CliRun run = upgrade("--dry-run");
        assertThat(tree(dir)).as("files under the spec's folder").isEqualTo(before);
        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.err()).contains("error: the preflight found 1 blocking problem (FAIL above); nothing was"
                + " changed");
        // the versions read from the cluster, the one blocking finding, and the whole procedure (its text is held
        // as a golden file by UpgradePlanGoldenTest)
        assertThat(run.out()).contains("Upgrade plan for prod (dry run: nothing is changed):",
                "1. etcd snapshot  to-do         snapshot etcd to s3://yourcom-infra/prod/backups/etcd/",
                "9. postflight     pending",
                "  API server   v1.36.3 -> v1.36.3",
                "  kubelets     v1.35.4 on worker-1, worker-2, worker-3",
                "  etcd         3.6.8 on etcd0",
                "  FAIL etcd: etcd cluster: 1 of 1 members healthy [etcd0]: replacing a controller takes one member"
                        + " out, and 0 would not be a quorum of 1 (needs 1); an upgrade replaces controllers one at a"
                        + " time and needs at least 3");
    }

    @Test
    @Order(2)
    void aKubeletNewerThanTheApiServerStopsThePreflight() throws Exception {
        setKubeletVersion("worker-3", "v1.37.0");
        try {
            CliRun run = upgrade("--dry-run");
            assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
            assertThat(run.out()).contains("FAIL versions: skew policy: node worker-3 runs kubelet v1.37.0, newer"
                    + " than the API server v1.36.3: a kubelet must not be newer than kube-apiserver");
            assertThat(run.err()).contains("2 blocking problems");
        } finally {
            setKubeletVersion("worker-3", "v1.35.4");
        }
    }

    @Test
    @Order(3)
    void anObjectWrittenThroughARemovedApiStopsThePreflightNamingItsReplacement() {
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("apps").endMetadata().build())
                .create();
        // What kubectl apply of a policy/v1beta1 manifest (Kubernetes 1.24 and older) left on the object: the API
        // server stores one object whatever version it was written through, and serves it as policy/v1 today.
        admin.policy().v1().podDisruptionBudget().inNamespace("apps").resource(new PodDisruptionBudgetBuilder()
                .withNewMetadata().withName("web").addToAnnotations(RemovedApiScan.LAST_APPLIED,
                        "{\"apiVersion\":\"policy/v1beta1\",\"kind\":\"PodDisruptionBudget\",\"metadata\":{\"name\":"
                                + "\"web\",\"namespace\":\"apps\"},\"spec\":{\"maxUnavailable\":1}}").endMetadata()
                .withNewSpec().withMaxUnavailable(new IntOrString(1)).withNewSelector().addToMatchLabels("app", "web")
                .endSelector().endSpec().build()).create();
        try {
            CliRun run = upgrade("--dry-run");
            assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
            assertThat(run.out()).contains("FAIL removed-apis: PodDisruptionBudget apps/web: last applied (kubectl"
                    + " apply) with policy/v1beta1 PodDisruptionBudget (removed in v1.25; use policy/v1) (fix: write"
                    + " it with policy/v1");
        } finally {
            admin.namespaces().withName("apps").delete();
        }
    }

    @Test
    @Order(4)
    void aDowngradeIsRefused() throws IOException {
        Path older = dir.resolve("platform-older.yaml");
        Files.writeString(older, Files.readString(spec).replace("version: v1.36.3", "version: v1.35.1"));
        CliRun run = CliRun.of("upgrade", "--env", "prod", "--dry-run", "--etcd-endpoint", "etcd0=" + cp.etcdUrl(),
                "-f", older.toString());
        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).contains("FAIL versions: skew policy: the control plane runs v1.36.3, newer than the"
                + " target v1.35.1: Slipway does not downgrade");
        // and the pinned cloud controller manager (v1.36.1) cannot serve a v1.35 control plane
        assertThat(run.out()).contains("FAIL add-ons: aws-cloud-controller-manager: pinned v1.36.1 against the"
                + " target v1.35.1");
    }

    @Test
    @Order(5)
    void aTargetOtherThanTheSpecsIsBadInput() {
        CliRun run = upgrade("--dry-run", "--to", "v1.37.0");
        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.err()).contains("--to v1.37.0: environment prod renders kubernetes.version v1.36.3");
    }

    @Test
    @Order(6)
    void theJsonResultFollowsTheOutputSchema() throws Exception {
        CliRun run = upgrade("--dry-run", "-o", "json");
        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(
                Files.readString(GoldenFiles.repo().resolve("schema/output.schema.json")), InputFormat.JSON);
        assertThat(schema.validate(run.out(), InputFormat.JSON)).as(run.out()).isEmpty();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.at("/result/target").asText()).isEqualTo("v1.36.3");
        assertThat(json.at("/result/preflight/0/check").asText()).isEqualTo("etcd");
        assertThat(json.at("/result/preflight/0/blocking").asBoolean()).isTrue();
        assertThat(json.at("/result/steps/0/status").asText()).isEqualTo("to-do");
    }

    /** Every file under {@code root} (the spec's folder: build/, .slipway/) with a hash of its content. */
    static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                try {
                    out.put(root.relativize(p).toString(), HexFormat.of().formatHex(MessageDigest
                            .getInstance("SHA-256").digest(Files.readAllBytes(p))));
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out;
    }

    static void setKubeletVersion(String node, String version) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                admin.nodes().withName(node).editStatus(n -> {
                    if (n.getStatus().getNodeInfo() == null) {
                        n.getStatus().setNodeInfo(new NodeSystemInfo());
                    }
                    n.getStatus().getNodeInfo().setKubeletVersion(version);
                    return n;
                });
                return;
            } catch (KubernetesClientException e) {
                if (attempt > 10) {
                    throw e;
                }
                Thread.sleep(200); // kwok's heartbeat wrote in between
            }
        }
    }
}
