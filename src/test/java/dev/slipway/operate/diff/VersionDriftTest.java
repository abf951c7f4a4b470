package dev.slipway.operate.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionDriftTest {
    private static final String ETCD = "registry.k8s.io/etcd:3.6.8-0";

    @Test
    void theSameReleaseIsNoDriftWhateverTheBuildSuffix() {
        assertThat(VersionDrift.of("acc", "v1.36.3", ETCD, "v1.36.3+slipway", List.of(node("a", "v1.36.3"),
                node("b", "v1.36.3-eks-1")), List.of(etcd("etcd-c0", ETCD)))).isEmpty();
    }

    @Test
    void eachComponentOnAnotherReleaseIsOneDrift() {
        List<Drift> drift = VersionDrift.of("acc", "v1.36.3", ETCD, "v1.35.9", List.of(node("a", "v1.36.3"),
                node("b", "v1.36.2"), node("c", null)), List.of(etcd("etcd-c0", "registry.k8s.io/etcd:3.6.7-0")));
        assertThat(drift).extracting(Drift::subject).containsExactly("API server", "kubelet on b", "kubelet on c",
                "etcd etcd-c0");
        assertThat(drift).allMatch(d -> d.area().equals("versions") && d.kind().equals("version"));
        assertThat(drift.get(0).detail()).contains("runs v1.35.9, the spec pins v1.36.3", "--controllers");
        assertThat(drift.get(2).detail()).contains("an unknown version");
        assertThat(drift.get(3).detail()).contains("registry.k8s.io/etcd:3.6.7-0", ETCD);
    }

    @Test
    void aReleaseIsTheNumbersBeforeAnySuffix() {
        assertThat(VersionDrift.release("v1.36.3+k3s1")).isEqualTo("v1.36.3");
        assertThat(VersionDrift.release("1.36.3")).isEqualTo("v1.36.3");
        assertThat(VersionDrift.release("v1.36.30")).isNotEqualTo(VersionDrift.release("v1.36.3"));
    }

    private static Node node(String name, String kubelet) {
        NodeBuilder b = new NodeBuilder().withNewMetadata().withName(name).endMetadata();
        if (kubelet != null) {
            b.withNewStatus().withNewNodeInfo().withKubeletVersion(kubelet).endNodeInfo().endStatus();
        }
        return b.build();
    }

    private static Pod etcd(String name, String image) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("kube-system").endMetadata()
                .withNewSpec().addNewContainer().withName("etcd").withImage(image).endContainer().endSpec().build();
    }
}
