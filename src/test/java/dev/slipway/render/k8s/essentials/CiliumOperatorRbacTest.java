package dev.slipway.render.k8s.essentials;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.render.k8s.RenderedK8s;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Cilium operator's ClusterRole, grant by grant, against upstream's chart template
 * (cilium/cilium install/kubernetes/cilium/templates/cilium-operator/clusterrole.yaml, the copy named in
 * docs/components.md) rendered with the chart's defaults for what Slipway's cilium-config leaves unset:
 * operator.removeNodeTaints and setNodeNetworkStatus true, endpointGCInterval and nodeGCInterval 5m0s,
 * unmanagedPodWatcher.restart true every 15 s, identityManagementMode agent; ingressController, gatewayAPI,
 * bgpControlPlane, secret sync and clustermesh off. Each line below is one (API group, resource, name, verb) the
 * template grants under those values, transcribed from the template; "*" means any object of the resource.
 */
class CiliumOperatorRbacTest {
    private static final List<String> CRDS = List.of("ciliumloadbalancerippools", "ciliumbgpclusterconfigs",
            "ciliumbgppeerconfigs", "ciliumbgpadvertisements", "ciliumbgpnodeconfigs", "ciliumbgpnodeconfigoverrides",
            "ciliumclusterwideenvoyconfigs", "ciliumclusterwidenetworkpolicies", "ciliumegressgatewaypolicies",
            "ciliumendpoints", "ciliumendpointslices", "ciliumenvoyconfigs", "ciliumidentities",
            "ciliumlocalredirectpolicies", "ciliumnetworkpolicies", "ciliumnodes", "ciliumnodeconfigs",
            "ciliumcidrgroups", "ciliuml2announcementpolicies", "ciliumpodippools", "ciliumgatewayclassconfigs");

    private static Set<String> upstream() {
        Set<String> grants = new TreeSet<>();
        grant(grants, "", "pods", "get list watch delete");
        grants.add(" configmaps cilium-config patch");
        grant(grants, "", "nodes", "list watch patch");
        grant(grants, "", "nodes/status", "patch");
        grant(grants, "discovery.k8s.io", "endpointslices", "get list watch");
        grant(grants, "", "services/status", "update patch");
        grant(grants, "", "namespaces", "get list watch");
        grant(grants, "", "services", "get list watch");
        for (String r : List.of("ciliumnetworkpolicies", "ciliumclusterwidenetworkpolicies")) {
            grant(grants, "cilium.io", r, "create update deletecollection patch get list watch");
            grant(grants, "cilium.io", r + "/status", "patch update");
        }
        grant(grants, "cilium.io", "ciliumendpoints", "delete list watch");
        grant(grants, "cilium.io", "ciliumidentities", "delete list watch update");
        grant(grants, "cilium.io", "ciliumnodes", "create update get list watch delete");
        grant(grants, "cilium.io", "ciliumnodes/status", "update");
        for (String r : List.of("ciliumendpointslices", "ciliumenvoyconfigs", "ciliumbgppeerconfigs",
                "ciliumbgpadvertisements", "ciliumbgpnodeconfigs")) {
            grant(grants, "cilium.io", r, "create update get list watch delete patch");
        }
        grant(grants, "cilium.io", "ciliumendpointslices", "deletecollection");
        grant(grants, "cilium.io", "ciliumbgpclusterconfigs/status", "update");
        grant(grants, "cilium.io", "ciliumbgppeerconfigs/status", "update");
        grant(grants, "apiextensions.k8s.io", "customresourcedefinitions", "create get list watch");
        CRDS.forEach(crd -> grants.add("apiextensions.k8s.io customresourcedefinitions " + crd + ".cilium.io update"));
        for (String r : List.of("ciliumloadbalancerippools", "ciliumpodippools", "ciliumbgpclusterconfigs",
                "ciliumbgpnodeconfigoverrides", "ciliumbgppeerconfigs")) {
            grant(grants, "cilium.io", r, "get list watch");
        }
        grant(grants, "cilium.io", "ciliumpodippools", "create");
        grant(grants, "cilium.io", "ciliumloadbalancerippools/status", "patch");
        grant(grants, "coordination.k8s.io", "leases", "create get update");
        return grants;
    }

    private static void grant(Set<String> grants, String group, String resource, String verbs) {
        for (String verb : verbs.split(" ")) {
            grants.add(group + " " + resource + " * " + verb);
        }
    }

    private static Set<String> rendered() {
        ClusterRole role = new Cilium().objects(RenderedK8s.input(RenderedK8s.example("prod"))).stream()
                .filter(ClusterRole.class::isInstance).map(ClusterRole.class::cast)
                .filter(r -> r.getMetadata().getName().equals("cilium-operator")).findFirst().orElseThrow();
        Set<String> grants = new TreeSet<>();
        for (PolicyRule rule : role.getRules()) {
            List<String> names = rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
                    ? List.of("*") : rule.getResourceNames();
            rule.getApiGroups().forEach(g -> rule.getResources().forEach(r -> names.forEach(n ->
                    rule.getVerbs().forEach(v -> grants.add(Stream.of(g, r, n, v)
                            .reduce((a, b) -> a + " " + b).orElseThrow())))));
        }
        return grants;
    }

    @Test
    void operatorGrantsExactlyWhatUpstreamsChartGrantsWithSlipwaysValues() {
        Set<String> rendered = rendered();
        Set<String> upstream = upstream();
        Set<String> extra = new TreeSet<>(rendered);
        extra.removeAll(upstream);
        Set<String> missing = new TreeSet<>(upstream);
        missing.removeAll(rendered);
        assertThat(extra).as("granted beyond upstream's chart").isEmpty();
        assertThat(missing).as("upstream's chart grants, Slipway does not").isEmpty();
    }

    @Test
    void operatorHasNoWildcardAndNoSecrets() {
        assertThat(rendered()).noneMatch(g -> g.endsWith(" *") || g.contains(" * * ") || g.startsWith("* "))
                .noneMatch(g -> g.startsWith(" secrets "));
    }
}
