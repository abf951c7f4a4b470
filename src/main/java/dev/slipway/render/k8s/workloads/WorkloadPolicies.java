package dev.slipway.render.k8s.workloads;

import dev.slipway.spec.AppSpec;
import dev.slipway.spec.Environment;
import dev.slipway.spec.PortSpec;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The NetworkPolicies of the business namespaces. Each starts from {@link #denyAll} (nothing in, nothing out) and
 * {@link #allowDns}; then each workload is allowed exactly its peers. Who may reach MongoDB is {@link MongoAccess};
 * mongo-express is reached only by the API server's service proxy (a CiliumNetworkPolicy, {@code NodePeersPolicy}).
 *
 * <p>Apps: each app admits any source on its own ports (it sits behind a load balancer whose traffic reaches it from
 * nodes and the internet); the apps namespace may reach its own pods, MongoDB (only Pods labelled
 * {@code slipway.dev/uses-mongo}) and addresses outside the cluster, nothing else: no node (kubelet, etcd metrics,
 * node-exporter), no add-on, no Service of another namespace.
 */
final class WorkloadPolicies {
    static final String DENY_ALL = "default-deny";
    static final String ALLOW_DNS = "allow-dns";
    static final String APPS_EGRESS = "apps-egress";
    static final String MONGO_CLIENTS_EGRESS = "mongo-clients-egress";

    private WorkloadPolicies() {
    }

    /** Selects every Pod of the namespace and allows nothing: what no other policy admits is refused. */
    static NetworkPolicy denyAll(String namespace) {
        return new NetworkPolicyBuilder().withNewMetadata().withName(DENY_ALL).withNamespace(namespace).endMetadata()
                .withNewSpec().withPodSelector(new LabelSelector()).withPolicyTypes("Ingress", "Egress").endSpec()
                .build();
    }

    /** Cluster DNS (CoreDNS in kube-system) for every Pod of the namespace. */
    static NetworkPolicy allowDns(String namespace) {
        return new NetworkPolicyBuilder().withNewMetadata().withName(ALLOW_DNS).withNamespace(namespace).endMetadata()
                .withNewSpec().withPodSelector(new LabelSelector()).withPolicyTypes("Egress")
                .addToEgress(new NetworkPolicyEgressRuleBuilder().withTo(namespace("kube-system"))
                        .withPorts(port("UDP", 53), port("TCP", 53)).build())
                .endSpec().build();
    }

    /** The apps namespace's policies: deny, DNS, each app's ports from anywhere, the namespace's egress. */
    static List<NetworkPolicy> apps(Environment env) {
        List<NetworkPolicy> out = new ArrayList<>(List.of(denyAll(WorkloadNamespaces.APPS),
                allowDns(WorkloadNamespaces.APPS)));
        for (AppSpec app : env.apps()) {
            if (app.ports().isEmpty()) {
                continue;
            }
            out.add(new NetworkPolicyBuilder()
                    .withNewMetadata().withName("ingress-" + app.name()).withNamespace(WorkloadNamespaces.APPS)
                        .endMetadata()
                    .withNewSpec().withNewPodSelector().withMatchLabels(PodDefaults.selector(app.name()))
                        .endPodSelector()
                    .withPolicyTypes("Ingress")
                    // No 'from': any source, as a load balancer's clients are.
                    .addNewIngress().withPorts(app.ports().stream().map(PortSpec::containerPort)
                            .map(p -> port("TCP", p)).toList()).endIngress()
                    .endSpec().build());
        }
        out.add(new NetworkPolicyBuilder()
                .withNewMetadata().withName(APPS_EGRESS).withNamespace(WorkloadNamespaces.APPS).endMetadata()
                .withNewSpec().withPodSelector(new LabelSelector()).withPolicyTypes("Egress")
                .addToEgress(new NetworkPolicyEgressRuleBuilder().withTo(new NetworkPolicyPeerBuilder()
                        .withPodSelector(new LabelSelector()).build()).build())
                .addToEgress(new NetworkPolicyEgressRuleBuilder().withTo(outsideTheCluster(env)).build())
                .endSpec().build());
        out.add(toMongo(MONGO_CLIENTS_EGRESS, WorkloadNamespaces.APPS, Map.of(PodDefaults.USES_MONGO, "true")));
        return out;
    }

    /** The mongo namespace's policies besides {@link MongoAccess} and mongo-express's {@code NodePeersPolicy}. */
    static List<NetworkPolicy> mongo(Environment env) {
        List<NetworkPolicy> out = new ArrayList<>(List.of(denyAll(WorkloadNamespaces.MONGO),
                allowDns(WorkloadNamespaces.MONGO)));
        // Members replicate from each other; the reconciler reaches the primary by its member name.
        out.add(toMongo(MongoNames.NAME + "-egress", WorkloadNamespaces.MONGO, PodDefaults.selector(MongoNames.NAME)));
        out.add(toMongo(MongoExpress.NAME + "-egress", WorkloadNamespaces.MONGO, PodDefaults.selector(MongoExpress.NAME)));
        if (env.mongo().backup().enabled()) {
            NetworkPolicy backup = toMongo(MongoBackup.NAME + "-egress", WorkloadNamespaces.MONGO,
                    PodDefaults.selector(MongoBackup.NAME));
            // S3 (through the VPC's gateway endpoint, at S3's public addresses) over HTTPS.
            backup.getSpec().getEgress().add(new NetworkPolicyEgressRuleBuilder().withTo(outsideTheCluster(env))
                    .withPorts(port("TCP", 443)).build());
            out.add(backup);
        }
        return out;
    }

    /** Egress of the Pods labelled {@code labels} in {@code namespace} to MongoDB's members. */
    private static NetworkPolicy toMongo(String name, String namespace, Map<String, String> labels) {
        NetworkPolicyEgressRule rule = new NetworkPolicyEgressRuleBuilder()
                .withTo(new NetworkPolicyPeerBuilder()
                        .withNamespaceSelector(new LabelSelector(null,
                                Map.of("kubernetes.io/metadata.name", WorkloadNamespaces.MONGO)))
                        .withPodSelector(new LabelSelector(null, PodDefaults.selector(MongoNames.NAME))).build())
                .withPorts(port("TCP", MongoNames.PORT)).build();
        return new NetworkPolicyBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withNewPodSelector().withMatchLabels(labels).endPodSelector()
                .withPolicyTypes("Egress").withEgress(new ArrayList<>(List.of(rule))).endSpec().build();
    }

    /** Every address but the VPC's, the Pods' and the Services' (nodes, add-ons and the API server among them). */
    static NetworkPolicyPeer outsideTheCluster(Environment env) {
        return new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr("0.0.0.0/0")
                .withExcept(env.network().vpcRange(), env.network().podCidr(), env.network().serviceCidr())
                .endIpBlock().build();
    }

    private static NetworkPolicyPeer namespace(String name) {
        return new NetworkPolicyPeerBuilder().withNewNamespaceSelector()
                .withMatchLabels(Map.of("kubernetes.io/metadata.name", name)).endNamespaceSelector().build();
    }

    private static NetworkPolicyPort port(String protocol, int port) {
        return new NetworkPolicyPort(null, new IntOrString(port), protocol);
    }
}
