package dev.slipway.apply.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which static Pod stands for an etcd member. Only the choice: the tunnel itself needs a kubelet, which the harness
 * does not have (its nodes are simulated), so the port-forward is not exercised here.
 */
class PortForwardedEtcdTest {
    @Test
    void picksTheNewestRunningPodOfThatMember() {
        List<Pod> pods = List.of(
                pod("etcd-old", "etcd1", "Running", "2026-12-01T10:00:00Z"),
                pod("etcd-new", "etcd1", "Running", "2026-12-02T08:00:00Z"),
                pod("etcd-pending", "etcd1", "Pending", "2026-12-02T09:00:00Z"),
                pod("etcd-other", "etcd10", "Running", "2026-12-02T09:00:00Z"));
        assertThat(PortForwardedEtcd.memberPod(pods, "etcd1")).get().extracting(p -> p.getMetadata().getName())
                .isEqualTo("etcd-new");
        assertThat(PortForwardedEtcd.memberPod(pods, "etcd2")).isEmpty();
    }

    private static Pod pod(String name, String member, String phase, String created) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("kube-system")
                .withCreationTimestamp(created).endMetadata()
                .withNewSpec().addNewContainer().withName("etcd")
                .withCommand("etcd", "--name=" + member, "--data-dir=/var/lib/etcd").endContainer().endSpec()
                .withNewStatus().withPhase(phase).endStatus().build();
    }
}
