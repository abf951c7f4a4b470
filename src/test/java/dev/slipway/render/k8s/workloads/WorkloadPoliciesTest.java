package dev.slipway.render.k8s.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.render.k8s.RenderedK8s;
import dev.slipway.spec.Environment;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Who may reach what in the business namespaces, read from the rendered NetworkPolicies with Kubernetes' semantics:
 * a connection needs the source's egress and the destination's ingress; a Pod no policy of a direction selects is
 * open in that direction, one that some policy selects gets only what those policies allow. An {@code ipBlock}
 * matches only addresses outside the cluster here, as under Cilium (a CIDR selector does not select Pods, nodes or
 * the API server).
 */
class WorkloadPoliciesTest {
    private static final Environment PROD = RenderedK8s.example("prod");
    private static final List<HasMetadata> OBJECTS = WorkloadFixtures.objects(PROD);
    private static final List<NetworkPolicy> POLICIES = OBJECTS.stream().filter(o -> o instanceof NetworkPolicy)
            .map(NetworkPolicy.class::cast).toList();

    /** A Pod ({@code namespace} set) or an address outside the Pods ({@code namespace} null). */
    record Endpoint(String namespace, Map<String, String> labels, String ip) {
        static Endpoint pod(String namespace, Map<String, String> labels) {
            return new Endpoint(namespace, labels, null);
        }

        static Endpoint address(String ip) {
            return new Endpoint(null, Map.of(), ip);
        }
    }

    private static Endpoint podOf(Class<? extends HasMetadata> kind, String name) {
        HasMetadata o = OBJECTS.stream().filter(kind::isInstance).filter(x -> x.getMetadata().getName().equals(name))
                .findFirst().orElseThrow();
        Map<String, String> labels;
        if (o instanceof Deployment d) {
            labels = d.getSpec().getTemplate().getMetadata().getLabels();
        } else if (o instanceof StatefulSet s) {
            labels = s.getSpec().getTemplate().getMetadata().getLabels();
        } else {
            labels = ((CronJob) o).getSpec().getJobTemplate().getSpec().getTemplate().getMetadata().getLabels();
        }
        return Endpoint.pod(o.getMetadata().getNamespace(), labels);
    }

    static boolean allowed(Endpoint from, Endpoint to, int port) {
        return admits(from, "Egress", to, port) && admits(to, "Ingress", from, port);
    }

