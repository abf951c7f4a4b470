package dev.slipway.apply.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.apply.ClusterIdentity;
import dev.slipway.apply.ClusterIdentityGuard;
import dev.slipway.apply.KubernetesClients;
import dev.slipway.pki.Pem;
import dev.slipway.render.RenderedFile;
import dev.slipway.render.k8s.ClusterComponent;
import dev.slipway.render.k8s.RenderedK8s;
import dev.slipway.render.k8s.essentials.Essentials;
import dev.slipway.spec.Environment;
import dev.slipway.testing.KubernetesApiProxy;
import dev.slipway.testing.KubernetesControlPlane;
import dev.slipway.testing.NodesLikeTheSpec;
import dev.slipway.testing.ReadyWorkloads;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, "against the real API server with simulated nodes": the essentials of the example's acc environment, as
 * rendered by the real renderer, deployed by the real {@link DeployEngine} against the harness's API server, whose
 * kwok nodes are registered the way the acc cluster's kubelets register (one controller, labelled and tainted as
 * {@code NodeRole} makes controllers; two workers of pool {@code general}). Every Deployment, DaemonSet and
 * StatefulSet of the essentials becomes ready; a second plan and apply reports no change and sends no write.
 *
 * <p>The harness API server is started with acc's service range (10.210.0.0/16) as its
 * {@code --service-cluster-ip-range}, as acc's controllers start theirs: the essentials pin ClusterIPs there (the
 * CoreDNS Service), and the planner's server-side dry run checks only the primary range, so a ServiceCIDR added
 * afterwards is not enough. The test creates no object of its own in the cluster. Nodes are registered without the
 * cloud provider's {@code uninitialized} taint: on kwok no cloud controller manager can really initialise them.
 */
class DeployEssentialsTest {
    static KubernetesControlPlane cp;
    static KubernetesClient admin;
    static KubernetesClient client;
    static KubernetesApiProxy proxy;

    @BeforeAll
    static void start() throws Exception {
        KubernetesControlPlane controlPlane = KubernetesControlPlane.builder()
                .nodes("controller-1", "worker-general-1", "worker-general-2")
                .serviceCidr(RenderedK8s.example("acc").network().serviceCidr()).start();
        cp = controlPlane;
        admin = controlPlane.client();
        proxy = new KubernetesApiProxy(controlPlane);
        ClusterIdentity acc = new ClusterIdentity("acc",
                Pem.parseCertificate(Files.readString(controlPlane.pki().caCert()), "ca.crt"));
        Config config = Config.fromKubeconfig(Files.readString(controlPlane.kubeconfig()));
        config.setMasterUrl(proxy.url());
        config.setRequestRetryBackoffLimit(0);
        client = new KubernetesClients(new ClusterIdentityGuard(acc, List.of(), Duration.ofSeconds(10)))
                .connect(config);
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (cp != null) {
            cp.close();
        }
    }

    @Test
    void essentialsBecomeReadyAndASecondRunWritesNothing() {
        Environment env = RenderedK8s.example("acc");
        registerNodesLikeAcc();

        Map<String, byte[]> files = new LinkedHashMap<>();
        for (RenderedFile f : RenderedK8s.render(env).files().values()) {
            files.put(f.path(), f.content());
        }
        Set<String> essentials = Essentials.all().stream().filter(c -> c.rendersFor(env)).map(ClusterComponent::name)
                .collect(Collectors.toSet());
        List<DesiredComponent> rendered = RenderedComponents.fromFiles(files).stream()
                .filter(c -> essentials.contains(c.name())).toList();
        assertThat(rendered).extracting(DesiredComponent::name)
                .containsExactlyInAnyOrderElementsOf(essentials);

        try (DeployEngine engine = engine()) {
            DeployPlan plan = engine.plan(rendered, List.of(), UnaryOperator.identity());
            assertThat(plan.conflicts()).isEmpty();
            DeployResult result = engine.apply(plan, DeployListener.NONE);
            assertThat(result.conflicts()).isEmpty();
            assertThat(result.applied()).isNotEmpty();
        }

        List<HasMetadata> objects = new ArrayList<>();
        rendered.forEach(c -> objects.addAll(c.objects()));
        ReadyWorkloads ready = ReadyWorkloads.of(admin, objects);
        List<String> workloads = ready.workloads();
        List<String> notReady = ready.notReady();
        System.out.println("essentials' workloads: " + workloads);
        assertThat(workloads).as("the essentials run workloads").isNotEmpty();
        assertThat(notReady).as("workloads of the essentials that are not ready").isEmpty();
        // The nodes' roles matter: the pod network runs on every node, the cloud controller on the controller only.
        assertThat(admin.apps().daemonSets().inNamespace("kube-system").withName("cilium").get().getStatus()
                .getNumberReady()).isEqualTo(3);
        assertThat(admin.apps().daemonSets().inNamespace("kube-system").withName("aws-cloud-controller-manager")
                .get().getStatus().getNumberReady()).isEqualTo(1);

        proxy.clear();
        try (DeployEngine engine = engine()) {
            DeployPlan plan = engine.plan(rendered, List.of(), UnaryOperator.identity());
            assertThat(plan.writes()).isZero();
            assertThat(plan.changes()).allMatch(ch -> ch.type() == ChangeType.UNCHANGED, "every change UNCHANGED");
            engine.apply(plan, DeployListener.NONE);
        }
        List<KubernetesApiProxy.Request> seen = proxy.requests();
        // The proxy saw the second run (the ApplySet's listing), so the check below can fail.
        assertThat(seen).anyMatch(r -> r.pathAndQuery().contains("labelSelector=applyset.kubernetes.io"));
        assertThat(seen).filteredOn(KubernetesApiProxy.Request::writes).isEmpty();
    }

    static DeployEngine engine() {
        return new DeployEngine(client, new DeployEngine.Options(false, false, 8, Duration.ofMillis(300)));
    }

    /** Nodes as acc's kubelets register (one controller, two workers of pool {@code general}). */
    static void registerNodesLikeAcc() {
        NodesLikeTheSpec.register(admin, RenderedK8s.example("acc"), cp.nodeNames());
    }
}
