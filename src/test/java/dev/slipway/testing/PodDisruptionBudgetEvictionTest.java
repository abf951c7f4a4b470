package dev.slipway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.versions.Versions;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Issue 3, test (a): the harness's control plane behaves like a cluster for what Slipway's node rotation relies on.
 * A Deployment of 2 replicas, one per Node, guarded by a PodDisruptionBudget (minAvailable 1): cordoning a Node and
 * evicting its Pod succeeds; evicting the other Pod while the replacement cannot run is refused with HTTP 429; once
 * the Node is uncordoned the replacement runs there and the budget allows an eviction again.
 */
@WithKubernetes(nodes = {"node-a", "node-b"})
class PodDisruptionBudgetEvictionTest {
    private static final String NAMESPACE = "rotation";
    private static final Map<String, String> APP = Map.of("app", "web");
    private static final long WAIT_SECONDS = 120;

    @Test
    void simulatedNodesAreNamedAndReadyAndTheKubeconfigIsPrivate(KubernetesClient client,
            KubernetesControlPlane controlPlane, @KubeconfigFile Path kubeconfig) throws Exception {
        List<Node> nodes = client.nodes().list().getItems();

        assertThat(nodes).extracting(n -> n.getMetadata().getName()).containsExactlyInAnyOrder("node-a", "node-b");
        assertThat(nodes).allSatisfy(n -> assertThat(n.getStatus().getConditions())
                .anySatisfy(c -> {
                    assertThat(c.getType()).isEqualTo("Ready");
                    assertThat(c.getStatus()).isEqualTo("True");
                }));
        assertThat(client.getKubernetesVersion().getGitVersion())
                .isEqualTo(Versions.bundled().kubernetes());
        assertThat(controlPlane.apiserverUrl()).startsWith("https://127.0.0.1:");
        assertThat(Files.getPosixFilePermissions(kubeconfig)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(kubeconfig)).contains("server: " + controlPlane.apiserverUrl());
    }

