package dev.slipway.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The race CI met (PATCH /api/v1/nodes/controller-1 ... 422 Invalid), made deterministic: between the test's read of
 * a Node and its write, another writer (here the test itself, as the node lifecycle controller does when it lifts the
 * not-ready taint) removes a taint. A JSON patch computed from the stale copy ("add /spec/taints/1") then points into
 * an array that is gone; a replace with the read resourceVersion gets 409 and is done again on a fresh read.
 */
@WithKubernetes(nodes = {"node-a"})
class ReadChangeReplaceTest {
    private static final String THEIRS = "example.test/lifted-meanwhile";
    private static final String OURS = "example.test/ours";

    @Test
    void aWriteBetweenTheReadAndTheReplaceIsNotLostAndDoesNotFail(KubernetesClient client) {
        client.nodes().withName("node-a").patch(PatchContext.of(PatchType.JSON),
                "[{\"op\":\"add\",\"path\":\"/spec/taints\",\"value\":[{\"key\":\"" + THEIRS
                        + "\",\"effect\":\"NoSchedule\"}]}]");
        AtomicInteger changes = new AtomicInteger();

        Node stored = ReadChangeReplace.replace(client, client.nodes().withName("node-a"), n -> {
            if (changes.incrementAndGet() == 1) {
                client.nodes().withName("node-a").patch(PatchContext.of(PatchType.JSON),
                        "[{\"op\":\"remove\",\"path\":\"/spec/taints\"}]");
            }
            return new NodeBuilder(n).editMetadata().addToLabels(OURS, "yes").endMetadata()
                    .editSpec().addNewTaint().withKey(OURS).withEffect("NoSchedule").endTaint().endSpec().build();
        });

        assertThat(changes).as("the change is made again on a fresh read after the 409").hasValue(2);
        Node now = client.nodes().withName("node-a").get();
        for (Node n : List.of(stored, now)) {
            assertThat(n.getMetadata().getLabels()).containsEntry(OURS, "yes");
            assertThat(n.getSpec().getTaints()).extracting(Taint::getKey).contains(OURS).doesNotContain(THEIRS);
        }
    }

    @Test
    void aRefusalOtherThanAConflictIsNotRetried(KubernetesClient client) {
        AtomicInteger changes = new AtomicInteger();

        assertThatThrownBy(() -> ReadChangeReplace.replace(client, client.nodes().withName("node-a"), n -> {
            changes.incrementAndGet();
            return new NodeBuilder(n).editSpec().addNewTaint().withKey("not a valid key!").withEffect("NoSchedule")
                    .endTaint().endSpec().build();
        })).isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
        assertThat(changes).hasValue(1);
    }
}
