package dev.slipway.render.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.render.ignition.IgnitionFixtures;
import dev.slipway.spec.Environment;
import dev.slipway.testing.NodesLikeTheSpec;
import dev.slipway.testing.WithKubernetes;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The real scheduler places the mixed fixture's apps by the rendered {@code kubernetes.io/arch} selectors (issue 28):
 * nodes registered as the spec's roles, with the architecture label their kubelets would set (amd64 for the
 * m6i.large pool, arm64 for the m7g.large one). Each wait is bounded; a Pod is asserted only once it is bound.
 */
@WithKubernetes(nodes = {"worker-general-1", "worker-graviton-1", "worker-graviton-2"})
class ArchitectureSchedulingTest {
    private static final List<String> NODES = List.of("worker-general-1", "worker-graviton-1", "worker-graviton-2");

    @Test
    void podsLandOnlyOnNodesOfTheirImagesArchitecture(KubernetesClient client) throws Exception {
        Environment env = IgnitionFixtures.graviton();
        NodesLikeTheSpec.register(client, env, NODES);
        assertThat(client.nodes().withName("worker-graviton-1").get().getMetadata().getLabels())
                .containsEntry("kubernetes.io/arch", "arm64");
        List<HasMetadata> apps = RenderedK8s.objects(RenderedK8s.render(env)).get("apps");
        for (HasMetadata o : apps) {
            client.resource(o).forceConflicts().serverSideApply();
        }
        // The arm64-only cron job, run once as `slipway cron run` does: a Job from its template.
        CronJob report = (CronJob) apps.stream().filter(o -> o instanceof CronJob).findFirst().orElseThrow();
        client.batch().v1().jobs().inNamespace("apps").resource(new JobBuilder().withNewMetadata()
                .withName("nightly-report-now").withNamespace("apps").endMetadata()
                .withSpec(report.getSpec().getJobTemplate().getSpec()).build()).create();

        // api: amd64 only (no architectures in the spec), two replicas, both on the one amd64 node.
        assertThat(boundNodes(client, Map.of("app.kubernetes.io/name", "api"), 2))
                .containsOnly("worker-general-1");
        assertThat(boundNodes(client, Map.of("job-name", "nightly-report-now"), 1))
                .allMatch(n -> n.startsWith("worker-graviton-"));
        // web: multi-arch, no selector: any node will do.
        assertThat(boundNodes(client, Map.of("app.kubernetes.io/name", "web"), 1)).allMatch(NODES::contains);
    }

    /** The nodes of the {@code count} Pods matching {@code labels}, once all are bound (at most 90 s). */
    private static List<String> boundNodes(KubernetesClient client, Map<String, String> labels, int count)
            throws Exception {
        List<Pod> pods = client.pods().inNamespace("apps").withLabels(labels).informOnCondition(list ->
                list.size() >= count && list.stream().allMatch(p -> p.getSpec().getNodeName() != null))
                .get(90, TimeUnit.SECONDS);
        return pods.stream().map(p -> p.getSpec().getNodeName()).toList();
    }
}
