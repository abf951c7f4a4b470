package dev.slipway.apply.kubernetes;

import dev.slipway.render.k8s.RenderedK8s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.render.k8s.workloads.WorkloadFixtures;
import dev.slipway.spec.Environment;
import dev.slipway.state.LocalStateStore;
import dev.slipway.testing.Evictions;
import dev.slipway.testing.KubeconfigFile;
import dev.slipway.testing.ReadChangeReplace;
import dev.slipway.testing.WithKubernetes;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workload components against the real API server of the harness (simulated kwok nodes): every object is
 * accepted by a server-side dry run (schema and admission, including the restricted Pod Security profile of the
 * namespaces), a drain cannot take MongoDB's majority, and {@code cron run}'s Job runs to completion.
 *
 * <p>Three nodes form prod's dedicated {@code mongo} pool (labelled and tainted as the spec says), one is general.
 * PersistentVolumes are created by hand, pre-bound to the members' claims: the harness has no EBS.
 */
@WithKubernetes(nodes = {"mongo-a", "mongo-b", "mongo-c", "general-a"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkloadsOnTheApiServerTest {
    private static final long WAIT_SECONDS = 120;
    private static final Map<String, String> MONGO_PODS = Map.of("app.kubernetes.io/name", "mongo");

    private static List<HasMetadata> resolved(Environment env, Path state) {
        LocalStateStore store = new LocalStateStore(state);
        store.write("mongo-backup/aws-access-key-id", "AKIATEST".getBytes(StandardCharsets.UTF_8), true);
        store.write("mongo-backup/aws-secret-access-key", "test".getBytes(StandardCharsets.UTF_8), true);
        return new SecretValues(SecretValuesTest.allVariablesOf(env), store).apply(WorkloadFixtures.objects(env));
    }

    private static void ensureNamespaces(KubernetesClient client, List<HasMetadata> objects) {
        for (HasMetadata o : objects) {
            if (o instanceof Namespace ns && client.namespaces().withName(ns.getMetadata().getName()).get() == null) {
                client.namespaces().resource(ns).create();
            }
        }
    }

    /**
     * First, on an empty cluster: once prod's StatefulSet exists, acc's (20 GiB claims instead of 200) is an update
     * of an immutable field and is refused, as it would be for a spec changing volumes.mongo.sizeGb.
     */
    @Test
    @Order(1)
    void everyObjectPassesAServerSideDryRun(KubernetesClient client, @TempDir Path state) {
        for (String envName : List.of("acc", "prod")) {
            List<HasMetadata> objects = resolved(RenderedK8s.example(envName), state.resolve(envName));
            ensureNamespaces(client, objects);
            List<String> rejected = new ArrayList<>();
            int checked = 0;
            for (HasMetadata o : objects) {
                if (o instanceof Namespace) {
                    continue;
                }
                try {
                    client.resource(o).dryRun().fieldManager("slipway").forceConflicts().serverSideApply();
                    checked++;
                } catch (KubernetesClientException e) {
                    rejected.add(envName + " " + o.getKind() + " " + o.getMetadata().getName() + ": "
                            + e.getStatus().getMessage());
                }
            }
            assertThat(rejected).as("objects the API server rejected").isEmpty();
            assertThat(checked).isGreaterThan(15);
        }
    }

    @Test
    void aDrainCannotTakeTheReplicaSetsMajority(KubernetesClient client, @KubeconfigFile Path kubeconfig,
            @TempDir Path state) throws Exception {
        for (String node : List.of("mongo-a", "mongo-b", "mongo-c")) {
            ReadChangeReplace.replace(client, client.nodes().withName(node), n -> new NodeBuilder(n)
                    .editMetadata().addToLabels("slipway.dev/pool", "mongo").endMetadata()
                    .editSpec().addNewTaint().withKey("dedicated").withValue("mongo").withEffect("NoSchedule")
                    .endTaint().endSpec().build());
        }
        for (int i = 0; i < 3; i++) {
            client.persistentVolumes().resource(new PersistentVolumeBuilder()
                    .withNewMetadata().withName("mongo-test-" + i).endMetadata()
                    .withNewSpec()
                        .withCapacity(Map.of("storage", new Quantity("200Gi")))
                        .withAccessModes("ReadWriteOnce")
                        .withStorageClassName("ebs-gp3")
                        .withNewHostPath().withPath("/tmp/mongo-" + i).endHostPath()
                        .withNewClaimRef().withNamespace("mongo").withName("data-mongo-" + i).endClaimRef()
                    .endSpec().build()).create();
        }
        List<HasMetadata> mongo = resolved(RenderedK8s.example("prod"), state).stream()
                .filter(o -> "mongo".equals(o.getMetadata().getNamespace()) || o instanceof Namespace
                        && "mongo".equals(o.getMetadata().getName()))
                .toList();
        ensureNamespaces(client, mongo);
        for (HasMetadata o : mongo) {
            if (!(o instanceof Namespace)) {
                client.resource(o).fieldManager("slipway").forceConflicts().serverSideApply();
            }
        }

        List<Pod> members = awaitPods(client, "Ready members", WorkloadsOnTheApiServerTest::isReady, 3);
        assertThat(members).extracting(p -> p.getSpec().getNodeName())
                .containsExactlyInAnyOrder("mongo-a", "mongo-b", "mongo-c");
        client.policy().v1().podDisruptionBudget().inNamespace("mongo").withName("mongo")
                .waitUntilCondition(b -> b.getStatus() != null && b.getStatus().getDisruptionsAllowed() == 1,
                        WAIT_SECONDS, TimeUnit.SECONDS);

        Pod first = members.get(0);
        Pod second = members.get(1);
        ReadChangeReplace.replace(client, client.nodes().withName(first.getSpec().getNodeName()),
                n -> new NodeBuilder(n).editSpec()
                .withUnschedulable(true).endSpec().build());
        try (KubernetesClient once = Evictions.clientWithoutRetries(kubeconfig)) {
            HttpResponse<String> allowed = Evictions.evict(once, "mongo", first.getMetadata().getName());
            assertThat(allowed.code()).as(allowed.body()).isEqualTo(201);
            // The member's replacement cannot run (its node is cordoned, the others hold a member each), so one
            // more eviction would leave one of three: the budget refuses it.
            awaitPods(client, "Ready members after the first eviction", WorkloadsOnTheApiServerTest::isReady, 2);
            HttpResponse<String> refused = Evictions.evict(once, "mongo", second.getMetadata().getName());
            assertThat(refused.code()).as(refused.body()).isEqualTo(429);
            assertThat(refused.body()).contains("disruption budget");
        }
        assertThat(client.pods().inNamespace("mongo").withName(second.getMetadata().getName()).get()).isNotNull();
    }

    @Test
    void cronRunStartsAJobFromTheCronJobAndFollowsItToCompletion(KubernetesClient client, @TempDir Path state)
            throws Exception {
        List<HasMetadata> apps = resolved(RenderedK8s.example("acc"), state).stream()
                .filter(o -> "apps".equals(o.getMetadata().getNamespace()) || o instanceof Namespace
                        && "apps".equals(o.getMetadata().getName()))
                .toList();
        ensureNamespaces(client, apps);
        for (HasMetadata o : apps) {
            if (o instanceof CronJob || "Secret".equals(o.getKind())) {
                client.resource(o).fieldManager("slipway").forceConflicts().serverSideApply();
            }
        }
        CronRun run = new CronRun(client);
        CronJob cron = run.find(List.of("apps", "mongo"), "nightly-report");
        Job job = run.start(cron, "test1");

        assertThat(job.getMetadata().getName()).isEqualTo("nightly-report-manual-test1");
        assertThat(job.getMetadata().getAnnotations()).containsEntry(CronRun.INSTANTIATE, "manual");
        assertThat(job.getMetadata().getOwnerReferences()).singleElement().satisfies(r -> {
            assertThat(r.getKind()).isEqualTo("CronJob");
            assertThat(r.getUid()).isEqualTo(cron.getMetadata().getUid());
        });
        List<String> progress = new ArrayList<>();
        CronRun.Outcome outcome = run.follow(job, Duration.ofSeconds(WAIT_SECONDS), progress::add);
        assertThat(outcome.succeeded()).as("outcome %s, progress %s", outcome, progress).isTrue();
        assertThat(client.batch().v1().jobs().inNamespace("apps").withName(job.getMetadata().getName()).get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getCommand())
                .containsExactly("node", "scripts/nightly-report.js");
    }

    private static List<Pod> awaitPods(KubernetesClient client, String what, java.util.function.Predicate<Pod> matches,
            int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        List<Pod> live = List.of();
        while (System.nanoTime() < deadline) {
            live = client.pods().inNamespace("mongo").withLabels(MONGO_PODS).list().getItems().stream()
                    .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
            if (live.stream().filter(matches).count() == count) {
                return live.stream().filter(matches).toList();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("expected " + count + " " + what + " within " + WAIT_SECONDS + "s, saw "
                + live.stream().map(p -> p.getMetadata().getName() + " on " + p.getSpec().getNodeName() + " "
                        + p.getStatus().getConditions()).toList()
                + " events " + client.v1().events().inNamespace("mongo").list().getItems().stream()
                        .map(e -> e.getInvolvedObject().getName() + ": " + e.getMessage()).toList());
    }

    private static boolean isReady(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
                .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
