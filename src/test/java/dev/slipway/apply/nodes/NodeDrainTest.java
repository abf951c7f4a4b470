package dev.slipway.apply.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.testing.Evictions;
import dev.slipway.testing.KubeconfigFile;
import dev.slipway.testing.WithKubernetes;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a drain leaves on the Node, against the harness's API server and kwok Nodes: a DaemonSet's Pod stays (its
 * controller would put it back at once, and it goes with the Node), and a running Pod no controller manages is not
 * evicted: the drain reports it and times out, and the Pod is still there.
 */
@WithKubernetes(nodes = {"node-a", "node-b"})
class NodeDrainTest {
    private static final String NS = "drain";

    @Test
    void daemonSetPodsStayAndAPodNoControllerManagesIsReportedNotEvicted(KubernetesClient admin,
            @KubeconfigFile Path kubeconfig) throws Exception {
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
                .create();
        admin.apps().daemonSets().inNamespace(NS).resource(new DaemonSetBuilder()
                .withNewMetadata().withName("agent").endMetadata()
                .withNewSpec().withNewSelector().withMatchLabels(Map.of("app", "agent")).endSelector()
                    .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "agent")).endMetadata()
                        .withNewSpec().addNewContainer().withName("agent").withImage("registry.invalid/agent:1")
                        .endContainer().endSpec()
                    .endTemplate()
                .endSpec().build()).create();
        admin.pods().inNamespace(NS).resource(new PodBuilder()
                .withNewMetadata().withName("bare").endMetadata()
                .withNewSpec().withNodeName("node-a").addNewContainer().withName("bare")
                    .withImage("registry.invalid/bare:1").endContainer().endSpec()
                .build()).create();
        admin.pods().inNamespace(NS).withName("bare").waitUntilCondition(
                p -> p != null && "Running".equals(p.getStatus().getPhase()), 120, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (admin.pods().inNamespace(NS).withLabel("app", "agent").list().getItems().stream()
                .filter(p -> "Running".equals(p.getStatus().getPhase())).count() < 2) {
            assertThat(System.nanoTime()).as("the DaemonSet's Pods on both nodes in time").isLessThan(deadline);
            Thread.sleep(200);
        }

        try (KubernetesClient client = Evictions.clientWithoutRetries(kubeconfig)) {
            NodeDrain drain = new NodeDrain(client, Duration.ofMillis(200));
            List<String> evicted = new ArrayList<>();
            List<DrainBlocker> blocked = new ArrayList<>();
            NodeDrain.Listener listener = new NodeDrain.Listener() {
                @Override
                public void evicted(String node, String pod) {
                    evicted.add(pod);
                }

                @Override
                public void blocked(String node, List<DrainBlocker> blockers) {
                    blocked.addAll(blockers);
                }
            };

            drain.drain("node-b", Duration.ofSeconds(10), listener);
            assertThat(evicted).isEmpty();

            assertThatThrownBy(() -> drain.drain("node-a", Duration.ofSeconds(2), listener))
                    .isInstanceOf(DrainBlockedException.class)
                    .hasMessageContaining("still there: drain/bare")
                    .hasMessageContaining("drain/bare is not evicted: not managed by a controller");
            assertThat(evicted).isEmpty();
            assertThat(blocked).extracting(DrainBlocker::pod).containsOnly("drain/bare");
        }
        assertThat(admin.pods().inNamespace(NS).withName("bare").get().getMetadata().getDeletionTimestamp())
                .isNull();
        List<Pod> agents = admin.pods().inNamespace(NS).withLabel("app", "agent").list().getItems();
        assertThat(agents).hasSize(2).allSatisfy(p -> assertThat(p.getMetadata().getDeletionTimestamp()).isNull());
    }
}
