package dev.slipway.apply.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.pki.ClusterAdminsBinding;
import dev.slipway.testing.CliRun;
import dev.slipway.testing.KubernetesControlPlane;
import dev.slipway.testing.ReadChangeReplace;
import dev.slipway.testing.VolumeProvisionerStandIn;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slipway deploy} and {@code slipway status} as a user runs them: the harness's API server started with the
 * PKI {@code slipway certs} made for acc, the admin kubeconfig {@code slipway kubeconfig} wrote, real argument lists.
 * Components are the tests' own, rendered by the real renderer into a folder given with {@code --from}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployCommandTest {
    @TempDir
    static Path dir;
    static Path spec;
    static KubernetesControlPlane cp;
    static KubernetesClient admin;
    static VolumeProvisionerStandIn provisioner;
    static Path components;

    @BeforeAll
    static void start() throws IOException {
        spec = dir.resolve("platform.yaml");
        Files.copy(Path.of(System.getProperty("slipway.repo", "."), "examples/yourcom/platform.yaml"), spec);
        for (String env : List.of("acc", "prod")) {
            CliRun run = CliRun.of("certs", "--env", env, "--confirm", env, "-f", spec.toString());
            assertThat(run.exitCode()).as(run.all()).isZero();
        }
        cp = KubernetesControlPlane.builder().pki(dir.resolve(".slipway/acc/pki")).start();
        admin = cp.client();
        provisioner = new VolumeProvisionerStandIn(admin);
        // What the controllers' bootstrap does: bind the admin group (kubeadm:cluster-admins) to cluster-admin.
        admin.resource(ClusterAdminsBinding.manifest()).create();
        CliRun kubeconfig = CliRun.of("kubeconfig", "--env", "acc", "-f", spec.toString(), "--server",
                cp.apiserverUrl());
        assertThat(kubeconfig.exitCode()).as(kubeconfig.all()).isZero();
        components = TestComponents.render(dir.resolve("k8s"), List.of(TestComponents.web(),
                TestComponents.extra()));
    }

    @AfterAll
    static void stop() {
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

    @Test
    @Order(1)
    void withoutATerminalDeployNeedsYesAndChangesNothing() {
        CliRun run = slipway("deploy", "--env", "acc", "--from", components.toString());
        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.out()).contains("Deploy plan for acc (server-side dry run): 12 to create");
        assertThat(run.err()).contains("no terminal to ask on", "pass --yes", "nothing was changed");
        assertThat(admin.namespaces().withName("demo").get()).isNull();
    }

    @Test
    @Order(2)
    void dryRunShowsTheChangesAndWritesNothing() throws IOException {
        CliRun run = slipway("deploy", "--env", "acc", "--from", components.toString(), "--dry-run");
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("+ create  Deployment demo/web", "+ create  Secret demo/token (keys token;"
                + " values sha256:", "dry run: nothing was changed").doesNotContain("s3cr3t");
        assertThat(admin.namespaces().withName("demo").get()).isNull();
        assertThat(admin.secrets().inNamespace("kube-system").withName("slipway-applyset").get()).isNull();
        assertThat(Files.exists(dir.resolve("build"))).as("--dry-run writes no build folder").isFalse();
    }

    @Test
    @Order(3)
    void deployAppliesWaitsAndASecondRunReportsNoChanges() {
        CliRun first = slipway("deploy", "--env", "acc", "--from", components.toString(), "--yes");
        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(first.out()).contains("Deployed acc: 12 created, 0 changed, 0 pruned; every component ready");
        assertThat(first.err()).contains("web: applying 9 objects", "web: ready", "extra: ready");
        assertThat(admin.apps().deployments().inNamespace("demo").withName("web").get().getStatus()
                .getReadyReplicas()).isEqualTo(2);

        CliRun second = slipway("deploy", "--env", "acc", "--from", components.toString(), "-o", "json");
        assertThat(second.exitCode()).as(second.all()).isZero();
        assertThat(second.out()).contains("\"create\" : 0", "\"change\" : 0", "\"unchanged\" : 12",
                "\"applied\" : 0");
    }

    @Test
    @Order(4)
    void statusShowsOneTablePerComponentAndFailsWhenSomethingIsUnhealthy() {
        CliRun healthy = slipway("status", "--env", "acc", "--from", components.toString());
        assertThat(healthy.exitCode()).as(healthy.all()).isZero();
        assertThat(healthy.out()).contains("web  healthy", "extra  healthy", "Deployment demo/web",
                "DaemonSet demo/agent", "StatefulSet demo/db", "Secret demo/token",
                "keys token; values sha256:", "every component healthy").doesNotContain("s3cr3t");

        ReadChangeReplace.replace(admin, admin.apps().deployments().inNamespace("demo2").withName("api"), d -> {
            d.getSpec().getTemplate().getSpec().setNodeSelector(Map.of("no-such-label", "x"));
            return d;
        });
        CliRun unhealthy = slipway("status", "--env", "acc", "--from", components.toString());
        assertThat(unhealthy.exitCode()).as(unhealthy.all()).isEqualTo(1);
        assertThat(unhealthy.out()).contains("extra  UNHEALTHY", "web  healthy", "why: ", "not scheduled");
        // Undo the other manager's change (Slipway does not own nodeSelector's keys, so deploy would not).
        ReadChangeReplace.replace(admin, admin.apps().deployments().inNamespace("demo2").withName("api"), d -> {
            d.getSpec().getTemplate().getSpec().setNodeSelector(null);
            return d;
        });
    }

    @Test
    @Order(5)
    void aKubeconfigOfAnotherEnvironmentIsRefusedBeforeAnyRequest() throws IOException {
        Path prodConf = dir.resolve("prod.conf");
        CliRun kubeconfig = slipway("kubeconfig", "--env", "prod", "--server", cp.apiserverUrl(), "--output-file",
                prodConf.toString());
        assertThat(kubeconfig.exitCode()).as(kubeconfig.all()).isZero();
        long before = requestsFromUnknownUsers();
        CliRun run = slipway("deploy", "--env", "prod", "--kubeconfig", prodConf.toString(), "--from",
                components.toString(), "--yes", "--confirm", "prod");
        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.err()).contains("environment 'prod' expects", "That is the CA of environment 'acc'",
                "Stopped before sending any request");
        assertThat(requestsFromUnknownUsers()).isEqualTo(before);
    }

    @Test
    @Order(6)
    void killedWithSigkillMidRunThenRunAgainConverges() throws Exception {
        Path bulk = TestComponents.render(dir.resolve("bulk"), List.of(TestComponents.web(), TestComponents.extra(),
                TestComponents.many("bulk-a", "bulk-a", 150), TestComponents.many("bulk-b", "bulk-b", 150)));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-cp", System.getProperty("java.class.path"), "dev.slipway.cli.Main",
                "deploy", "--env", "acc", "--from", bulk.toString(), "--yes", "-f", spec.toString()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("killed-run.log").toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        // Killed as soon as the first member is written (the parent comes first, then namespace bulk-a's step).
        while (Instant.now().isBefore(deadline) && child.isAlive()
                && admin.namespaces().withName("bulk-a").get() == null) {
            Thread.sleep(5);
        }
        assertThat(child.isAlive()).as("the run is still going when it is killed: "
                + Files.readString(dir.resolve("killed-run.log"))).isTrue();
        new ProcessBuilder("kill", "-9", String.valueOf(child.pid())).start().waitFor(10, TimeUnit.SECONDS);
        child.waitFor(30, TimeUnit.SECONDS);
        assertThat(child.exitValue()).isEqualTo(137);
        int afterKill = admin.configMaps().inNamespace("bulk-a").list().getItems().size()
                + admin.configMaps().inNamespace("bulk-b").list().getItems().size();
        assertThat(afterKill).as("killed half way").isLessThan(300);

        CliRun again = slipway("deploy", "--env", "acc", "--from", bulk.toString(), "--yes");
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(admin.configMaps().inNamespace("bulk-a").list().getItems()).hasSizeGreaterThanOrEqualTo(150);
        assertThat(admin.configMaps().inNamespace("bulk-b").list().getItems()).hasSizeGreaterThanOrEqualTo(150);
        assertThat(admin.apps().deployments().inNamespace("bulk-b").withName("app").get().getStatus()
                .getReadyReplicas()).isEqualTo(2);
        CliRun third = slipway("deploy", "--env", "acc", "--from", bulk.toString(), "-o", "json");
        assertThat(third.exitCode()).as(third.all()).isZero();
        assertThat(third.out()).contains("\"create\" : 0", "\"change\" : 0");
    }

    /** Requests the API server dispatched for users that are none of its own components (see ApiServerWith...). */
    static long requestsFromUnknownUsers() {
        String metrics = admin.raw("/metrics");
        return metrics.lines().filter(l -> l.startsWith("apiserver_flowcontrol_dispatched_requests_total{")
                        && (l.contains("flow_schema=\"global-default\"") || l.contains("flow_schema=\"catch-all\"")))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
