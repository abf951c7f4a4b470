package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.pki.ClusterAdminsBinding;
import dev.slipway.testing.CliRun;
import dev.slipway.testing.GoldenFiles;
import dev.slipway.testing.KubernetesApiProxy;
import dev.slipway.testing.KubernetesControlPlane;
import dev.slipway.testing.WriteWatch;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slipway cron run} as a user runs it, against the harness's API server (started on the PKI {@code slipway
 * certs} made for acc; the real Job controller; kwok runs the Pods): a Job whose Pod fails — kwok's own chaos Stage
 * {@code pod-container-running-failed}, chosen by its label, terminates the container with the exit code its
 * annotation names — ends the command with exit 1 and a message naming the Job, the Job's failure reason and where the
 * logs are; the same CronJob without the label succeeds with exit 0; {@code --dry-run} writes nothing anywhere.
 */
class CronRunFailureTest {
    static final String FAIL_LABEL = "pod-container-running-failed.stage.kwok.x-k8s.io";
    @TempDir
    static Path dir;
    static Path spec;
    static KubernetesControlPlane cp;
    static KubernetesClient admin;
    static KubernetesApiProxy proxy;
    static Path proxyKubeconfig;

    @BeforeAll
    static void start() throws Exception {
        spec = dir.resolve("platform.yaml");
        Files.copy(GoldenFiles.repo().resolve("examples/yourcom/platform.yaml"), spec);
        CliRun certs = CliRun.of("certs", "--env", "acc", "-f", spec.toString());
        assertThat(certs.exitCode()).as(certs.all()).isZero();
        cp = KubernetesControlPlane.builder().pki(dir.resolve(".slipway/acc/pki")).start();
        admin = cp.client();
        admin.resource(ClusterAdminsBinding.manifest()).create();
        CliRun kubeconfig = CliRun.of("kubeconfig", "--env", "acc", "-f", spec.toString(), "--server",
                cp.apiserverUrl());
        assertThat(kubeconfig.exitCode()).as(kubeconfig.all()).isZero();
        proxy = new KubernetesApiProxy(cp);
        proxyKubeconfig = dir.resolve("proxy.conf");
        CliRun viaProxy = CliRun.of("kubeconfig", "--env", "acc", "-f", spec.toString(), "--server", proxy.url(),
                "--output-file", proxyKubeconfig.toString());
        assertThat(viaProxy.exitCode()).as(viaProxy.all()).isZero();
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("apps").endMetadata().build())
                .create();
        cronJob("nightly-report", true);
        cronJob("hourly-sums", false);
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (cp != null) {
            cp.close();
        }
    }

    /** A CronJob as deploy leaves it (suspended schedule aside); {@code fails}: its Pods carry kwok's label. */
    static void cronJob(String name, boolean fails) {
        Map<String, String> labels = new HashMap<>(Map.of("app", name));
        Map<String, String> annotations = new HashMap<>();
        if (fails) {
            labels.put(FAIL_LABEL, "true");
            annotations.put(FAIL_LABEL + "/exit-code", "3");
        }
        admin.batch().v1().cronjobs().inNamespace("apps").resource(new CronJobBuilder().withNewMetadata()
                .withName(name).endMetadata()
                .withNewSpec().withSchedule("0 3 * * *").withSuspend(true).withNewJobTemplate().withNewSpec()
                    .withBackoffLimit(0)
                    .withNewTemplate().withNewMetadata().withLabels(labels).withAnnotations(annotations).endMetadata()
                        .withNewSpec().withRestartPolicy("Never").addNewContainer().withName("report")
                        .withImage("ghcr.io/yourcom/api:1.4.2").withCommand("node", "scripts/" + name + ".js")
                        .endContainer().endSpec()
                    .endTemplate()
                .endSpec().endJobTemplate().endSpec().build()).create();
    }

    static CliRun cron(String... args) {
        List<String> all = new ArrayList<>(List.of("cron", "run"));
        all.addAll(List.of(args));
        all.addAll(List.of("--env", "acc", "-f", spec.toString(), "--kubeconfig", proxyKubeconfig.toString()));
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put("HOME", dir.resolve("home").toString());
        return CliRun.withEnvironment(environment, all.toArray(String[]::new));
    }

    @Test
    void aJobWhosePodFailsEndsWithExitOneNamingTheJobAndItsReason() {
        CliRun run = cron("nightly-report", "--yes", "--timeout", "180");
        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        List<Job> jobs = admin.batch().v1().jobs().inNamespace("apps").list().getItems().stream()
                .filter(j -> j.getMetadata().getName().startsWith("nightly-report-")).toList();
        assertThat(jobs).hasSize(1);
        String job = jobs.get(0).getMetadata().getName();
        assertThat(run.out()).contains("created job apps/" + job);
        // The Job controller's reason for a Job out of retries (pkg/controller/job: BackoffLimitExceeded)
        assertThat(run.err()).contains("job apps/" + job + " did not succeed: BackoffLimitExceeded: ",
                "(logs: kubectl -n apps logs job/" + job + ")");
        // kwok failed the container as its Stage says: exit code from the annotation
        assertThat(admin.pods().inNamespace("apps").withLabel("job-name", job).list().getItems())
                .singleElement().satisfies(p -> {
                    assertThat(p.getStatus().getPhase()).isEqualTo("Failed");
                    assertThat(p.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode())
                            .isEqualTo(3);
                });
    }

    @Test
    void theSameJobWithoutTheFailureSucceedsWithExitZero() {
        CliRun run = cron("hourly-sums", "--yes", "--timeout", "180");
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).containsPattern("job apps/hourly-sums-manual-[a-z0-9]+ succeeded");
    }

    @Test
    void aDryRunWritesNothingAnywhere() {
        WriteWatch watch = WriteWatch.start(List.of(dir), null, proxy);
        CliRun run = cron("nightly-report", "--dry-run");
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("plan: create a Job from CronJob apps/nightly-report",
                "dry run: nothing was created");
        assertThat(watch.apiRequests()).as("the run went through the proxy")
                .anyMatch(r -> r.pathAndQuery().startsWith("/apis/batch/v1/namespaces/apps/cronjobs/nightly-report"));
        assertThat(watch.writes()).as("written by cron run --dry-run").isEmpty();
        // Positive control: the real run, through the same proxy, is seen creating its Job.
        WriteWatch real = WriteWatch.start(List.of(dir), null, proxy);
        cron("hourly-sums", "--yes", "--timeout", "180");
        assertThat(real.writes()).anyMatch(w -> w.startsWith("Kubernetes API POST /apis/batch/v1/namespaces/apps/jobs"));
    }
}
