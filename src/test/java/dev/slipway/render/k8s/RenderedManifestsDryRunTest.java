package dev.slipway.render.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.render.RenderedTree;
import dev.slipway.spec.Environment;
import dev.slipway.testing.WithKubernetes;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.ServiceCIDR;
import io.fabric8.kubernetes.api.model.networking.v1.ServiceCIDRBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every object of every component in {@link ClusterComponents#all()} — essentials, add-ons, data, apps: whatever is
 * registered — as read back from the rendered {@code k8s/NAME/manifest.yaml}, passes a server-side dry run of a
 * server-side apply against the real API server of the pinned Kubernetes version. Server-side apply checks every
 * field against the server's schema (an unknown or misspelt field is an error, not a warning) and runs admission.
 *
 * <p>What a dry run cannot show for an object is created for real first: Namespaces and CRDs (objects in a missing
 * namespace or of an unknown kind are refused), and a ServiceCIDR for the environment's service range, because the
 * harness API server allocates from its own range and the essentials pin ClusterIPs (DNS, FleetLock) in the spec's.
 */
@WithKubernetes(nodes = {"node-a"})
class RenderedManifestsDryRunTest {

    @Test
    void acc(KubernetesClient client) {
        assertEveryObjectPassesDryRun(client, RenderedK8s.example("acc"));
    }

    @Test
    void prod(KubernetesClient client) {
        assertEveryObjectPassesDryRun(client, RenderedK8s.example("prod"));
    }

    @Test
    void prodOnFedoraCoreOs(KubernetesClient client) {
        assertEveryObjectPassesDryRun(client, RenderedK8s.fedoraCoreOs("prod"));
    }

    /** The mixed arm64/amd64 fixture: its objects carry kubernetes.io/arch node selectors (issue 28). */
    @Test
    void graviton(KubernetesClient client) {
        assertEveryObjectPassesDryRun(client, dev.slipway.render.ignition.IgnitionFixtures.graviton());
    }

    /** A spot pool (issue 28): the termination handler's objects, and the spot tolerations of what may run there. */
    @Test
    void spot(KubernetesClient client) {
        assertEveryObjectPassesDryRun(client, dev.slipway.testing.SpotFixture.prod());
    }

    static void assertEveryObjectPassesDryRun(KubernetesClient client, Environment env) {
        RenderedTree tree = RenderedK8s.render(env);
        Map<String, List<HasMetadata>> byComponent = RenderedK8s.objects(tree);
        assertThat(byComponent.keySet()).as("every registered component for this environment is rendered and checked")
                .containsExactlyElementsOf(ClusterComponents.all().stream().filter(c -> c.rendersFor(env))
                        .map(ClusterComponent::name).toList());
        serviceRange(client, env);
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (var component : byComponent.entrySet()) {
            for (HasMetadata o : component.getValue()) {
                if (o.getKind().equals("Namespace") || o.getKind().equals("CustomResourceDefinition")) {
                    client.resource(o).fieldManager("slipway-test").forceConflicts().serverSideApply();
                    waitEstablished(client, o);
                }
            }
        }
        for (var component : byComponent.entrySet()) {
            for (HasMetadata o : component.getValue()) {
                try {
                    HasMetadata answer = pinnedClusterIp(o)
                            ? applyForRealAndRemove(client, o)
                            : client.resource(o).dryRun().fieldManager("slipway-test").forceConflicts()
                                    .serverSideApply();
                    assertThat(answer.getMetadata().getName()).isEqualTo(o.getMetadata().getName());
                    checked++;
                } catch (KubernetesClientException e) {
                    failures.add(component.getKey() + ": " + o.getKind() + " " + KubernetesRenderer.qualifiedName(o) + ": "
                            + e.getMessage());
                }
            }
        }
        assertThat(failures).as("objects the API server refused").isEmpty();
        assertThat(checked).isEqualTo(byComponent.values().stream().mapToInt(List::size).sum()).isPositive();
    }

    /** Lets the API server allocate ClusterIPs in the environment's service range (MultiCIDRServiceAllocator, GA). */
    private static void serviceRange(KubernetesClient client, Environment env) {
        String name = "slipway-test-" + env.name();
        ServiceCIDR cidr = new ServiceCIDRBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withCidrs(env.network().serviceCidr()).endSpec().build();
        client.resource(cidr).fieldManager("slipway-test").forceConflicts().serverSideApply();
        client.resources(ServiceCIDR.class).withName(name).waitUntilCondition(c -> c != null
                && c.getStatus() != null && c.getStatus().getConditions() != null
                && c.getStatus().getConditions().stream()
                        .anyMatch(k -> k.getType().equals("Ready") && k.getStatus().equals("True")),
                60, TimeUnit.SECONDS);
        // Ready is reported before the allocator has picked the range up: wait until a Service there is accepted.
        var probe = new io.fabric8.kubernetes.api.model.ServiceBuilder()
                .withNewMetadata().withName("slipway-test-range").withNamespace("default").endMetadata()
                .withNewSpec().withClusterIP(dev.slipway.spec.Cidr.of(env.network().serviceCidr()).address(200))
                .addNewPort().withPort(80).endPort().endSpec().build();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                applyForRealAndRemove(client, probe);
                return;
            } catch (KubernetesClientException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                sleep();
            }
        }
    }

    /**
     * A Service with a fixed ClusterIP in a range added by a ServiceCIDR: the dry-run IP allocator of this API
     * server checks only the primary range (10.96.0.0/12 here) and refuses it, while a real create allocates from
     * every ready ServiceCIDR. So these are created for real (same validation, plus the allocation) and removed,
     * so that the other environment's Service of the same name can be checked next.
     */
    private static boolean pinnedClusterIp(HasMetadata o) {
        return o instanceof io.fabric8.kubernetes.api.model.Service svc && svc.getSpec().getClusterIP() != null
                && !svc.getSpec().getClusterIP().equals("None");
    }

    private static HasMetadata applyForRealAndRemove(KubernetesClient client, HasMetadata o) {
        HasMetadata answer = client.resource(o).fieldManager("slipway-test").forceConflicts().serverSideApply();
        client.resource(o).withTimeout(30, TimeUnit.SECONDS).delete();
        return answer;
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void waitEstablished(KubernetesClient client, HasMetadata o) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            HasMetadata live = client.resource(o).get();
            if (live != null && isReady(live)) {
                return;
            }
            sleep();
        }
        throw new AssertionError(o.getKind() + " " + o.getMetadata().getName() + " never became ready");
    }

    private static boolean isReady(HasMetadata live) {
        if (live instanceof io.fabric8.kubernetes.api.model.Namespace ns) {
            return ns.getStatus() != null && "Active".equals(ns.getStatus().getPhase());
        }
        if (live instanceof io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition crd) {
            return crd.getStatus() != null && crd.getStatus().getConditions() != null
                    && crd.getStatus().getConditions().stream()
                            .anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True"));
        }
        return true;
    }
}
