package dev.slipway.operate.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.apply.kubernetes.ClusterSnapshot;
import dev.slipway.versions.Versions;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The preflight's own rules (etcd's quorum, the add-ons, the table's reach) on inputs built here; the checks it
 * shares with doctor are tested there, and the whole against the harness in {@code UpgradeCommandTest}.
 */
class PreflightTest {
    static final KubernetesRelease TARGET = KubernetesRelease.of("v1.36.3");

    static Node readyNode(String name, String kubelet) {
        return new NodeBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().endSpec().withNewStatus().addNewCondition()
                .withType("Ready").withStatus("True").endCondition().withNewNodeInfo().withKubeletVersion(kubelet)
                .endNodeInfo().endStatus().build();
    }

    static List<PreflightFinding> examine(EtcdHealth etcd, KubernetesRelease target) {
        ClusterSnapshot cluster = new ClusterSnapshot("v1.35.4", List.of(readyNode("worker-1", "v1.35.4")),
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
        LiveVersions live = new LiveVersions("v1.35.4", Map.of("worker-1", "v1.35.4"), Map.of());
        return Preflight.examine(new Preflight.Inputs("prod", target, live, cluster, etcd, List::of, List.of(),
                List.of(), RemovedApis.bundled(), Versions.bundled(), Instant.parse("2026-12-07T00:00:00Z")));
    }

    static EtcdHealth etcd(int members, String... healthy) {
        return new EtcdHealth(members, List.of(healthy), Map.of(), Optional.empty());
    }

    @Test
    void threeHealthyMembersOfThreeHaveAQuorumToSpare() {
        assertThat(examine(etcd(3, "etcd0", "etcd1", "etcd2"), TARGET)).isEmpty();
        assertThat(etcd(5, "etcd0", "etcd1", "etcd2", "etcd3").quorumToSpare()).isTrue();
    }

    @Test
    void anUnhealthyMemberBlocks() {
        assertThat(examine(etcd(3, "etcd0", "etcd2"), TARGET)).singleElement().satisfies(f -> {
            assertThat(f.blocking()).isTrue();
            assertThat(f.check()).isEqualTo("etcd");
            assertThat(f.evidence()).contains("2 of 3 members healthy [etcd0, etcd2]", "1 would not be a quorum of 3");
        });
    }

    @Test
    void oneMemberHasNothingToSpare() {
        assertThat(examine(etcd(1, "etcd0"), TARGET)).singleElement().satisfies(f ->
                assertThat(f.evidence()).contains("needs at least 3"));
    }

    @Test
    void unreadableEtcdBlocks() {
        assertThat(examine(new EtcdHealth(0, List.of(), Map.of(), Optional.of("cannot read etcd's members: no member"
                + " answered")), TARGET)).singleElement().satisfies(f -> assertThat(f.evidence())
                .isEqualTo("cannot read etcd's members: no member answered"));
    }

    /**
     * The pinned cloud controller manager (cloud-provider-aws v1.36.1) against a v1.35 target: the skew policy says
     * a cloud-controller-manager must not be newer than kube-apiserver, so today's pins cannot serve a v1.35 cluster.
     */
    @Test
    void theCloudControllerManagerMustNotBeNewerThanTheTarget() {
        assertThat(Versions.bundled().get(ControlPlaneAddons.CLOUD_CONTROLLER_IMAGE)).endsWith(":v1.36.1");
        assertThat(ControlPlaneAddons.check(Versions.bundled(), KubernetesRelease.of("v1.35.4"))).singleElement()
                .satisfies(f -> assertThat(f.evidence()).contains("pinned v1.36.1 against the target v1.35.4",
                        "must not be newer"));
        assertThat(ControlPlaneAddons.check(Versions.bundled(), TARGET)).isEmpty();
        assertThat(ControlPlaneAddons.check(Versions.bundled(), KubernetesRelease.of("v1.37.0"))).isEmpty();
        assertThat(ControlPlaneAddons.check(Versions.bundled(), KubernetesRelease.of("v1.38.0"))).hasSize(1);
    }

    @Test
    void aTargetPastTheRemovedApiTableIsRefused() {
        assertThat(examine(etcd(3, "etcd0", "etcd1", "etcd2"), KubernetesRelease.of("v1.37.0")))
                .extracting(PreflightFinding::check).contains("removed-apis");
    }
}
