package dev.slipway.render.k8s.addons;

import dev.slipway.render.k8s.NodePeersPolicy;
import dev.slipway.spec.Environment;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The NetworkPolicies of an add-on, written as who may talk to whom. Every add-on namespace starts from
 * {@link #denyAll} (nothing in, nothing out) and each workload gets one policy naming exactly its peers and ports.
 *
 * <p>Pod peers only: the API server and the nodes are written as Cilium entities in {@link NodePeersPolicy} (an
 * {@code ipBlock} does not match them under Cilium).
 */
final class AddonPolicy {
    private final String namespace;
    private final String app;
    private final List<NetworkPolicyIngressRule> ingress = new ArrayList<>();
    private final List<NetworkPolicyEgressRule> egress = new ArrayList<>();

    private AddonPolicy(String namespace, String app) {
        this.namespace = namespace;
        this.app = app;
    }

    /** A policy for the pods of workload {@code app} in {@code namespace}. */
    static AddonPolicy forPods(String namespace, String app) {
        return new AddonPolicy(namespace, app);
    }

    /** Selects every pod of the namespace and allows nothing: what is not admitted by another policy is refused. */
    static NetworkPolicy denyAll(String namespace) {
        return new NetworkPolicyBuilder().withNewMetadata().withName("default-deny").withNamespace(namespace)
                .endMetadata().withNewSpec().withPodSelector(new LabelSelectorBuilder().build())
                .withPolicyTypes("Ingress", "Egress").endSpec().build();
    }

    /** Cluster DNS (CoreDNS in kube-system) for every pod of the namespace. */
    static NetworkPolicy allowDns(String namespace) {
        return new NetworkPolicyBuilder().withNewMetadata().withName("allow-dns").withNamespace(namespace)
                .endMetadata().withNewSpec().withPodSelector(new LabelSelectorBuilder().build())
                .withPolicyTypes("Egress")
                .addToEgress(new NetworkPolicyEgressRuleBuilder().withTo(namespacePeer("kube-system"))
                        .withPorts(port("UDP", 53), port("TCP", 53)).build())
                .endSpec().build();
    }

    AddonPolicy ingressFrom(NetworkPolicyPeer peer, int... ports) {
        ingress.add(new NetworkPolicyIngressRuleBuilder().withFrom(peer).withPorts(tcp(ports)).build());
        return this;
    }

    AddonPolicy egressTo(NetworkPolicyPeer peer, int... ports) {
        egress.add(new NetworkPolicyEgressRuleBuilder().withTo(peer).withPorts(tcp(ports)).build());
        return this;
    }

    NetworkPolicy build() {
        List<String> types = new ArrayList<>(List.of("Ingress"));
        if (!egress.isEmpty()) {
            types.add("Egress");
        }
        return new NetworkPolicyBuilder().withNewMetadata().withName(app).withNamespace(namespace).endMetadata()
                .withNewSpec().withPodSelector(new LabelSelectorBuilder().withMatchLabels(AddonParts.selector(app))
                        .build())
                .withPolicyTypes(types).withIngress(ingress).withEgress(egress).endSpec().build();
    }

    /** Pods of workload {@code app} in the policy's own namespace. */
    static NetworkPolicyPeer pods(String app) {
        return new NetworkPolicyPeerBuilder().withNewPodSelector().withMatchLabels(AddonParts.selector(app))
                .endPodSelector().build();
    }

    /** Pods of workload {@code app} in namespace {@code namespace}. */
    static NetworkPolicyPeer podsIn(String namespace, String app) {
        return new NetworkPolicyPeerBuilder().withNewPodSelector().withMatchLabels(AddonParts.selector(app))
                .endPodSelector().withNewNamespaceSelector()
                .withMatchLabels(Map.of("kubernetes.io/metadata.name", namespace)).endNamespaceSelector().build();
    }

    static NetworkPolicyPeer namespacePeer(String namespace) {
        return new NetworkPolicyPeerBuilder().withNewNamespaceSelector()
                .withMatchLabels(Map.of("kubernetes.io/metadata.name", namespace)).endNamespaceSelector().build();
    }

    /** Every address outside the cluster's own ranges (for the one add-on that downloads at start). */
    static NetworkPolicyPeer internet(Environment env) {
        return new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr("0.0.0.0/0")
                .withExcept(env.network().vpcRange(), env.network().podCidr(), env.network().serviceCidr())
                .endIpBlock().build();
    }

    private static List<NetworkPolicyPort> tcp(int... ports) {
        return Arrays.stream(ports).mapToObj(p -> port("TCP", p)).toList();
    }

    private static NetworkPolicyPort port(String protocol, int port) {
        return new NetworkPolicyPortBuilder().withProtocol(protocol).withPort(new IntOrString(port)).build();
    }
}
