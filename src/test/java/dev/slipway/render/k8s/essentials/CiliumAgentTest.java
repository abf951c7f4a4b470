package dev.slipway.render.k8s.essentials;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.render.k8s.RenderedK8s;
import dev.slipway.spec.Environment;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Cilium agent DaemonSet held against upstream's Helm chart at the pinned version (cilium/cilium v1.19.8,
 * install/kubernetes/cilium/templates/cilium-agent/daemonset.yaml and clusterrole.yaml, values.yaml).
 */
class CiliumAgentTest {
    private static final Environment ENV = RenderedK8s.example("prod");
    private static final List<HasMetadata> OBJECTS = new Cilium().objects(RenderedK8s.input(ENV));

    private static <T extends HasMetadata> T find(Class<T> kind, String name) {
        return OBJECTS.stream().filter(kind::isInstance).map(kind::cast)
                .filter(o -> o.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    private static PodSpec pod() {
        return find(DaemonSet.class, "cilium").getSpec().getTemplate().getSpec();
    }

    private static Container agent() {
        return pod().getContainers().stream().filter(c -> c.getName().equals("cilium-agent")).findFirst()
                .orElseThrow();
    }

    private static Volume volume(String name) {
        return pod().getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
    }

    /** Upstream (sysctlfix.enabled: true) runs cilium-sysctlfix in the host's mount namespace before the agent. */
    @Test
    void sysctlOverwritesAreAppliedOnTheHostBeforeTheAgentStarts() {
        Container fix = pod().getInitContainers().stream().filter(c -> c.getName().equals("apply-sysctl-overwrites"))
                .findFirst().orElseThrow();
        assertThat(String.join(" ", fix.getCommand()))
                .contains("cp /usr/bin/cilium-sysctlfix /hostbin/cilium-sysctlfix")
                .contains("nsenter --mount=/hostproc/1/ns/mnt \"${BIN_PATH}/cilium-sysctlfix\"");
        assertThat(fix.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getMountPath()).isEqualTo("/hostproc");
            assertThat(volume(m.getName()).getHostPath().getPath()).isEqualTo("/proc");
        }).anySatisfy(m -> {
            assertThat(m.getMountPath()).isEqualTo("/hostbin");
            assertThat(volume(m.getName()).getHostPath().getPath()).isEqualTo("/opt/cni/bin");
        });
        assertThat(fix.getSecurityContext().getPrivileged()).isTrue();
    }

    /**
     * With socket load-balancing, the agent terminates sockets still connected to a deleted backend in every pod's
     * pinned network namespace, which it finds under /var/run/cilium/netns (pkg/defaults NetNsPath,
     * pkg/loadbalancer/reconciler/termination.go); upstream mounts the host's /var/run/netns there.
     */
    @Test
    void socketLoadBalancingAgentSeesThePodsNetworkNamespaces() {
        assertThat(find(ConfigMap.class, "cilium-config").getData()).containsEntry("bpf-lb-sock", "true");
        assertThat(agent().getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getMountPath()).isEqualTo("/var/run/cilium/netns");
            assertThat(m.getMountPropagation()).isEqualTo("HostToContainer");
            assertThat(volume(m.getName()).getHostPath().getPath()).isEqualTo("/var/run/netns");
        });
    }

    /** Upstream's probes (keepDeprecatedProbes: false): HTTP GET 127.0.0.1/healthz on the health port, 9879. */
    @Test
    void agentIsProbedOverHttpOnItsHealthPort() {
        Container agent = agent();
        String healthPort = find(ConfigMap.class, "cilium-config").getData().get("agent-health-port");
        assertThat(healthPort).isEqualTo("9879");
        assertThat(agent.getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("health");
            assertThat(p.getContainerPort()).isEqualTo(Integer.valueOf(healthPort));
        });
        for (Probe probe : List.of(agent.getStartupProbe(), agent.getLivenessProbe(), agent.getReadinessProbe())) {
            assertThat(probe.getExec()).isNull();
            assertThat(probe.getHttpGet().getPath()).isEqualTo("/healthz");
            assertThat(probe.getHttpGet().getHost()).isEqualTo("127.0.0.1");
            assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("health");
            assertThat(probe.getHttpGet().getHttpHeaders()).anySatisfy(h -> {
                assertThat(h.getName()).isEqualTo("brief");
                assertThat(h.getValue()).isEqualTo("true");
            });
        }
    }

    /** Upstream's agent ClusterRole grants per verb: list/watch what it reads, create/update only what it owns. */
    @Test
    void agentRbacIsPerVerbAsUpstreamsClusterRole() {
        List<PolicyRule> rules = find(ClusterRole.class, "cilium").getRules();
        assertThat(rules).allSatisfy(r -> assertThat(r.getVerbs()).doesNotContain("*"));
        Map<String, List<String>> writes = Map.of(
                "ciliumidentities", List.of("create", "update"),
                "ciliumendpoints", List.of("create", "delete", "get", "patch"),
                "ciliumnodes", List.of("create", "get", "update"),
                "ciliumnetworkpolicies", List.of("list", "watch"));
        writes.forEach((resource, verbs) -> assertThat(rules.stream()
                .filter(r -> r.getApiGroups().contains("cilium.io") && r.getResources().contains(resource))
                .flatMap(r -> r.getVerbs().stream()).toList())
                .as(resource).containsAll(verbs));
        assertThat(rules.stream().filter(r -> r.getApiGroups().contains("cilium.io")
                && r.getResources().contains("ciliumnetworkpolicies")).flatMap(r -> r.getVerbs().stream()))
                .as("the agent only reads policies").containsExactlyInAnyOrder("list", "watch");
    }
}