    @Test
    void evictionHonoursThePodDisruptionBudgetDuringADrain(KubernetesClient client, @KubeconfigFile Path kubeconfig)
            throws Exception {
        client.namespaces().resource(namespace()).create();
        client.apps().deployments().inNamespace(NAMESPACE).resource(deployment()).create();
        client.policy().v1().podDisruptionBudget().inNamespace(NAMESPACE).resource(budget()).create();

        List<Pod> running = awaitReadyPods(client, 2);
        assertThat(running).extracting(p -> p.getSpec().getNodeName()).containsExactlyInAnyOrder("node-a", "node-b");
        client.policy().v1().podDisruptionBudget().inNamespace(NAMESPACE).withName("web")
                .waitUntilCondition(b -> b.getStatus() != null && b.getStatus().getDisruptionsAllowed() == 1,
                        WAIT_SECONDS, TimeUnit.SECONDS);

        Pod onA = running.stream().filter(p -> p.getSpec().getNodeName().equals("node-a")).findFirst().orElseThrow();
        Pod onB = running.stream().filter(p -> p.getSpec().getNodeName().equals("node-b")).findFirst().orElseThrow();
        setUnschedulable(client, "node-a", true);

        HttpResponse<String> first = evict(client, onA.getMetadata().getName());
        assertThat(first.code()).as(first.body()).isEqualTo(201);
        client.pods().inNamespace(NAMESPACE).withName(onA.getMetadata().getName())
                .waitUntilCondition(p -> p == null, WAIT_SECONDS, TimeUnit.SECONDS);

        // The replacement has nowhere to go: node-a is cordoned and node-b already runs a replica (anti-affinity).
        List<Pod> pending = awaitPods(client, "unschedulable replacement",
                PodDisruptionBudgetEvictionTest::isUnschedulable, 1);
        assertThat(pending.get(0).getSpec().getNodeName()).isNull();

        // fabric8 retries 429 answers with back-off by default; a client that does not shows the first answer.
        try (KubernetesClient once = Evictions.clientWithoutRetries(kubeconfig)) {
            HttpResponse<String> second = evict(once, onB.getMetadata().getName());
            assertThat(second.code()).as(second.body()).isEqualTo(429);
            assertThat(second.body()).contains("disruption budget");
            assertThat(once.pods().inNamespace(NAMESPACE).withName(onB.getMetadata().getName()).evict()).isFalse();
        }
        assertThat(client.pods().inNamespace(NAMESPACE).withName(onB.getMetadata().getName()).get()).isNotNull();

        setUnschedulable(client, "node-a", false);
        List<Pod> recovered = awaitReadyPods(client, 2);
        assertThat(recovered).extracting(p -> p.getSpec().getNodeName()).containsExactlyInAnyOrder("node-a", "node-b");
        client.policy().v1().podDisruptionBudget().inNamespace(NAMESPACE).withName("web")
                .waitUntilCondition(b -> b.getStatus().getDisruptionsAllowed() == 1, WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(evict(client, onB.getMetadata().getName()).code()).isEqualTo(201);
    }

    private static Namespace namespace() {
        return new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build();
    }

    private static Deployment deployment() {
        return new DeploymentBuilder()
                .withNewMetadata().withName("web").withNamespace(NAMESPACE).endMetadata()
                .withNewSpec()
                    .withReplicas(2)
                    .withNewSelector().withMatchLabels(APP).endSelector()
                    .withNewTemplate()
                        .withNewMetadata().withLabels(APP).endMetadata()
                        .withNewSpec()
                            .withNewAffinity().withNewPodAntiAffinity()
                                .addNewRequiredDuringSchedulingIgnoredDuringExecution()
                                    .withTopologyKey("kubernetes.io/hostname")
                                    .withNewLabelSelector().withMatchLabels(APP).endLabelSelector()
                                .endRequiredDuringSchedulingIgnoredDuringExecution()
                            .endPodAntiAffinity().endAffinity()
                            .addNewContainer().withName("web").withImage("registry.invalid/web:1").endContainer()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    private static PodDisruptionBudget budget() {
        return new PodDisruptionBudgetBuilder()
                .withNewMetadata().withName("web").withNamespace(NAMESPACE).endMetadata()
                .withNewSpec()
                    .withMinAvailable(new IntOrString(1))
                    .withNewSelector().withMatchLabels(APP).endSelector()
                .endSpec()
                .build();
    }

    private static List<Pod> awaitReadyPods(KubernetesClient client, int count) throws InterruptedException {
        return awaitPods(client, "Ready Pods", PodDisruptionBudgetEvictionTest::isReady, count);
    }

    /** Polls until exactly {@code count} live Pods of the app match; fails naming what it saw at the end. */
    private static List<Pod> awaitPods(KubernetesClient client, String what, Predicate<Pod> matches, int count)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        List<Pod> live = List.of();
        while (System.nanoTime() < deadline) {
            live = client.pods().inNamespace(NAMESPACE).withLabels(APP).list().getItems().stream()
                    .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
            if (live.stream().filter(matches).count() == count) {
                return live.stream().filter(matches).toList();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("expected " + count + " " + what + " within " + WAIT_SECONDS + "s, saw "
                + live.stream().map(p -> p.getMetadata().getName() + " on " + p.getSpec().getNodeName() + " "
                        + p.getStatus().getConditions()).toList());
    }

    private static boolean isReady(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch((PodCondition c) -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static boolean isUnschedulable(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream().anyMatch((PodCondition c) ->
                        "PodScheduled".equals(c.getType()) && "Unschedulable".equals(c.getReason()));
    }

    private static void setUnschedulable(KubernetesClient client, String node, boolean unschedulable) {
        ReadChangeReplace.replace(client, client.nodes().withName(node), n -> new NodeBuilder(n).editSpec()
                .withUnschedulable(unschedulable)
                .endSpec().build());
    }

    private static HttpResponse<String> evict(KubernetesClient client, String pod) throws Exception {
        return Evictions.evict(client, NAMESPACE, pod);
    }
}
