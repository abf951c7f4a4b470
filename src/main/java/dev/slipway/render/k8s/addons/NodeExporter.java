package dev.slipway.render.k8s.addons;

import static dev.slipway.render.k8s.addons.AddonParts.container;
import static dev.slipway.render.k8s.addons.AddonParts.selector;
import static dev.slipway.render.k8s.addons.Metrics.NAMESPACE;
import static dev.slipway.render.k8s.addons.Metrics.NODE_EXPORTER;
import static dev.slipway.render.k8s.addons.Metrics.NODE_EXPORTER_PORT;

import dev.slipway.render.RenderInput;
import dev.slipway.render.k8s.ClusterComponent;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import java.util.List;

/**
 * node-exporter on every node (controllers too): CPU, memory, disk and network of the machine. It runs on the host
 * network (it describes the host's interfaces) and reads {@code /proc}, {@code /sys} and the root file system
 * read-only; Prometheus scrapes it at each node's address.
 */
public final class NodeExporter implements ClusterComponent {

    @Override
    public String name() {
        return NODE_EXPORTER;
    }

    @Override
    public List<HasMetadata> objects(RenderInput input) {
        if (!input.environment().addons().metrics().enabled()) {
            return List.of();
        }
        return List.of(
                AddonParts.serviceAccount(NAMESPACE, NODE_EXPORTER, false),
                new DaemonSetBuilder().withNewMetadata().withName(NODE_EXPORTER).withNamespace(NAMESPACE)
                        .endMetadata().withNewSpec().withNewSelector().withMatchLabels(selector(NODE_EXPORTER))
                        .endSelector()
                        .withNewTemplate().withNewMetadata().withLabels(selector(NODE_EXPORTER)).endMetadata()
                        .withNewSpec().withServiceAccountName(NODE_EXPORTER).withAutomountServiceAccountToken(false)
                        .withHostNetwork(true).withHostPID(true)
                        .withSecurityContext(AddonParts.podSecurity(65534))
                        .addNewToleration().withOperator("Exists").endToleration()
                        .addToContainers(container(NODE_EXPORTER, input.versions().get("addons.nodeExporter.image"),
                                AddonParts.resources("20m", "32Mi", "96Mi"))
                                .withArgs("--path.procfs=/host/proc", "--path.sysfs=/host/sys",
                                        "--path.rootfs=/host/root",
                                        "--web.listen-address=:" + NODE_EXPORTER_PORT,
                                        "--collector.filesystem.mount-points-exclude="
                                                + "^/(dev|proc|sys|run|var/lib/kubelet/.+)($|/)")
                                .addNewPort().withName("metrics").withContainerPort(NODE_EXPORTER_PORT).endPort()
                                .withNewReadinessProbe().withNewHttpGet().withPath("/")
                                .withPort(new IntOrString(NODE_EXPORTER_PORT)).endHttpGet().endReadinessProbe()
                                .addNewVolumeMount().withName("proc").withMountPath("/host/proc").withReadOnly(true)
                                .endVolumeMount()
                                .addNewVolumeMount().withName("sys").withMountPath("/host/sys").withReadOnly(true)
                                .endVolumeMount()
                                .addNewVolumeMount().withName("root").withMountPath("/host/root").withReadOnly(true)
                                .withMountPropagation("HostToContainer")
                                .endVolumeMount()
                                .build())
                        .addNewVolume().withName("proc").withNewHostPath().withPath("/proc").endHostPath().endVolume()
                        .addNewVolume().withName("sys").withNewHostPath().withPath("/sys").endHostPath().endVolume()
                        .addNewVolume().withName("root").withNewHostPath().withPath("/").endHostPath().endVolume()
                        .endSpec().endTemplate().endSpec().build());
    }
}
