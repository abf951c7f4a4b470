package dev.slipway.render.k8s.essentials;

import dev.slipway.render.RenderInput;
import dev.slipway.render.k8s.ClusterComponent;
import dev.slipway.spec.Environment;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KeyToPathBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.util.List;
import java.util.Map;

/**
 * Cluster DNS: CoreDNS behind the Service at {@link Environment#clusterDnsAddress()}, the address every kubelet
 * hands its Pods ({@code clusterDNS} in the kubelet configuration), answering for the spec's cluster domain and
 * forwarding everything else to the VPC resolver. Two replicas on different nodes, one evicted at a time.
 */
public final class CoreDns implements ClusterComponent {
    static final String NAME = "coredns";
    static final String NAMESPACE = "kube-system";
    private static final Map<String, String> SELECTOR = Map.of("k8s-app", "kube-dns");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<HasMetadata> objects(RenderInput input) {
        Environment env = input.environment();
        return List.of(
                Rbac.serviceAccount(NAMESPACE, "coredns"),
                Rbac.clusterRole("system:coredns",
                        Rbac.rule("", List.of("endpoints", "services", "pods", "namespaces"), "list", "watch"),
                        Rbac.rule("discovery.k8s.io", "endpointslices", "list", "watch")),
                Rbac.clusterRoleBinding("system:coredns", "system:coredns", NAMESPACE, "coredns"),
                new ConfigMapBuilder().withNewMetadata().withName("coredns").withNamespace(NAMESPACE).endMetadata()
                        .withData(Map.of("Corefile", corefile(env.clusterDomain()))).build(),
                deployment(input.versions().get("essentials.coredns.image")),
                Pods.oneAtATime(NAMESPACE, "coredns", SELECTOR),
                service(env));
    }

    static String corefile(String clusterDomain) {
        return """
                .:53 {
                    errors
                    health {
                        lameduck 5s
                    }
                    ready
                    kubernetes %s in-addr.arpa ip6.arpa {
                        pods insecure
                        fallthrough in-addr.arpa ip6.arpa
                    }
                    prometheus :9153
                    forward . /etc/resolv.conf
                    cache 30
                    loop
                    reload
                    loadbalance
                }
                """.formatted(clusterDomain);
    }

    private static HasMetadata deployment(String image) {
        var container = new ContainerBuilder()
                .withName("coredns").withImage(image)
                .withArgs("-conf", "/etc/coredns/Corefile")
                .withPorts(new ContainerPortBuilder().withName("dns").withContainerPort(53).withProtocol("UDP").build(),
                        new ContainerPortBuilder().withName("dns-tcp").withContainerPort(53).withProtocol("TCP").build(),
                        new ContainerPortBuilder().withName("metrics").withContainerPort(9153).withProtocol("TCP")
                                .build())
                .withResources(Pods.requests("100m", "70Mi"))
                .withLivenessProbe(Pods.httpProbe("/health", "8080", "HTTP", 10, 5))
                .withReadinessProbe(Pods.httpProbe("/ready", "8181", "HTTP", 10, 3))
                .withSecurityContext(new io.fabric8.kubernetes.api.model.SecurityContextBuilder(Pods.restricted())
                        .withNewCapabilities().withDrop("ALL").withAdd("NET_BIND_SERVICE").endCapabilities()
                        .withRunAsNonRoot(null).build())
                .withVolumeMounts(Pods.mount("config", "/etc/coredns", true))
                .build();
        return Workloads.deployment(NAMESPACE, "coredns", SELECTOR, 2,
                Workloads.pod("system-cluster-critical", "coredns", Placement.controllersToo())
                        // Preferred, not required: a one-worker cluster still gets both replicas.
                        .withNewAffinity().withNewPodAntiAffinity()
                            .addNewPreferredDuringSchedulingIgnoredDuringExecution().withWeight(100)
                                .withNewPodAffinityTerm().withTopologyKey("kubernetes.io/hostname")
                                    .withNewLabelSelector().withMatchLabels(SELECTOR).endLabelSelector()
                                .endPodAffinityTerm()
                            .endPreferredDuringSchedulingIgnoredDuringExecution()
                        .endPodAntiAffinity().endAffinity()
                        // The node's resolver, as upstream's Deployment (coredns/deployment coredns.yaml.sed): under
                        // ClusterFirst, "forward . /etc/resolv.conf" would forward to the cluster DNS address, CoreDNS
                        // itself, and the loop plugin would stop it.
                        .withDnsPolicy("Default")
                        .withContainers(container)
                        .withVolumes(new VolumeBuilder().withName("config").withNewConfigMap().withName("coredns")
                                .withItems(new KeyToPathBuilder().withKey("Corefile").withPath("Corefile").build())
                                .endConfigMap().build())
                        .build());
    }

    private static HasMetadata service(Environment env) {
        return new ServiceBuilder()
                .withNewMetadata().withName("kube-dns").withNamespace(NAMESPACE).endMetadata()
                .withNewSpec()
                    .withType("ClusterIP")
                    .withClusterIP(env.clusterDnsAddress())
                    .withSelector(SELECTOR)
                    .withPorts(
                            new ServicePortBuilder().withName("dns").withPort(53).withProtocol("UDP")
                                    .withTargetPort(new IntOrString("dns")).build(),
                            new ServicePortBuilder().withName("dns-tcp").withPort(53).withProtocol("TCP")
                                    .withTargetPort(new IntOrString("dns-tcp")).build())
                .endSpec()
                .build();
    }
}
