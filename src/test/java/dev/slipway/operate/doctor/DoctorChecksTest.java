package dev.slipway.operate.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.apply.aws.TaggedLoadBalancers.TaggedLoadBalancer;
import dev.slipway.apply.kubernetes.ClusterSnapshot;
import dev.slipway.pki.CertificateStatus;
import dev.slipway.pki.PkiEntry;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every check on snapshots made by hand: one healthy case (no finding: no false alarm) and the broken cases with the
 * verdict each must give. The checks are pure functions of the snapshot, so these need no cluster; DoctorCommandTest
 * runs them against the real API server.
 */
class DoctorChecksTest {
    static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");

    /** The parts of a snapshot a test fills; the rest stays empty. */
    static final class Cluster {
        String version = "v1.36.3";
        List<Node> nodes = new ArrayList<>();
        List<Pod> pods = new ArrayList<>();
        List<PersistentVolumeClaim> claims = new ArrayList<>();
        List<PodDisruptionBudget> budgets = new ArrayList<>();
        List<Service> services = new ArrayList<>();
        List<Deployment> deployments = new ArrayList<>();

        ClusterSnapshot snapshot() {
            return new ClusterSnapshot(version, nodes, pods, claims, budgets, services, deployments, List.of(),
                    List.of(), List.of(), List.of());
        }
    }

