package dev.slipway.render.k8s.addons;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.render.k8s.ClusterComponent;
import dev.slipway.render.k8s.ClusterComponents;
import dev.slipway.render.k8s.RenderedK8s;
import dev.slipway.spec.Environment;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the add-ons' network policies must say under Cilium (v1.19.8). Upstream facts relied on:
 * Documentation/security/policy/layer3.rst ("Selecting nodes with CIDR / ipBlock": CIDR selectors do not match
 * in-cluster entities, pods or nodes, unless {@code policy-cidr-match-mode: nodes}; "you must ordinarily use the
 * kube-apiserver entity"); pkg/identity/numericidentity.go (a controller's {@code kube-apiserver} identity carries
 * the {@code remote-node} label too); operator/cmd/root.go (the operator registers Cilium's CRDs at start).
 */
class AddonNetworkPoliciesTest {
    private static final List<Environment> ENVS = List.of(RenderedK8s.example("acc"), RenderedK8s.example("prod"));

    private static List<HasMetadata> addons(Environment env) {
        List<HasMetadata> out = new ArrayList<>();
        for (ClusterComponent c : AddonComponents.all()) {
            out.addAll(c.objects(RenderedK8s.input(env)));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource cnp) {
        return (Map<String, Object>) cnp.getAdditionalProperties().get("spec");
    }

    private static List<GenericKubernetesResource> ciliumPolicies(List<HasMetadata> objects, String namespace,
            String app) {
        return objects.stream().filter(GenericKubernetesResource.class::isInstance)
                .map(GenericKubernetesResource.class::cast)
                .filter(r -> r.getKind().equals("CiliumNetworkPolicy") && r.getApiVersion().equals("cilium.io/v2"))
                .filter(r -> r.getMetadata().getNamespace().equals(namespace))
                .filter(r -> spec(r).get("endpointSelector").equals(Map.of("matchLabels", AddonParts.selector(app))))
                .toList();
    }

    /** The {@code peerField} entity lists of {@code direction} rules that open TCP {@code port}. */
    @SuppressWarnings("unchecked")
    private static List<List<String>> entitiesOpening(List<GenericKubernetesResource> policies, String direction,
            String peerField, int port) {
        List<List<String>> out = new ArrayList<>();
        for (GenericKubernetesResource p : policies) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) spec(p).getOrDefault(direction, List.of())) {
                boolean opens = ((List<Map<String, Object>>) rule.get("toPorts")).stream()
                        .flatMap(tp -> ((List<Map<String, Object>>) tp.get("ports")).stream())
                        .anyMatch(pp -> pp.get("port").equals(String.valueOf(port)) && pp.get("protocol").equals("TCP"));
                if (opens && rule.containsKey(peerField)) {
                    out.add((List<String>) rule.get(peerField));
                }
            }
        }
        return out;
    }

    private static PodSpec podOf(HasMetadata o) {
        if (o instanceof Deployment d) {
            return d.getSpec().getTemplate().getSpec();
        }
        if (o instanceof StatefulSet s) {
            return s.getSpec().getTemplate().getSpec();
        }
        if (o instanceof DaemonSet d) {
            return d.getSpec().getTemplate().getSpec();
        }
        return null;
    }

    @Test
    void noAddonNetworkPolicyNamesTheClusterByAddressBecauseCiliumMatchesNodesAndTheApiServerByIdentityOnly() {
        for (Environment env : ENVS) {
            List<String> inCluster = List.of(env.network().vpcCidr(), env.network().podCidr(),
                    env.network().serviceCidr());
            List<IPBlock> blocks = addons(env).stream().filter(NetworkPolicy.class::isInstance)
                    .map(NetworkPolicy.class::cast)
                    .flatMap(np -> Stream.concat(
                            np.getSpec().getIngress().stream().flatMap(r -> r.getFrom().stream()),
                            np.getSpec().getEgress().stream().flatMap(r -> r.getTo().stream())))
                    .map(NetworkPolicyPeer::getIpBlock).filter(Objects::nonNull).toList();
            assertThat(blocks).as("ipBlocks of %s's add-on NetworkPolicies", env.name()).isNotEmpty()
                    // only "the internet": everything except the cluster's own ranges, which it names to leave out
                    .allSatisfy(b -> {
                        assertThat(b.getCidr()).isEqualTo("0.0.0.0/0");
                        assertThat(b.getExcept()).containsAll(inCluster);
                    });
        }
    }

    @Test
    void everyAddonPodWithAnApiTokenReachesTheApiServerByItsCiliumEntity() {
        for (Environment env : ENVS) {
            List<HasMetadata> objects = addons(env);
            List<String> checked = new ArrayList<>();
            for (HasMetadata o : objects) {
                PodSpec pod = podOf(o);
                if (pod == null || Boolean.FALSE.equals(pod.getAutomountServiceAccountToken())) {
                    continue;
                }
                String ns = o.getMetadata().getNamespace();
                ServiceAccount account = objects.stream().filter(ServiceAccount.class::isInstance)
                        .map(ServiceAccount.class::cast)
                        .filter(a -> a.getMetadata().getNamespace().equals(ns)
                                && a.getMetadata().getName().equals(pod.getServiceAccountName()))
                        .findFirst().orElseThrow();
                if (Boolean.FALSE.equals(account.getAutomountServiceAccountToken())) {
                    continue;
                }
                String app = o.getMetadata().getName();
                assertThat(entitiesOpening(ciliumPolicies(objects, ns, app), "egress", "toEntities",
                        6443)) // the API server's port at the controllers (its Service's 443 is translated first)
                        .as("%s/%s egress to the API server at the controllers (6443)", ns, app)
                        .containsExactly(List.of("kube-apiserver"));
                checked.add(app);
            }
            assertThat(checked).containsExactlyInAnyOrder("headlamp", "prometheus", "kube-state-metrics",
                    "fluent-bit");
        }
    }

    @Test
    void everyUiThatDashboardsOpensAdmitsTheApiServersProxyFromTheNodes() {
        for (Environment env : ENVS) {
            List<HasMetadata> objects = addons(env);
            List<AddonUis.Ui> uis = AddonUis.of(env).stream().filter(u -> !u.namespace().isEmpty()).toList();
            assertThat(uis).hasSize(4);
            for (AddonUis.Ui ui : uis) {
                Service service = objects.stream().filter(Service.class::isInstance).map(Service.class::cast)
                        .filter(s -> s.getMetadata().getNamespace().equals(ui.namespace())
                                && s.getMetadata().getName().equals(ui.service()))
                        .findFirst().orElseThrow();
                int target = service.getSpec().getPorts().stream().filter(p -> p.getName().equals(ui.port()))
                        .findFirst().orElseThrow().getTargetPort().getIntVal();
                String app = service.getSpec().getSelector().get(AddonParts.NAME_LABEL);
                assertThat(entitiesOpening(ciliumPolicies(objects, ui.namespace(), app), "ingress", "fromEntities",
                        target))
                        .as("%s: ingress on %d from the API server's service proxy", ui.key(), target)
                        .containsExactly(List.of("host", "remote-node"));
            }
        }
    }

    @Test
    void prometheusScrapesNodeAddressesThroughTheHostAndRemoteNodeEntities() {
        for (Environment env : ENVS) {
            List<GenericKubernetesResource> prometheus = ciliumPolicies(addons(env), Metrics.NAMESPACE,
                    Metrics.PROMETHEUS);
            for (int port : List.of(10250, Metrics.NODE_EXPORTER_PORT, Metrics.ETCD_METRICS_PORT)) {
                assertThat(entitiesOpening(prometheus, "egress", "toEntities", port)).as("port %d", port)
                        .containsExactly(List.of("host", "remote-node"));
            }
        }
    }

    @Test
    void ciliumIsDeployedBeforeEveryComponentWithACiliumNetworkPolicyBecauseItsOperatorRegistersTheCrd() {
        List<String> order = ClusterComponents.all().stream().map(ClusterComponent::name).toList();
        List<String> withCnp = new ArrayList<>();
        for (Environment env : ENVS) {
            for (ClusterComponent c : ClusterComponents.all()) {
                if (c.objects(RenderedK8s.input(env)).stream()
                        .anyMatch(o -> o.getKind().equals("CiliumNetworkPolicy"))) {
                    withCnp.add(c.name());
                }
            }
        }
        assertThat(withCnp).isNotEmpty();
        assertThat(withCnp).allSatisfy(name -> assertThat(order.indexOf(name)).isGreaterThan(order.indexOf("cilium")));
    }
}
