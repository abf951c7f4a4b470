package dev.slipway.render.k8s.essentials;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.render.k8s.RenderedK8s;
import dev.slipway.spec.Cidr;
import dev.slipway.spec.Environment;
import dev.slipway.testing.ComponentBinaries;
import dev.slipway.testing.KubernetesControlPlane;
import dev.slipway.testing.VolumeProvisionerStandIn;
import dev.slipway.testing.pods.ImageBinary;
import dev.slipway.testing.pods.PodCluster;
import dev.slipway.testing.pods.PodRunner;
import dev.slipway.testing.pods.RunningPod;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real CoreDNS (v1.14.2, built by testing/build-components.sh) run by the {@link PodRunner} from acc's rendered
 * Deployment and Corefile ConfigMap, against the harness API server started with acc's service range: it
 * authenticates with a token of its own ServiceAccount, so its informers list and watch with exactly the rendered
 * ClusterRole (the readiness probe, {@code /ready} on 8181, holds only once the kubernetes plugin has synced), its
 * liveness probe ({@code /health} on 8080) is run too, and it answers on the cluster DNS address for the API
 * server's Service and for a Mongo member's name under the rendered headless Service (the rendered StatefulSet's
 * Pod, placed by the scheduler and given an IP by kwok, published by the EndpointSlice controller).
 *
 * <p>The node's resolver ({@code dnsPolicy: Default}) is the VPC's, 169.254.169.253, which has no route in the Pod's
 * network namespace: forwarded names fail, which is all a Pod could see of it here. Without {@code dnsPolicy} the
 * kubelet's ClusterFirst gives CoreDNS the cluster DNS address, itself, as upstream, and its loop plugin stops it.
 */
class CoreDnsRunsTest {
    private static final String IMAGE_USER = "65532";
    static KubernetesControlPlane cp;
    static KubernetesClient admin;
    static Environment acc;
    static Map<String, List<HasMetadata>> rendered;
    static VolumeProvisionerStandIn volumes;

    @BeforeAll
    static void start() {
        acc = RenderedK8s.example("acc");
        cp = KubernetesControlPlane.builder().nodes("worker-general-1", "worker-general-2")
                .serviceCidr(acc.network().serviceCidr()).start();
        admin = cp.client();
        rendered = RenderedK8s.objects(RenderedK8s.render(acc));
        volumes = new VolumeProvisionerStandIn(admin);
        rendered.get("aws-ebs-csi-driver").stream().filter(o -> o.getKind().equals("StorageClass")).forEach(CoreDnsRunsTest::create);
        rendered.get("coredns").forEach(CoreDnsRunsTest::create);
        rendered.get("mongo").stream().filter(o -> Set.of("Namespace", "Service", "StatefulSet").contains(o.getKind()))
                .forEach(CoreDnsRunsTest::create);
    }

    @AfterAll
    static void stop() {
        if (volumes != null) {
            volumes.close();
        }
        if (cp != null) {
            cp.close();
        }
    }

    @Test
    void theRenderedCoreDnsAnswersForTheClusterFromTheApiServer(@TempDir Path work) throws Exception {
        PodSpec pod = renderedPod();
        String mongo0 = mongoMemberIp();

        try (RunningPod coredns = run(pod, work)) {
            assertThat(coredns.awaitReady(Duration.ofMinutes(2)))
                    .as("/ready on 8181 (%s)%n%s", coredns.probeLog(), coredns.log()).isTrue();
            assertThat(coredns.awaitLive(Duration.ofMinutes(1)))
                    .as("/health on 8080 (%s)%n%s", coredns.probeLog(), coredns.log()).isTrue();
            String dns = acc.clusterDnsAddress();
            String domain = acc.clusterDomain();

            assertThat(coredns.dnsQuery(dns, "kubernetes.default.svc." + domain))
                    .isEqualTo("NOERROR " + kubernetesServiceAddress());
            assertThat(coredns.dnsQuery(dns, "mongo-0.mongo.mongo.svc." + domain)).isEqualTo("NOERROR " + mongo0);
            assertThat(coredns.dnsQuery(dns, "mongo-9.mongo.mongo.svc." + domain)).isEqualTo("NXDOMAIN");
            assertThat(coredns.restarts()).as(coredns.probeLog()).isZero();
        }
    }

    @Test
    void withoutDnsPolicyCoreDnsForwardsToItselfAndTheLoopPluginStopsIt(@TempDir Path work) {
        PodSpec pod = new PodSpecBuilder(renderedPod()).withDnsPolicy(null).build();

        try (RunningPod coredns = run(pod, work)) {
            var end = coredns.awaitTermination(Duration.ofMinutes(1));

            assertThat(end).as(coredns.log()).isPresent();
            assertThat(end.get().exitStatus()).isNotZero();
            assertThat(coredns.log()).contains("Loop (").contains(") detected for zone \".\"");
        }
    }

    private static RunningPod run(PodSpec pod, Path work) {
        String image = pod.getContainers().get(0).getImage();
        ImageBinary binary = new ImageBinary(ComponentBinaries.locate("coredns"), "/coredns", List.of(),
                Long.parseLong(IMAGE_USER), Long.parseLong(IMAGE_USER), Set.of("net_bind_service"));
        URI api = URI.create(cp.apiserverUrl());
        PodCluster cluster = new PodCluster(admin, cp.pki().caCert(), api.getHost(), api.getPort(),
                kubernetesServiceAddress(), acc.clusterDnsAddress(), acc.clusterDomain(), "worker-general-1",
                "nameserver 169.254.169.253\n", work.resolve("node"));
        return PodRunner.run(cluster, CoreDns.NAMESPACE, "coredns-7d9c5b6f4-x2k8p", pod, "coredns",
                Map.of(image, binary), List.of(acc.clusterDnsAddress()), work.resolve("pod"));
    }

    private static PodSpec renderedPod() {
        return rendered.get("coredns").stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .findFirst().orElseThrow().getSpec().getTemplate().getSpec();
    }

    private static String kubernetesServiceAddress() {
        return Cidr.of(acc.network().serviceCidr()).address(1);
    }

    /** mongo-0's IP once the scheduler placed it and kwok started it. */
    private static String mongoMemberIp() throws InterruptedException {
        Pod p = admin.pods().inNamespace("mongo").withName("mongo-0")
                .waitUntilCondition(x -> x != null && x.getStatus() != null && x.getStatus().getPodIP() != null,
                        2, TimeUnit.MINUTES);
        return p.getStatus().getPodIP();
    }

    private static void create(HasMetadata o) {
        admin.resource(o).create();
    }
}
