package dev.slipway.render.k8s.essentials;

import dev.slipway.render.RenderInput;
import dev.slipway.render.k8s.ClusterComponent;
import dev.slipway.spec.Environment;
import dev.slipway.versions.Versions;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.storage.CSIDriverBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The AWS EBS CSI driver: volumes for PersistentVolumeClaims, through the StorageClasses of {@link StorageClasses}.
 *
 * <p>AWS credentials: the controller (which creates, attaches and deletes volumes) runs on controllers with the host
 * network and uses the controller instance role from instance metadata, like the cloud controller manager. The node
 * plugin on every node calls no AWS API; it needs only the instance ID, type and zone, which it reads from its Node
 * object ({@code --metadata-sources=kubernetes}, filled in by the cloud controller manager) because Pods cannot reach
 * instance metadata.
 */
public final class EbsCsiDriver implements ClusterComponent {
    static final String NAME = "aws-ebs-csi-driver";
    static final String NAMESPACE = "kube-system";
    static final String DRIVER = "ebs.csi.aws.com";
    static final String CONTROLLER_ACCOUNT = "ebs-csi-controller-sa";
    static final String NODE_ACCOUNT = "ebs-csi-node-sa";
    private static final Map<String, String> CONTROLLER = Map.of("app", "ebs-csi-controller");
    private static final Map<String, String> NODE = Map.of("app", "ebs-csi-node");
    private static final String SOCKET_DIR = "/var/lib/csi/sockets/pluginproxy/";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<HasMetadata> objects(RenderInput input) {
        Environment env = input.environment();
        List<HasMetadata> out = new ArrayList<>();
        out.add(new CSIDriverBuilder().withNewMetadata().withName(DRIVER).endMetadata()
                .withNewSpec().withAttachRequired(true).withPodInfoOnMount(false).withFsGroupPolicy("File").endSpec()
                .build());
        out.addAll(StorageClasses.of(env, DRIVER));
        out.add(Rbac.serviceAccount(NAMESPACE, CONTROLLER_ACCOUNT));
        out.add(Rbac.serviceAccount(NAMESPACE, NODE_ACCOUNT));
        out.addAll(EbsCsiRbac.objects(NAMESPACE, CONTROLLER_ACCOUNT, NODE_ACCOUNT));
        out.add(controller(env, input.versions(), env.controllers().count() > 1 ? 2 : 1));
        out.add(node(input.versions()));
        out.add(Pods.oneAtATime(NAMESPACE, "ebs-csi-controller", CONTROLLER));
        return out;
    }

    private static Container sidecar(String name, String image, String... args) {
        return new ContainerBuilder()
                .withName(name).withImage(image)
                .withArgs(args)
                .withEnv(Pods.env("ADDRESS", SOCKET_DIR + "csi.sock"))
                .withResources(Pods.requests("10m", "40Mi"))
                .withSecurityContext(Pods.restricted())
                .withVolumeMounts(Pods.mount("socket-dir", SOCKET_DIR, false))
                .build();
    }

    private static HasMetadata controller(Environment env, Versions v, int replicas) {
        Container plugin = new ContainerBuilder()
                .withName("ebs-plugin").withImage(v.get("essentials.ebsCsi.image"))
                .withArgs("controller", "--endpoint=$(CSI_ENDPOINT)", "--batching=true",
                        // Volumes carry kubernetes.io/cluster/CLUSTER=owned, so `down` can find them.
                        "--k8s-tag-cluster-id=" + env.clusterName(),
                        "--logging-format=text", "--v=2")
                .withEnv(Pods.env("CSI_ENDPOINT", "unix://" + SOCKET_DIR + "csi.sock"),
                        Pods.fieldRef("CSI_NODE_NAME", "spec.nodeName"),
                        Pods.env("AWS_REGION", env.aws().region()),
                        Pods.env("KUBERNETES_SERVICE_HOST", Placement.LOCAL_API_SERVER),
                        Pods.env("KUBERNETES_SERVICE_PORT", "6443"))
                .withPorts(new ContainerPortBuilder().withName("healthz").withContainerPort(9808).withProtocol("TCP")
                        .build())
                .withLivenessProbe(Pods.httpProbe("/healthz", "healthz", "HTTP", 10, 5))
                .withResources(Pods.requests("10m", "40Mi"))
                .withSecurityContext(Pods.restricted())
                .withVolumeMounts(Pods.mount("socket-dir", SOCKET_DIR, false))
                .build();
        // With the host network, the liveness sidecar's port 9808 is bound on the controller: one replica per node.
        List<Container> containers = List.of(plugin,
                sidecar("csi-provisioner", v.get("essentials.ebsCsi.provisioner.image"), "--timeout=60s",
                        "--csi-address=$(ADDRESS)", "--v=2", "--feature-gates=Topology=true",
                        "--extra-create-metadata", "--leader-election=true", "--default-fstype=ext4"),
                sidecar("csi-attacher", v.get("essentials.ebsCsi.attacher.image"), "--timeout=6m",
                        "--csi-address=$(ADDRESS)", "--v=2", "--leader-election=true"),
                sidecar("csi-resizer", v.get("essentials.ebsCsi.resizer.image"), "--timeout=60s",
                        "--csi-address=$(ADDRESS)", "--v=2", "--handle-volume-inuse-error=false",
                        "--leader-election=true"),
                new ContainerBuilder(sidecar("liveness-probe", v.get("essentials.ebsCsi.livenessProbe.image"),
                        "--csi-address=/csi/csi.sock"))
                        .withEnv(List.of())
                        .withVolumeMounts(Pods.mount("socket-dir", "/csi", false)).build());
        return Workloads.deployment(NAMESPACE, "ebs-csi-controller", CONTROLLER, replicas,
                Workloads.pod("system-cluster-critical", CONTROLLER_ACCOUNT, Placement.controllersBeforeReady())
                        .withHostNetwork(true)
                        .withNodeSelector(Placement.controllers())
                        .withAffinity(Workloads.onePerNode(CONTROLLER))
                        .withNewSecurityContext().withRunAsUser(1000L).withRunAsGroup(1000L).withFsGroup(1000L)
                            .withRunAsNonRoot(true).endSecurityContext()
                        .withContainers(containers)
                        .withVolumes(Pods.emptyDir("socket-dir"))
                        .build());
    }