    private static boolean admits(Endpoint self, String direction, Endpoint peer, int port) {
        if (self.namespace() == null) {
            return true; // outside the cluster's policies
        }
        List<NetworkPolicy> selecting = POLICIES.stream()
                .filter(p -> p.getMetadata().getNamespace().equals(self.namespace()))
                .filter(p -> p.getSpec().getPolicyTypes().contains(direction))
                .filter(p -> matches(p.getSpec().getPodSelector(), self.labels())).toList();
        if (selecting.isEmpty()) {
            return true;
        }
        for (NetworkPolicy p : selecting) {
            boolean ingress = direction.equals("Ingress");
            var rules = ingress ? p.getSpec().getIngress().stream().map(r -> new Object[] {r.getFrom(), r.getPorts()})
                    .toList() : p.getSpec().getEgress().stream().map(r -> new Object[] {r.getTo(), r.getPorts()})
                    .toList();
            for (Object[] rule : rules) {
                @SuppressWarnings("unchecked") List<NetworkPolicyPeer> peers = (List<NetworkPolicyPeer>) rule[0];
                @SuppressWarnings("unchecked") List<NetworkPolicyPort> ports = (List<NetworkPolicyPort>) rule[1];
                boolean peerOk = peers == null || peers.isEmpty()
                        || peers.stream().anyMatch(q -> peerMatches(q, p.getMetadata().getNamespace(), peer));
                boolean portOk = ports == null || ports.isEmpty()
                        || ports.stream().anyMatch(q -> q.getPort().getIntVal() == port);
                if (peerOk && portOk) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean peerMatches(NetworkPolicyPeer q, String policyNamespace, Endpoint peer) {
        if (q.getIpBlock() != null) {
            return peer.ip() != null && inBlock(q.getIpBlock(), peer.ip());
        }
        if (peer.namespace() == null) {
            return false;
        }
        boolean nsOk = q.getNamespaceSelector() == null ? peer.namespace().equals(policyNamespace)
                : matches(q.getNamespaceSelector(), Map.of("kubernetes.io/metadata.name", peer.namespace()));
        return nsOk && (q.getPodSelector() == null || matches(q.getPodSelector(), peer.labels()));
    }

    private static boolean matches(LabelSelector s, Map<String, String> labels) {
        assertThat(s.getMatchExpressions()).as("this reader knows matchLabels only").isNullOrEmpty();
        return s.getMatchLabels() == null || labels.entrySet().containsAll(s.getMatchLabels().entrySet());
    }

    private static boolean inBlock(IPBlock block, String ip) {
        return inCidr(block.getCidr(), ip)
                && (block.getExcept() == null || block.getExcept().stream().noneMatch(e -> inCidr(e, ip)));
    }

    private static boolean inCidr(String cidr, String ip) {
        String[] parts = cidr.split("/");
        int bits = Integer.parseInt(parts[1]);
        long mask = bits == 0 ? 0 : (0xffffffffL << (32 - bits)) & 0xffffffffL;
        return (v4(parts[0]) & mask) == (v4(ip) & mask);
    }

    private static long v4(String ip) {
        long v = 0;
        for (String octet : ip.split("\\.")) {
            v = v << 8 | Integer.parseInt(octet);
        }
        return v;
    }

    /** An address inside a CIDR (its network address plus 10). */
    private static String inside(String cidr) {
        long v = v4(cidr.split("/")[0]) + 10;
        return (v >> 24 & 255) + "." + (v >> 16 & 255) + "." + (v >> 8 & 255) + "." + (v & 255);
    }

    /** README: every namespace Slipway creates starts from deny-all, except the essentials' two. */
    @Test
    void everyRenderedNamespaceButTheEssentialsStartsFromDenyAll() {
        List<HasMetadata> all = RenderedK8s.allObjects(RenderedK8s.render(PROD));
        List<String> namespaces = all.stream().map(o -> o.getMetadata().getNamespace())
                .filter(n -> n != null && !List.of("kube-system", "reboot-coordinator").contains(n)).distinct().toList();
        assertThat(namespaces).contains("apps", "mongo", "monitoring");
        for (String ns : namespaces) {
            assertThat(all).as(ns).anySatisfy(o -> {
                assertThat(o).isInstanceOf(NetworkPolicy.class);
                NetworkPolicy p = (NetworkPolicy) o;
                assertThat(p.getMetadata().getNamespace()).isEqualTo(ns);
                assertThat(p.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
                assertThat(p.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
                assertThat(p.getSpec().getIngress()).isNullOrEmpty();
                assertThat(p.getSpec().getEgress()).isNullOrEmpty();
            });
        }
    }

    @Test
    void onlyDeclaredClientsReachMongoAndNoPodReachesMongoExpress() {
        Endpoint mongo = podOf(StatefulSet.class, "mongo");
        Endpoint express = podOf(Deployment.class, MongoExpress.NAME);
        Endpoint backup = podOf(CronJob.class, MongoBackup.NAME);
        Endpoint api = podOf(Deployment.class, "api"); // usesMongo: true
        Endpoint web = podOf(Deployment.class, "web");
        Endpoint otherNamespace = Endpoint.pod("monitoring", Map.of("app.kubernetes.io/name", "prometheus"));

        assertThat(allowed(api, mongo, MongoNames.PORT)).isTrue();
        assertThat(allowed(mongo, mongo, MongoNames.PORT)).as("replication").isTrue();
        assertThat(allowed(express, mongo, MongoNames.PORT)).isTrue();
        assertThat(allowed(backup, mongo, MongoNames.PORT)).isTrue();
        assertThat(allowed(web, mongo, MongoNames.PORT)).as("web does not use MongoDB").isFalse();
        assertThat(allowed(otherNamespace, mongo, MongoNames.PORT)).isFalse();

        for (Endpoint client : List.of(api, web, mongo, backup, otherNamespace)) {
            assertThat(allowed(client, express, MongoExpress.PORT)).as("%s to mongo-express", client).isFalse();
        }
        GenericKubernetesResource cnp = OBJECTS.stream().filter(o -> o instanceof GenericKubernetesResource)
                .map(GenericKubernetesResource.class::cast).filter(o -> o.getKind().equals("CiliumNetworkPolicy"))
                .findFirst().orElseThrow();
        assertThat(cnp.getMetadata().getNamespace()).isEqualTo(WorkloadNamespaces.MONGO);
        @SuppressWarnings("unchecked") Map<String, Object> spec = (Map<String, Object>) cnp.getAdditionalProperties()
                .get("spec");
        assertThat(spec.get("endpointSelector")).isEqualTo(Map.of("matchLabels",
                Map.of("app.kubernetes.io/name", MongoExpress.NAME)));
        assertThat(spec.get("ingress")).as("the nodes (API server's service proxy) on 8081, nothing else")
                .isEqualTo(List.of(Map.of("fromEntities", List.of("host", "remote-node"), "toPorts",
                        List.of(Map.of("ports", List.of(Map.of("port", "8081", "protocol", "TCP")))))));
    }

    @Test
    void appsReachTheInternetAndEachOtherButNoNodeAndNoOtherNamespace() {
        Endpoint api = podOf(Deployment.class, "api");
        Endpoint web = podOf(Deployment.class, "web");
        Endpoint node = Endpoint.address(inside(PROD.network().vpcCidr()));
        Endpoint internet = Endpoint.address("93.184.216.34");
        Endpoint grafana = Endpoint.pod("monitoring", Map.of("app.kubernetes.io/name", "grafana"));

        assertThat(allowed(web, node, 2381)).as("etcd metrics on a controller").isFalse();
        assertThat(allowed(web, node, 9100)).as("node-exporter").isFalse();
        assertThat(allowed(web, node, 10250)).as("kubelet").isFalse();
        assertThat(allowed(web, Endpoint.address(inside(PROD.network().serviceCidr())), 443)).isFalse();
        assertThat(allowed(web, grafana, 3000)).as("a Pod of another namespace").isFalse();
        assertThat(allowed(web, internet, 443)).isTrue();
        int apiPort = PROD.apps().stream().filter(a -> a.name().equals("api")).findFirst().orElseThrow().ports()
                .get(0).containerPort();
        assertThat(allowed(web, api, apiPort)).isTrue();
        assertThat(allowed(internet, web, 3000)).as("the load balancer's clients, on web's port").isTrue();
        assertThat(allowed(grafana, web, 3000)).as("an app's own port is open to any source").isTrue();
        assertThat(allowed(grafana, api, apiPort + 1)).as("only the app's own ports are open").isFalse();
    }

    @Test
    void theBackupReachesS3OverHttpsOnly() {
        Endpoint backup = podOf(CronJob.class, MongoBackup.NAME);
        assertThat(allowed(backup, Endpoint.address("52.95.128.10"), 443)).isTrue();
        assertThat(allowed(backup, Endpoint.address("52.95.128.10"), 80)).isFalse();
        assertThat(allowed(backup, Endpoint.address(inside(PROD.network().vpcCidr())), 443)).isFalse();
    }
}