    static Node node(String name, String ready, String kubelet) {
        return new NodeBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().endSpec()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready).endCondition()
                .withNewNodeInfo().withKubeletVersion(kubelet).endNodeInfo().endStatus().build();
    }

    @Test
    void nodes() {
        Cluster c = new Cluster();
        c.nodes.add(node("a", "True", "v1.36.3"));
        assertThat(new NodesCheck("acc").examine(c.snapshot())).isEmpty();

        c.nodes.add(node("b", "False", "v1.36.3"));
        c.nodes.add(new NodeBuilder(node("c", "True", "v1.36.3")).editSpec().addNewTaint()
                .withKey(NodesCheck.UNINITIALIZED_TAINT).withEffect("NoSchedule").endTaint().endSpec().build());
        c.nodes.add(new NodeBuilder(node("d", "True", "v1.36.3")).editSpec().withUnschedulable(true).endSpec()
                .build());
        expectFindings(new NodesCheck("acc").examine(c.snapshot()), 
                "FAIL node b: Ready=False", "FAIL node c: taint " + NodesCheck.UNINITIALIZED_TAINT + ":NoSchedule",
                "WARN node d: cordoned");
        expectFindings(new NodesCheck("acc").examine(new Cluster().snapshot()), 
                "FAIL nodes: the cluster has no Node");
    }

    static Deployment addon(String name, int replicas, int ready) {
        return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace("monitoring").withGeneration(1L)
                .addToLabels("app.kubernetes.io/managed-by", "slipway").endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", name).endSelector()
                .endSpec().withNewStatus().withObservedGeneration(1L).withReplicas(replicas)
                .withUpdatedReplicas(replicas).withReadyReplicas(ready).withAvailableReplicas(ready).endStatus()
                .build();
    }

    static Pod pod(String name, String app, String waiting) {
        var status = new ContainerStatusBuilder().withName("main").withRestartCount(waiting == null ? 0 : 4)
                .withReady(waiting == null);
        status.withState(waiting == null
                ? new ContainerStateBuilder().withNewRunning().endRunning().build()
                : new ContainerStateBuilder().withNewWaiting().withReason(waiting).endWaiting().build());
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("monitoring").withUid("uid-" + name)
                .addToLabels("app", app).addNewOwnerReference().withKind("ReplicaSet").withName(app + "-rs")
                .withController(true).endOwnerReference().endMetadata().withNewSpec().endSpec()
                .withNewStatus().withPhase("Running").addToContainerStatuses(status.build()).endStatus().build();
    }

    @Test
    void addons() {
        Cluster c = new Cluster();
        c.deployments.add(addon("grafana", 1, 1));
        c.pods.add(pod("grafana-1", "grafana", null));
        AddonsCheck check = new AddonsCheck("acc", null);
        assertThat(check.examine(c.snapshot())).isEmpty();

        c.deployments.set(0, addon("grafana", 1, 0));
        c.pods.set(0, pod("grafana-1", "grafana", "CrashLoopBackOff"));
        c.deployments.add(addon("prometheus", 1, 0));
        c.pods.add(pod("prometheus-1", "prometheus", "ImagePullBackOff"));
        c.deployments.add(addon("alertmanager", 1, 0));
        // not managed by Slipway: never looked at
        c.pods.add(pod("other-1", "other", "CrashLoopBackOff"));
        List<Finding> found = check.examine(c.snapshot());
        expectFindings(found, 
                "FAIL Pod monitoring/grafana-1: container main waiting: CrashLoopBackOff",
                "FAIL Pod monitoring/prometheus-1: container main waiting: ImagePullBackOff",
                "FAIL Deployment monitoring/alertmanager: not ready: 1/1 updated, 0 ready");
        assertThat(found).noneMatch(Finding::fixable); // no restarter given: no safe fix offered
    }

    @Test
    void certificates() {
        List<CertificateStatus> pki = new ArrayList<>();
        pki.add(status(PkiEntry.CLUSTER_CA, 3000));
        pki.add(status(PkiEntry.ADMIN, 300));
        assertThat(new CertificatesCheck("acc", () -> pki, NOW).examine(new Cluster().snapshot())).isEmpty();

        pki.add(status(PkiEntry.FRONT_PROXY_CLIENT, 10));
        pki.add(status(PkiEntry.SCHEDULER, 3));
        pki.add(status(PkiEntry.APISERVER, -1));
        pki.add(new CertificateStatus(PkiEntry.SUPER_ADMIN, "", null, 0, CertificateStatus.Status.MISSING));
        expectFindings(new CertificatesCheck("acc", () -> pki, NOW).examine(new Cluster().snapshot()), "WARN PKI front-proxy-client: expires in 9 days",
                        "FAIL PKI scheduler: expires in 2 days", "FAIL PKI apiserver: expired at",
                        "FAIL PKI super-admin: missing");
        expectFindings(new CertificatesCheck("acc", () -> {
            throw new IllegalStateException("no bucket");
        }, NOW).examine(new Cluster().snapshot()), "FAIL PKI: cannot read the state store: no bucket");
    }

    /** Expires {@code days} days (less a minute) from {@link #NOW}. */
    static CertificateStatus status(PkiEntry e, long days) {
        Instant notAfter = NOW.plus(days, ChronoUnit.DAYS).minusSeconds(60);
        return new CertificateStatus(e, "CN=" + e.stem(), notAfter, days - 1, CertificateStatus.Status.OK);
    }

    @Test
    void versions() {
        Cluster c = new Cluster();
        c.nodes.add(node("a", "True", "v1.36.3"));
        c.nodes.add(node("b", "True", "v1.36.3"));
        assertThat(new VersionSkewCheck("acc", "v1.36.3").examine(c.snapshot())).isEmpty();

        c.nodes.add(node("c", "True", "v1.35.1"));
        c.nodes.add(node("d", "True", "v1.32.9"));
        c.nodes.add(node("e", "True", "v1.37.0"));
        c.nodes.add(node("f", "True", "kwok-v0.8.0"));
        expectFindings(new VersionSkewCheck("acc", "v1.36.3").examine(c.snapshot()), 
                "WARN kubelet kwok-v0.8.0 on f: version cannot be read",
                "FAIL kubelet v1.32.9 on d: outside the supported skew",
                "WARN kubelet v1.35.1 on c: spec pins v1.36.3",
                "FAIL kubelet v1.37.0 on e: outside the supported skew");

        Cluster upgraded = new Cluster();
        upgraded.nodes.add(node("a", "True", "v1.36.3"));
        expectFindings(new VersionSkewCheck("acc", "v1.36.4").examine(upgraded.snapshot()), 
                "WARN control plane: API server v1.36.3, spec pins v1.36.4",
                "WARN kubelet v1.36.3 on a: spec pins v1.36.4");
    }

    static PersistentVolumeClaim claim(String name, String phase) {
        return new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).withNamespace("mongo")
                .endMetadata().withNewSpec().withStorageClassName("ebs-gp3").endSpec().withNewStatus()
                .withPhase(phase).endStatus().build();
    }

    @Test
    void volumeClaims() {
        Cluster c = new Cluster();
        c.claims.add(claim("data-0", "Bound"));
        assertThat(new PendingClaimsCheck().examine(c.snapshot())).isEmpty();

        c.claims.add(claim("data-1", "Pending"));
        c.claims.add(claim("spare", "Pending"));
        c.claims.add(claim("gone", "Lost"));
        c.pods.add(new PodBuilder().withNewMetadata().withName("mongo-1").withNamespace("mongo").endMetadata()
                .withNewSpec().addNewVolume().withName("d").withNewPersistentVolumeClaim().withClaimName("data-1")
                .endPersistentVolumeClaim().endVolume().endSpec().build());
        expectFindings(new PendingClaimsCheck().examine(c.snapshot()), 
                "FAIL PersistentVolumeClaim mongo/data-1: Pending since",
                "WARN PersistentVolumeClaim mongo/spare: Pending since",
                "FAIL PersistentVolumeClaim mongo/gone: Lost");
    }

    static PodDisruptionBudget budget(String name, int allowed, int healthy, int desired) {
        return new PodDisruptionBudgetBuilder().withNewMetadata().withName(name).withNamespace("mongo").endMetadata()
                .withNewSpec().withMinAvailable(new IntOrString(desired)).endSpec().withNewStatus()
                .withDisruptionsAllowed(allowed).withCurrentHealthy(healthy).withDesiredHealthy(desired)
                .withExpectedPods(healthy).endStatus().build();
    }

    @Test
    void disruptionBudgets() {
        Cluster c = new Cluster();
        c.budgets.add(budget("web", 1, 3, 2));
        c.budgets.add(budget("down", 0, 0, 1)); // nothing healthy: the workload is the problem, not the budget
        assertThat(new DrainBlockersCheck().examine(c.snapshot())).isEmpty();

        c.budgets.add(budget("mongo", 0, 1, 1));
        expectFindings(new DrainBlockersCheck().examine(c.snapshot()), 
                "WARN PodDisruptionBudget mongo/mongo: minAvailable 1 with 1 healthy of 1 Pods: 0 disruptions");
    }

    static Service service(String name, String type, String address) {
        var b = new ServiceBuilder().withNewMetadata().withName(name).withNamespace("apps").endMetadata()
                .withNewSpec().withType(type).endSpec();
        if (address != null) {
            b.withNewStatus().withNewLoadBalancer().addNewIngress().withHostname(address).endIngress()
                    .endLoadBalancer().endStatus();
        } else {
            b.withNewStatus().withNewLoadBalancer().endLoadBalancer().endStatus(); // as the API server returns it
        }
        return b.build();
    }

    @Test
    void loadBalancerAddresses() {
        Cluster c = new Cluster();
        c.services.add(service("web", "LoadBalancer", "web-1.elb.amazonaws.com"));
        c.services.add(service("internal", "ClusterIP", null));
        assertThat(new LoadBalancerAddressesCheck().examine(c.snapshot())).isEmpty();

        c.services.add(service("api", "LoadBalancer", null));
        expectFindings(new LoadBalancerAddressesCheck().examine(c.snapshot()), 
                "FAIL Service apps/api: type LoadBalancer without an address");
    }

    static TaggedLoadBalancer lb(String name, String service) {
        Map<String, String> tags = new java.util.TreeMap<>(Map.of("kubernetes.io/cluster/yourcom-acc", "owned"));
        if (service != null) {
            tags.put("kubernetes.io/service-name", service);
        }
        return new TaggedLoadBalancer("arn:" + name, name, "network", name + ".elb", tags);
    }

    @Test
    void orphanedLoadBalancers() {
        Cluster c = new Cluster();
        c.services.add(service("web", "LoadBalancer", "web.elb"));
        c.services.add(service("was-lb", "ClusterIP", null));
        List<TaggedLoadBalancer> lbs = new ArrayList<>(List.of(lb("web", "apps/web"), lb("api-server", null)));
        assertThat(new OrphanLoadBalancersCheck(() -> lbs).examine(c.snapshot())).isEmpty();

        lbs.add(lb("gone", "apps/gone"));
        lbs.add(lb("was", "apps/was-lb"));
        expectFindings(new OrphanLoadBalancersCheck(() -> lbs).examine(c.snapshot()), 
                "WARN load balancer gone: network arn:gone tagged for Service apps/gone",
                "WARN load balancer was: network arn:was tagged for Service apps/was-lb");
    }

    @Test
    void aCheckThatThrowsFailsAloneAndTheReportIsTheWorst() {
        DoctorCheck broken = new DoctorCheck() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public String title() {
                return "throws";
            }

            @Override
            public List<Finding> examine(ClusterSnapshot cluster) {
                throw new IllegalStateException("boom");
            }
        };
        Cluster c = new Cluster();
        c.nodes.add(node("a", "True", "v1.36.3"));
        Doctor doctor = new Doctor(List.of(new NodesCheck("acc"), broken, new DrainBlockersCheck()), c::snapshot);
        DoctorReport report = doctor.examine();
        assertThat(report.checks()).extracting(CheckResult::verdict).containsExactly(Verdict.OK, Verdict.FAIL,
                Verdict.OK);
        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(report.checks().get(1).findings().get(0).evidence()).contains("boom");
    }

    /** The findings, in order, each shown as "VERDICT subject: evidence" and starting with its expectation. */
    static Service webWithHostnames(String certificate) {
        var b = new io.fabric8.kubernetes.api.model.ServiceBuilder().withNewMetadata().withNamespace("apps")
                .withName("web").addToAnnotations("slipway.dev/hostnames", "www.acc.your.com");
        if (certificate != null) {
            b.addToAnnotations("service.beta.kubernetes.io/aws-load-balancer-ssl-cert", certificate);
        }
        return b.endMetadata().withNewSpec().withType("LoadBalancer").endSpec().build();
    }

    static dev.slipway.apply.aws.AppCertificates.Owned cert(String arn, String host,
            software.amazon.awssdk.services.acm.model.CertificateStatus status, Instant notAfter) {
        return new dev.slipway.apply.aws.AppCertificates.Owned(arn, new java.util.TreeSet<>(List.of(host)), status,
                "apps/web", List.of(), List.of(), java.util.Optional.of(notAfter), "");
    }

    @Test
    void appCertificates() {
        var issued = software.amazon.awssdk.services.acm.model.CertificateStatus.ISSUED;
        var renewed = cert("arn:1", "www.acc.your.com", issued, NOW.plus(Duration.ofDays(300)));
        Cluster c = new Cluster();
        c.services.add(webWithHostnames("arn:1"));
        assertThat(new AppCertificatesCheck("acc", () -> List.of(renewed), NOW).examine(c.snapshot())).isEmpty();
        // no hostnames anywhere: AWS is not even asked
        assertThat(new AppCertificatesCheck("acc", () -> {
            throw new AssertionError("ACM asked");
        }, NOW).examine(new Cluster().snapshot())).isEmpty();

        expectFindings(new AppCertificatesCheck("acc", () -> List.of(renewed, cert("arn:old", "old.acc.your.com",
                issued, NOW.plus(Duration.ofDays(200)))), NOW).examine(c.snapshot()),
                "WARN certificate arn:old: for old.acc.your.com, ISSUED, named by no Service");
        expectFindings(new AppCertificatesCheck("acc", () -> List.of(cert("arn:1", "www.acc.your.com", issued,
                NOW.plus(Duration.ofDays(20)))), NOW).examine(c.snapshot()),
                "WARN Service apps/web: certificate arn:1 for www.acc.your.com expires in 20 days");
        expectFindings(new AppCertificatesCheck("acc", () -> List.of(cert("arn:1", "www.acc.your.com", issued,
                NOW.plus(Duration.ofDays(3)))), NOW).examine(c.snapshot()),
                "FAIL Service apps/web: certificate arn:1 for www.acc.your.com expires in 3 days");
        expectFindings(new AppCertificatesCheck("acc", () -> List.of(cert("arn:1", "www.acc.your.com",
                software.amazon.awssdk.services.acm.model.CertificateStatus.FAILED, NOW)), NOW).examine(c.snapshot()),
                "FAIL Service apps/web: certificate arn:1 is FAILED");
        expectFindings(new AppCertificatesCheck("acc", () -> List.of(cert("arn:1", "shop.acc.your.com", issued,
                NOW.plus(Duration.ofDays(300)))), NOW).examine(c.snapshot()),
                "FAIL Service apps/web: certificate arn:1 covers shop.acc.your.com");
        expectFindings(new AppCertificatesCheck("acc", List::of, NOW).examine(c.snapshot()),
                "FAIL Service apps/web: names certificate arn:1, which is not one of acc's");
        Cluster plain = new Cluster();
        plain.services.add(webWithHostnames(null));
        expectFindings(new AppCertificatesCheck("acc", () -> List.of(renewed), NOW).examine(plain.snapshot()),
                "FAIL Service apps/web: hostnames www.acc.your.com but no certificate on the Service",
                "WARN certificate arn:1");
        expectFindings(new AppCertificatesCheck("acc", () -> {
            throw new IllegalStateException("no credentials");
        }, NOW).examine(c.snapshot()), "WARN ACM certificates: not checked: no credentials");
    }

    static void expectFindings(List<Finding> findings, String... expected) {
        List<String> shown = findings.stream().map(f -> f.verdict() + " " + f.subject() + ": " + f.evidence())
                .toList();
        assertThat(shown).as("findings").hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(shown.get(i)).as("finding %d of %s", i, shown).startsWith(expected[i]);
        }
    }
}
