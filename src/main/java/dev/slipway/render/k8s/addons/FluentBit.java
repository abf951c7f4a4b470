package dev.slipway.render.k8s.addons;

import dev.slipway.render.k8s.NodePeersPolicy;
import static dev.slipway.render.k8s.addons.AddonParts.container;
import static dev.slipway.render.k8s.addons.AddonParts.selector;
import static dev.slipway.render.k8s.addons.Logging.NAMESPACE;
import static dev.slipway.render.k8s.addons.Logging.SHIPPER;

import dev.slipway.render.RenderInput;
import dev.slipway.render.k8s.ClusterComponent;
import dev.slipway.spec.Environment;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import java.util.List;
import java.util.Map;

/**
 * Log shipping: fluent-bit on every node (controllers too), reading the containers' log files with their Kubernetes
 * metadata (namespace, pod, labels) and the kubelet's and containerd's journal, and writing them to the log store as
 * daily {@code logs-YYYY.MM.DD} indices. It reads the API server only to look pods up.
 */
public final class FluentBit implements ClusterComponent {
    static final int METRICS_PORT = 2020;
    private static final String CONFIG = "fluent-bit-config";

    @Override
    public String name() {
        return SHIPPER;
    }

    @Override
    public List<HasMetadata> objects(RenderInput input) {
        Environment env = input.environment();
        if (!env.addons().logging().enabled()) {
            return List.of();
        }
        Map<String, String> config = Map.of("fluent-bit.conf", config());
        return List.of(
                AddonParts.serviceAccount(NAMESPACE, SHIPPER, true),
                new ClusterRoleBuilder().withNewMetadata().withName("slipway-fluent-bit").endMetadata()
                        .addNewRule().withApiGroups("").withResources("namespaces", "pods")
                        .withVerbs("get", "list", "watch").endRule().build(),
                AddonParts.clusterRoleBinding("slipway-fluent-bit", "slipway-fluent-bit", NAMESPACE, SHIPPER),
                AddonParts.configMap(NAMESPACE, CONFIG, config),
                AddonPolicy.forPods(NAMESPACE, SHIPPER)
                        .ingressFrom(AddonPolicy.podsIn(Metrics.NAMESPACE, Metrics.PROMETHEUS), METRICS_PORT)
                        .egressTo(AddonPolicy.pods(Logging.STORE), Logging.STORE_PORT).build(),
                NodePeersPolicy.forPods(NAMESPACE, SHIPPER).egressToApiServer().build(),
                daemonSet(input, AddonParts.hash(config)));
    }

    /** Classic-format configuration; the keys are fluent-bit's documented ones. */
    static String config() {
        return """
                [SERVICE]
                    Flush             5
                    Log_Level         info
                    Parsers_File      /fluent-bit/etc/parsers.conf
                    HTTP_Server       On
                    HTTP_Listen       0.0.0.0
                    HTTP_Port         %d
                    Health_Check      On
                    storage.path      /var/lib/fluent-bit/buffer

                [INPUT]
                    Name              tail
                    Tag               kube.*
                    Path              /var/log/containers/*.log
                    multiline.parser  cri
                    DB                /var/lib/fluent-bit/containers.db
                    Mem_Buf_Limit     20MB
                    Skip_Long_Lines   On
                    storage.type      filesystem

                [INPUT]
                    Name              systemd
                    Tag               node.*
                    Path              /var/log/journal
                    Systemd_Filter    _SYSTEMD_UNIT=kubelet.service
                    Systemd_Filter    _SYSTEMD_UNIT=containerd.service
                    DB                /var/lib/fluent-bit/journal.db
                    Read_From_Tail    On
                    Strip_Underscores On

                [FILTER]
                    Name              kubernetes
                    Match             kube.*
                    Kube_Tag_Prefix   kube.var.log.containers.
                    Merge_Log         On
                    Keep_Log          Off
                    K8S-Logging.Parser  On
                    K8S-Logging.Exclude On

                [OUTPUT]
                    Name              opensearch
                    Match             *
                    Host              %s.%s.svc
                    Port              %d
                    Logstash_Format   On
                    Logstash_Prefix   %s
                    Suppress_Type_Name On
                    Replace_Dots      On
                    Trace_Error       On
                    Retry_Limit       False
                """.formatted(METRICS_PORT, Logging.STORE, NAMESPACE, Logging.STORE_PORT, Logging.INDEX_PREFIX);
    }

    private static HasMetadata daemonSet(RenderInput input, String configHash) {
        return new DaemonSetBuilder().withNewMetadata().withName(SHIPPER).withNamespace(NAMESPACE).endMetadata()
                .withNewSpec().withNewSelector().withMatchLabels(selector(SHIPPER)).endSelector()
                .withNewUpdateStrategy().withType("RollingUpdate").endUpdateStrategy()
                .withNewTemplate().withNewMetadata().withLabels(selector(SHIPPER))
                .withAnnotations(Map.of(AddonParts.CONFIG_HASH, configHash)).endMetadata()
                .withNewSpec().withServiceAccountName(SHIPPER)
                // log files and the journal belong to root; read-only mounts, no other privilege
                .withNewSecurityContext().withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .addNewToleration().withOperator("Exists").endToleration()
                .addToContainers(container(SHIPPER, input.versions().get("addons.fluentbit.image"),
                        AddonParts.resources("50m", "64Mi", "256Mi"))
                        .withArgs("--config=/fluent-bit/etc/conf/fluent-bit.conf")
                        .addNewPort().withName("metrics").withContainerPort(METRICS_PORT).endPort()
                        .withNewReadinessProbe().withNewHttpGet().withPath("/api/v1/health")
                        .withPort(new IntOrString(METRICS_PORT)).endHttpGet().endReadinessProbe()
                        .addNewVolumeMount().withName("config").withMountPath("/fluent-bit/etc/conf").endVolumeMount()
                        .addNewVolumeMount().withName("varlog").withMountPath("/var/log").withReadOnly(true)
                        .endVolumeMount()
                        .addNewVolumeMount().withName("state").withMountPath("/var/lib/fluent-bit").endVolumeMount()
                        .addNewVolumeMount().withName("machine-id").withMountPath("/etc/machine-id")
                        .withReadOnly(true).endVolumeMount()
                        .build())
                .addNewVolume().withName("config").withNewConfigMap().withName(CONFIG).endConfigMap().endVolume()
                .addToVolumes(hostPath("varlog", "/var/log", "Directory"),
                        hostPath("state", "/var/lib/fluent-bit", "DirectoryOrCreate"),
                        hostPath("machine-id", "/etc/machine-id", "File"))
                .endSpec().endTemplate().endSpec().build();
    }

    private static io.fabric8.kubernetes.api.model.Volume hostPath(String name, String path, String type) {
        return new VolumeBuilder().withName(name).withNewHostPath().withPath(path).withType(type).endHostPath()
                .build();
    }
}
