package dev.slipway.render.ignition;

import static dev.slipway.render.ignition.IgnitionRendererTest.config;
import static dev.slipway.render.ignition.IgnitionRendererTest.inline;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.versions.Versions;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Issue 20, item 9: controllers run the etcd the tests run (etcd.version; VersionsConsistencyTest ties the rest). */
class EtcdImageTest {

    @Test
    void controllersRunTheEtcdOfEtcdVersion() throws IOException {
        var controller = new ObjectMapper().readTree(
                config(IgnitionFixtures.render(IgnitionFixtures.prod()).files(), "controller").content());
        Pod etcd = new KubernetesSerialization().unmarshal(inline(controller, NodeConfigs.POD_TEMPLATES + "etcd.yaml"),
                Pod.class);
        String version = Versions.bundled().get("etcd.version");
        assertThat(etcd.getSpec().getContainers().get(0).getImage())
                .isEqualTo("registry.k8s.io/etcd:" + version.substring(1) + "-0");
    }
}
