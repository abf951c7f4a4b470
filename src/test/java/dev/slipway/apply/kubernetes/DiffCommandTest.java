package dev.slipway.apply.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.slipway.pki.ClusterAdminsBinding;
import dev.slipway.testing.CliRun;
import dev.slipway.testing.GoldenFiles;
import dev.slipway.testing.KubernetesApiProxy;
import dev.slipway.testing.KubernetesControlPlane;
import dev.slipway.testing.VolumeProvisionerStandIn;
import dev.slipway.testing.WriteWatch;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slipway diff} against the harness's real API server, through the recording proxy: nothing drifted after a
 * deploy (exit 0, no write anywhere), then each kind of drift made by hand as an operator would make it, each found
 * and only it (exit 2), then a deploy puts it back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DiffCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static Path spec;
    static KubernetesControlPlane cp;
    static KubernetesClient admin;
    static KubernetesApiProxy proxy;
    static VolumeProvisionerStandIn provisioner;
    static Path components;

    @BeforeAll
    static void start() throws Exception {
        spec = dir.resolve("platform.yaml");
        Files.copy(GoldenFiles.repo().resolve("examples/yourcom/platform.yaml"), spec);
        CliRun certs = CliRun.of("certs", "--env", "acc", "-f", spec.toString());
        assertThat(certs.exitCode()).as(certs.all()).isZero();
        cp = KubernetesControlPlane.builder().pki(dir.resolve(".slipway/acc/pki")).start();
        admin = cp.client();
        provisioner = new VolumeProvisionerStandIn(admin);
        admin.resource(ClusterAdminsBinding.manifest()).create();
        proxy = new KubernetesApiProxy(cp);
        CliRun kubeconfig = CliRun.of("kubeconfig", "--env", "acc", "-f", spec.toString(), "--server", proxy.url());
        assertThat(kubeconfig.exitCode()).as(kubeconfig.all()).isZero();
        components = TestComponents.render(dir.resolve("k8s"), List.of(TestComponents.web(),
                TestComponents.extra()));
        CliRun deploy = slipway("deploy", "--env", "acc", "--from", components.toString(), "--yes");
        assertThat(deploy.exitCode()).as(deploy.all()).isZero();
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (provisioner != null) {
            provisioner.close();
        }
        if (cp != null) {
            cp.close();
        }
    }

    static CliRun slipway(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-f", spec.toString()));
        return CliRun.of(all.toArray(String[]::new));
    }

    static CliRun diff(String... extra) {
        List<String> args = new ArrayList<>(List.of("diff", "--env", "acc", "--from", components.toString(),
                "--only", "kubernetes"));
        args.addAll(List.of(extra));
        return slipway(args.toArray(String[]::new));
    }

    @Test
    @Order(1)
    void nothingDriftedAfterADeployExitsZeroAndWritesNothing() throws Exception {
        WriteWatch watch = WriteWatch.start(List.of(dir), null, proxy);
        CliRun run = diff();
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("kubernetes: no drift", "acc runs as the spec says.")
                .doesNotContain("versions:");
        assertThat(watch.apiRequests()).as("diff went through the proxy").isNotEmpty();
        assertThat(watch.writes()).as("diff reads (and dry-runs) only; no file under the spec's folder changed")
                .isEmpty();
    }

    @Test
    @Order(2)
    void eachKindOfDriftMadeByHandIsFoundAndOnlyIt() throws Exception {
        // An operator's kubectl edit of a value Slipway sets (another field manager takes the field) ...
        admin.configMaps().inNamespace("demo").withName("settings").edit(c -> {
            c.getData().replaceAll((k, v) -> v + "-edited");
            return c;
        });
        // ... an object deleted by hand, and one made by hand in a namespace Slipway owns.
        admin.configMaps().inNamespace("demo2").withName("x").delete();
        admin.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("by-hand").withNamespace("demo")
                .endMetadata().addToData("k", "v").build()).create();
        // Not drift: Kubernetes' own objects in Slipway's namespaces (made by its controllers, or owned).
        assertThat(admin.configMaps().inNamespace("demo").withName("kube-root-ca.crt").get()).isNotNull();

        WriteWatch watch = WriteWatch.start(List.of(dir), null, proxy);
        CliRun run = diff("-o", "json");
        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        JsonNode json = JSON.readTree(run.out());
        var schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(
                Files.readString(GoldenFiles.repo().resolve("schema/output.schema.json")), InputFormat.JSON);
        assertThat(schema.validate(run.out(), InputFormat.JSON)).as(run.out()).isEmpty();
        assertThat(json.at("/result/drifted").asBoolean()).isTrue();
        List<JsonNode> drift = new ArrayList<>();
        json.at("/result/drift").forEach(drift::add);
        assertThat(drift).extracting(d -> d.get("area").asText(), d -> d.get("kind").asText(),
                d -> d.get("subject").asText()).containsExactlyInAnyOrder(
                tuple("kubernetes", "taken", "ConfigMap demo/settings (web)"),
                tuple("kubernetes", "missing", "ConfigMap demo2/x (extra)"),
                tuple("kubernetes", "unowned", "ConfigMap demo/by-hand"));
        assertThat(watch.writes()).isEmpty();

        CliRun text = diff();
        assertThat(text.exitCode()).as(text.all()).isEqualTo(2);
        assertThat(text.out()).contains("kubernetes: 3 differences", "  taken    ConfigMap demo/settings (web)",
                "--force-conflicts", "  missing  ConfigMap demo2/x (extra)", "  unowned  ConfigMap demo/by-hand",
                "acc drifted from the spec.").doesNotContain("-edited");
    }

    @Test
    @Order(3)
    void aDeployPutsItBackAndDiffSaysSo() {
        CliRun deploy = slipway("deploy", "--env", "acc", "--from", components.toString(), "--yes",
                "--force-conflicts");
        assertThat(deploy.exitCode()).as(deploy.all()).isZero();
        admin.configMaps().inNamespace("demo").withName("by-hand").delete();
        CliRun run = diff();
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("kubernetes: no drift");
    }

    @Test
    @Order(4)
    void versionsAreReadFromTheLiveApiServerAndKubelets() {
        // The harness's API server is the pinned release; its Nodes are kwok's, whose kubelet version is kwok's own.
        CliRun run = slipway("diff", "--env", "acc", "--only", "versions");
        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        List<String> nodes = admin.nodes().list().getItems().stream().map(n -> n.getMetadata().getName()).toList();
        assertThat(nodes).isNotEmpty();
        assertThat(run.out()).contains("versions: " + nodes.size() + " difference").doesNotContain("API server")
                .doesNotContain("kubernetes:");
        for (String node : nodes) {
            assertThat(run.out()).contains("  version  kubelet on " + node + "\n           runs kwok-");
        }
    }

    @Test
    @Order(5)
    void anUnknownAreaIsBadInput() {
        CliRun run = slipway("diff", "--env", "acc", "--only", "dns");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--only dns: not an area; one of kubernetes, aws, provisioning, versions");
    }
}