    private static HasMetadata node(Versions v) {
        String pluginDir = "/var/lib/kubelet/plugins/" + DRIVER + "/";
        Container plugin = new ContainerBuilder()
                .withName("ebs-plugin").withImage(v.get("essentials.ebsCsi.image"))
                .withArgs("node", "--endpoint=$(CSI_ENDPOINT)", "--metadata-sources=kubernetes",
                        "--csi-mount-point-prefix=/var/lib/kubelet/plugins/kubernetes.io/csi/" + DRIVER + "/",
                        "--logging-format=text", "--v=2")
                .withEnv(Pods.env("CSI_ENDPOINT", "unix:/csi/csi.sock"),
                        Pods.fieldRef("CSI_NODE_NAME", "spec.nodeName"))
                .withPorts(new ContainerPortBuilder().withName("healthz").withContainerPort(9808).withProtocol("TCP")
                        .build())
                .withLivenessProbe(Pods.httpProbe("/healthz", "healthz", "HTTP", 10, 5))
                .withResources(Pods.requests("10m", "40Mi"))
                .withSecurityContext(Pods.privileged())
                .withVolumeMounts(
                        new VolumeMountBuilder().withName("kubelet-dir").withMountPath("/var/lib/kubelet")
                                .withMountPropagation("Bidirectional").build(),
                        Pods.mount("plugin-dir", "/csi", false),
                        Pods.mount("device-dir", "/dev", false))
                .build();
        Container registrar = new ContainerBuilder()
                .withName("node-driver-registrar").withImage(v.get("essentials.ebsCsi.nodeDriverRegistrar.image"))
                .withArgs("--csi-address=$(ADDRESS)", "--kubelet-registration-path=$(DRIVER_REG_SOCK_PATH)", "--v=2")
                .withEnv(Pods.env("ADDRESS", "/csi/csi.sock"),
                        Pods.env("DRIVER_REG_SOCK_PATH", pluginDir + "csi.sock"))
                .withResources(Pods.requests("10m", "20Mi"))
                .withSecurityContext(Pods.readOnly())
                .withVolumeMounts(Pods.mount("plugin-dir", "/csi", false),
                        Pods.mount("registration-dir", "/registration", false))
                .build();
        Container liveness = new ContainerBuilder()
                .withName("liveness-probe").withImage(v.get("essentials.ebsCsi.livenessProbe.image"))
                .withArgs("--csi-address=/csi/csi.sock")
                .withResources(Pods.requests("10m", "20Mi"))
                .withSecurityContext(Pods.readOnly())
                .withVolumeMounts(Pods.mount("plugin-dir", "/csi", false))
                .build();
        return Workloads.daemonSet(NAMESPACE, "ebs-csi-node", NODE,
                Workloads.pod("system-node-critical", NODE_ACCOUNT, Placement.everyNode())
                        .withNodeSelector(Map.of("kubernetes.io/os", "linux"))
                        .withTerminationGracePeriodSeconds(30L)
                        .withContainers(plugin, registrar, liveness)
                        .withVolumes(
                                Pods.hostPath("kubelet-dir", "/var/lib/kubelet", "Directory"),
                                Pods.hostPath("plugin-dir", pluginDir, "DirectoryOrCreate"),
                                Pods.hostPath("registration-dir", "/var/lib/kubelet/plugins_registry/", "Directory"),
                                Pods.hostPath("device-dir", "/dev", "Directory"))
                        .build());
    }
}
