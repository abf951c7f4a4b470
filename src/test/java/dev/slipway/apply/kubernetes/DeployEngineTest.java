package dev.slipway.apply.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.apply.ClusterIdentity;
import dev.slipway.apply.ClusterIdentityGuard;
import dev.slipway.apply.ClusterIdentityMismatchException;
import dev.slipway.apply.KubernetesClients;
import dev.slipway.pki.Pem;
import dev.slipway.render.k8s.ApplySetMembership;
import dev.slipway.render.k8s.ClusterComponent;
import dev.slipway.testing.KubernetesApiProxy;
import dev.slipway.testing.KubernetesControlPlane;
import dev.slipway.testing.ThrowawayPki;
import dev.slipway.testing.VolumeProvisionerStandIn;
import dev.slipway.testing.WithKubernetes;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deploy engine against the harness's real API server with kwok nodes, through a recording (and, for one test,
 * fault-injecting) TLS proxy, with the identity-guarded client. One cluster, one story: deploy, deploy again (no
 * write), a conflict, a prune, a timeout, a flaky API server.
 */
@WithKubernetes
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployEngineTest {
    @TempDir
    static Path dir;
    static KubernetesApiProxy proxy;
    static VolumeProvisionerStandIn provisioner;
    static KubernetesControlPlane cp;
    static KubernetesClient client;
    static KubernetesClient admin;
    static int firstRunWrites;
    static Thread loadBalancers;

    @BeforeAll
    static void start(KubernetesControlPlane controlPlane) throws Exception {
        cp = controlPlane;
        admin = controlPlane.client();
        proxy = new KubernetesApiProxy(controlPlane);
        provisioner = new VolumeProvisionerStandIn(admin);
        client = guardedClient(controlPlane.pki().caCert(), proxy.url());
        loadBalancers = loadBalancerStandIn();
    }

    @AfterAll
    static void stop() {
        if (loadBalancers != null) {
            loadBalancers.interrupt();
        }
        if (client != null) {
            client.close();
        }
        if (provisioner != null) {
            provisioner.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    static KubernetesClient guardedClient(Path ca, String url) throws IOException {
        ClusterIdentity acc = new ClusterIdentity("acc", Pem.parseCertificate(Files.readString(ca), "ca.crt"));
        Config config = Config.fromKubeconfig(Files.readString(cp.kubeconfig()));
        config.setMasterUrl(url);
        config.setRequestRetryBackoffLimit(0);
        return new KubernetesClients(new ClusterIdentityGuard(acc, List.of(), Duration.ofSeconds(10)))
                .connect(config);
    }

    static DeployEngine engine(boolean prune, boolean force) {
        return new DeployEngine(client, new DeployEngine.Options(prune, force, 8, Duration.ofMillis(300)));
    }

    static List<DesiredComponent> render(ClusterComponent... components) {
        return TestComponents.desired(dir.resolve("k8s"), List.of(components));
    }

    static DeployResult deploy(DeployEngine engine, List<DesiredComponent> rendered) {
        return engine.apply(engine.plan(rendered, List.of(), UnaryOperator.identity()), DeployListener.NONE);
    }

    /** Stands in for the cloud controller manager: gives LoadBalancer Services an address once they exist. */
    static Thread loadBalancerStandIn() {
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                for (Service s : admin.services().inAnyNamespace().list().getItems()) {
                    if ("LoadBalancer".equals(s.getSpec().getType()) && (s.getStatus().getLoadBalancer() == null
                            || s.getStatus().getLoadBalancer().getIngress() == null
                            || s.getStatus().getLoadBalancer().getIngress().isEmpty())) {
                        s.getStatus().setLoadBalancer(new io.fabric8.kubernetes.api.model.LoadBalancerStatus(
                                List.of(new LoadBalancerIngressBuilder().withHostname(s.getMetadata().getName()
                                        + ".elb.eu-west-1.amazonaws.com").build())));
                        admin.services().resource(s).updateStatus();
                    }
                }
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "load-balancer-stand-in");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    @Order(1)
    void deployBringsEveryWorkloadToReady() {
        List<DesiredComponent> rendered = render(TestComponents.web(), TestComponents.edge());
        try (DeployEngine engine = engine(false, false)) {
            DeployPlan plan = engine.plan(rendered, List.of(), UnaryOperator.identity());
            assertThat(plan.counts().get(ChangeType.CREATE)).isEqualTo(10);
            ObjectChange secret = plan.changes().stream().filter(c -> c.ref().kind().equals("Secret")).findFirst()
                    .orElseThrow();
            assertThat(secret.detail()).startsWith("keys token; values sha256:").doesNotContain("s3cr3t")
                    .endsWith("not validated yet: its namespace is created first");
            proxy.clear();
            DeployResult result = engine.apply(plan, DeployListener.NONE);
            assertThat(result.applied()).hasSize(10);
            firstRunWrites = (int) proxy.requests().stream().filter(KubernetesApiProxy.Request::writes).count();
        }
        var deployment = admin.apps().deployments().inNamespace("demo").withName("web").get();
        assertThat(deployment.getStatus().getReadyReplicas()).isEqualTo(2);
        assertThat(deployment.getMetadata().getManagedFields()).anyMatch(m -> m.getManager().equals("slipway")
                && m.getOperation().equals("Apply"));
        var daemonSet = admin.apps().daemonSets().inNamespace("demo").withName("agent").get();
        assertThat(daemonSet.getStatus().getNumberReady()).isEqualTo(3);
        assertThat(admin.apps().statefulSets().inNamespace("demo").withName("db").get().getStatus()
                .getReadyReplicas()).isEqualTo(1);
        assertThat(admin.persistentVolumeClaims().inNamespace("demo").withName("data-db-0").get().getStatus()
                .getPhase()).isEqualTo("Bound");
        assertThat(provisioner.provisioned()).isEqualTo(1);
        var parent = admin.secrets().inNamespace("kube-system").withName("slipway-applyset").get();
        assertThat(parent.getMetadata().getLabels()).containsEntry(ApplySetMembership.ID,
                ApplySetMembership.ID_VALUE);
        assertThat(parent.getMetadata().getAnnotations())
                .containsEntry(ApplySetMembership.CONTAINS_GROUP_KINDS, "ConfigMap,DaemonSet.apps,Deployment.apps,"
                        + "Namespace,Secret,Service,ServiceAccount,StatefulSet.apps,StorageClass.storage.k8s.io")
                .containsEntry(ApplySetMembership.ADDITIONAL_NAMESPACES, "demo")
                .containsEntry(ApplySetMembership.TOOLING, "slipway/v1");
    }

    @Test
    @Order(2)
    void secondRunReportsNoChangesAndSendsNoWrite() {
        List<DesiredComponent> rendered = render(TestComponents.web(), TestComponents.edge());
        proxy.clear();
        try (DeployEngine engine = engine(false, false)) {
            DeployPlan plan = engine.plan(rendered, List.of(), UnaryOperator.identity());
            assertThat(plan.writes()).isZero();
            assertThat(plan.counts().get(ChangeType.UNCHANGED)).isEqualTo(10);
            engine.apply(plan, DeployListener.NONE);
        }
        List<KubernetesApiProxy.Request> seen = proxy.requests();
        // The proxy saw the run (the ApplySet's listing), and the first run's writes: the check below can fail.
        assertThat(seen).anyMatch(r -> r.pathAndQuery().contains("labelSelector=applyset.kubernetes.io"));
        assertThat(firstRunWrites).isGreaterThanOrEqualTo(10);
        assertThat(seen).filteredOn(KubernetesApiProxy.Request::writes).isEmpty();
    }

    @Test
    @Order(3)
    void aFieldChangedByAnotherManagerIsAConflictNamingItUntilForced() {
        admin.configMaps().inNamespace("demo").withName("settings").patch(new PatchContext.Builder()
                .withPatchType(PatchType.JSON_MERGE).withFieldManager("kubectl-edit").build(),
                "{\"data\":{\"mode\":\"theirs\"}}");
        List<DesiredComponent> rendered = render(TestComponents.web(), TestComponents.edge());
        try (DeployEngine engine = engine(false, false)) {
            DeployPlan plan = engine.plan(rendered, List.of(), UnaryOperator.identity());
            assertThat(plan.conflicts()).singleElement().satisfies(c -> {
                assertThat(c.ref().toString()).isEqualTo("ConfigMap demo/settings");
                assertThat(c.detail()).isEqualTo("field .data.mode managed by \"kubectl-edit\"");
            });
            DeployResult result = engine.apply(plan, DeployListener.NONE);
            assertThat(result.conflicts()).hasSize(1);
        }
        assertThat(admin.configMaps().inNamespace("demo").withName("settings").get().getData())
                .containsEntry("mode", "theirs");
        try (DeployEngine engine = engine(false, true)) {
            DeployPlan plan = engine.plan(rendered, List.of(), UnaryOperator.identity());
            assertThat(plan.changes()).filteredOn(c -> c.type() == ChangeType.UPDATE).singleElement()
                    .satisfies(c -> assertThat(c.fields()).containsExactly("data.mode"));
            assertThat(engine.apply(plan, DeployListener.NONE).conflicts()).isEmpty();
        }
        assertThat(admin.configMaps().inNamespace("demo").withName("settings").get().getData())
                .containsEntry("mode", "ours");
    }

    @Test
    @Order(4)
    void removingAComponentAndPruningDeletesExactlyItsObjects() {
        try (DeployEngine engine = engine(false, false)) {
            deploy(engine, render(TestComponents.web(), TestComponents.edge(), TestComponents.extra()));
        }
        // Objects Slipway does not own, in a namespace it does: one plain, one even labelled managed-by slipway.
        admin.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("not-ours").withNamespace("demo")
                .endMetadata().build()).create();
        admin.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("lookalike")
                .withNamespace("demo").addToLabels("app.kubernetes.io/managed-by", "slipway")
                .addToLabels("slipway.dev/component", "extra").endMetadata().build()).create();
        List<DesiredComponent> without = render(TestComponents.web(), TestComponents.edge());
        try (DeployEngine engine = engine(false, false)) {
            DeployPlan plan = engine.plan(without, List.of(), UnaryOperator.identity());
            assertThat(plan.leftovers()).extracting(ObjectRef::toString).containsExactlyInAnyOrder(
                    "Namespace demo2", "ConfigMap demo2/x", "Deployment demo2/api");
            assertThat(plan.writes()).isZero();
        }
        try (DeployEngine engine = engine(true, false)) {
            DeployPlan plan = engine.plan(without, List.of(), UnaryOperator.identity());
            assertThat(plan.changes()).filteredOn(c -> c.type() == ChangeType.PRUNE).extracting(c -> c.ref()
                    .toString()).containsExactly("Deployment demo2/api", "ConfigMap demo2/x", "Namespace demo2");
            DeployResult result = engine.apply(plan, DeployListener.NONE);
            assertThat(result.pruned()).hasSize(3);
        }
        assertThat(admin.apps().deployments().inNamespace("demo2").withName("api").get()).isNull();
        var ns = admin.namespaces().withName("demo2").get();
        assertThat(ns == null || ns.getMetadata().getDeletionTimestamp() != null).isTrue();
        assertThat(admin.configMaps().inNamespace("demo").withName("not-ours").get()).isNotNull();
        assertThat(admin.configMaps().inNamespace("demo").withName("lookalike").get()).isNotNull();
        assertThat(admin.apps().deployments().inNamespace("demo").withName("web").get()).isNotNull();
        assertThat(admin.secrets().inNamespace("kube-system").withName("slipway-applyset").get().getMetadata()
                .getAnnotations()).containsEntry(ApplySetMembership.ADDITIONAL_NAMESPACES, "demo");
    }

    @Test
    @Order(5)
    void aComponentThatNeverBecomesReadyTimesOutNamingWhatAndWhy() {
        ClusterComponent stuck = TestComponents.component("stuck", Duration.ofSeconds(4), () -> List.of(
                new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder().withNewMetadata().withName("stuck")
                        .withNamespace("demo").endMetadata().withNewSpec().withReplicas(1).withNewSelector()
                        .addToMatchLabels("app", "stuck").endSelector()
                        .withTemplate(TestComponents.pod("stuck", Map.of("no-such-label", "anywhere"))).endSpec()
                        .build()));
        try (DeployEngine engine = engine(false, false)) {
            assertThatThrownBy(() -> deploy(engine, render(TestComponents.web(), TestComponents.edge(), stuck)))
                    .isInstanceOf(ComponentNotReadyException.class)
                    .hasMessageContaining("component stuck was not ready after")
                    .hasMessageContaining("Deployment demo/stuck: 1/1 updated, 0 ready, 0 available")
                    .hasMessageContaining("not scheduled: Unschedulable")
                    .hasMessageContaining("didn't match Pod's node affinity/selector");
        }
        try (DeployEngine engine = engine(true, false)) {
            DeployResult r = deploy(engine, render(TestComponents.web(), TestComponents.edge()));
            assertThat(r.pruned()).extracting(c -> c.ref().toString()).containsExactly("Deployment demo/stuck");
        }
    }

    @Test
    @Order(6)
    void anotherEnvironmentsClusterIsRefusedBeforeAnyRequest() throws IOException {
        Path otherCa = ThrowawayPki.generate(dir.resolve("other-pki")).caCert();
        proxy.clear();
        assertThatThrownBy(() -> guardedClient(otherCa, proxy.url()).close())
                .isInstanceOf(ClusterIdentityMismatchException.class)
                .hasMessageContaining("Stopped before sending any request");
        assertThat(proxy.requests()).isEmpty();
        // Control: the proxy does record a request of a client that is let through.
        try (KubernetesClient ok = guardedClient(cp.pki().caCert(), proxy.url())) {
            ok.namespaces().withName("demo").get();
        }
        assertThat(proxy.requests()).hasSize(1);
    }

    @Test
    @Order(7)
    void convergesThroughAnApiServerThatAnswers429And503AndIsSlow() {
        List<DesiredComponent> rendered = render(TestComponents.web(), TestComponents.edge(),
                TestComponents.many("flaky", "flaky", 40));
        proxy.injectFaults(0.10, 0.05);
        try (DeployEngine engine = engine(false, false)) {
            DeployResult result = deploy(engine, rendered);
            assertThat(result.applied()).hasSize(42);
        } finally {
            proxy.injectFaults(0, 0);
        }
        assertThat(proxy.faults()).isGreaterThan(5);
        List<String> renderedConfigMaps = rendered.stream().flatMap(c -> c.objects().stream())
                .filter(o -> o instanceof io.fabric8.kubernetes.api.model.ConfigMap
                        && "flaky".equals(o.getMetadata().getNamespace()))
                .map(o -> o.getMetadata().getName()).toList();
        assertThat(renderedConfigMaps).hasSize(40);
        // kube-root-ca.crt: the controller manager's root-ca-cert-publisher puts it in every namespace, not deploy.
        assertThat(admin.configMaps().inNamespace("flaky").list().getItems())
                .extracting(o -> o.getMetadata().getName())
                .filteredOn(name -> !name.equals("kube-root-ca.crt"))
                .containsExactlyInAnyOrderElementsOf(renderedConfigMaps);
        assertThat(admin.apps().deployments().inNamespace("flaky").withName("app").get().getStatus()
                .getReadyReplicas()).isEqualTo(2);
        try (DeployEngine engine = engine(false, false)) {
            assertThat(engine.plan(rendered, List.of(), UnaryOperator.identity()).writes()).isZero();
        }
    }

    @Test
    @Order(8)
    void waitingForManyDeploymentsListsThemInsteadOfReadingEachOne() {
        int count = LiveObjects.LIST_FROM + 1;
        ClusterComponent fleet = TestComponents.component("fleet", Duration.ofMinutes(3), () -> {
            List<io.fabric8.kubernetes.api.model.HasMetadata> objects = new java.util.ArrayList<>();
            objects.add(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName("fleet")
                    .endMetadata().build());
            for (int i = 0; i < count; i++) {
                objects.add(new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder().withNewMetadata()
                        .withName("app-" + i).withNamespace("fleet").endMetadata().withNewSpec().withReplicas(1)
                        .withNewSelector().addToMatchLabels("app", "app-" + i).endSelector()
                        .withTemplate(TestComponents.pod("app-" + i, java.util.Map.of())).endSpec().build());
            }
            return objects;
        });
        List<DesiredComponent> rendered = render(fleet);
        try (DeployEngine engine = engine(false, false)) {
            DeployPlan plan = engine.plan(rendered, List.of(), UnaryOperator.identity());
            proxy.clear();
            assertThat(engine.apply(plan, DeployListener.NONE).applied()).hasSize(count + 1);
        }
        for (int i = 0; i < count; i++) {
            assertThat(admin.apps().deployments().inNamespace("fleet").withName("app-" + i).get().getStatus()
                    .getReadyReplicas()).isEqualTo(1);
        }
        List<KubernetesApiProxy.Request> seen = proxy.requests();
        // The apply went through the proxy (so the checks below can fail), and the waiting read the Deployments
        // with one LIST of the ApplySet's Deployments per look, not with a GET of each.
        assertThat(seen).anyMatch(r -> r.method().equals("PATCH")
                && r.pathAndQuery().startsWith("/apis/apps/v1/namespaces/fleet/deployments/app-0"));
        assertThat(seen).anyMatch(r -> r.method().equals("GET")
                && r.pathAndQuery().startsWith("/apis/apps/v1/deployments?labelSelector=applyset.kubernetes.io"));
        assertThat(seen).noneMatch(r -> r.method().equals("GET")
                && r.pathAndQuery().startsWith("/apis/apps/v1/namespaces/fleet/deployments/"));
    }

    /** A component no Secret value or certificate is filled into: the applied record may vouch for it. */
    static ClusterComponent recorded() {
        return TestComponents.component("recorded", Duration.ofMinutes(3), () -> {
            List<io.fabric8.kubernetes.api.model.HasMetadata> objects = new java.util.ArrayList<>();
            objects.add(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName("recorded")
                    .endMetadata().build());
            for (int i = 0; i < LiveObjects.LIST_FROM + 1; i++) {
                objects.add(new ConfigMapBuilder().withNewMetadata().withName("settings-" + i).withNamespace("recorded")
                        .endMetadata().addToData("mode", "ours").addToData("index", String.valueOf(i)).build());
            }
            objects.add(new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder().withNewMetadata()
                    .withName("app").withNamespace("recorded").endMetadata().withNewSpec().withReplicas(1)
                    .withNewSelector().addToMatchLabels("app", "app").endSelector()
                    .withTemplate(TestComponents.pod("app", Map.of())).endSpec().build());
            return objects;
        });
    }

    /** A deploy as the command runs it: manifests in, only those the record does not vouch for parsed. */
    static DeployPlan planFromManifests(DeployEngine engine, Path k8s, List<DesiredComponent> vouched) {
        List<DesiredComponent> components = engine.components(RenderedComponents.manifests(k8s));
        components.stream().filter(DesiredComponent::vouched).forEach(vouched::add);
        return engine.plan(components, List.of(), UnaryOperator.identity());
    }

    @Test
    @Order(9)
    void aNoOpDeployIsVouchedForByTheAppliedRecordWithoutReadingAnyObjectByItself() {
        Path k8s = TestComponents.render(dir.resolve("k8s-recorded"), List.of(recorded()));
        List<DesiredComponent> vouched = new java.util.ArrayList<>();
        try (DeployEngine engine = engine(false, false)) {
            DeployPlan first = planFromManifests(engine, k8s, vouched);
            assertThat(vouched).as("no record yet").isEmpty();
            assertThat(engine.apply(first, DeployListener.NONE).conflicts()).isEmpty();
        }
        proxy.clear();
        try (DeployEngine engine = engine(false, false)) {
            DeployPlan again = planFromManifests(engine, k8s, vouched);
            assertThat(again.writes()).isZero();
            assertThat(again.counts().get(ChangeType.UNCHANGED)).isEqualTo(LiveObjects.LIST_FROM + 3);
            engine.apply(again, DeployListener.NONE);
        }
        assertThat(vouched).extracting(DesiredComponent::name).containsExactly("recorded");
        List<KubernetesApiProxy.Request> seen = proxy.requests();
        // Reads only: the parent once, then one LIST per kind it names; no object read by itself, no dry run.
        assertThat(seen).isNotEmpty().allMatch(r -> r.method().equals("GET"));
        assertThat(seen).filteredOn(r -> !r.pathAndQuery().contains("labelSelector=applyset.kubernetes.io"))
                .extracting(KubernetesApiProxy.Request::pathAndQuery)
                .containsExactly("/api/v1/namespaces/kube-system/secrets/slipway-applyset");
        assertThat(seen).extracting(KubernetesApiProxy.Request::pathAndQuery).doesNotHaveDuplicates()
                .anyMatch(p -> p.startsWith("/api/v1/configmaps?labelSelector=applyset.kubernetes.io"));
    }

    @Test
    @Order(10)
    void anObjectEditedOrDeletedBehindSlipwaysBackIsRepairedByTheNextDeploy() {
        Path k8s = TestComponents.render(dir.resolve("k8s-recorded"), List.of(recorded()));
        // Behind Slipway's back: one ConfigMap deleted, a declared key removed from another, the Deployment scaled.
        admin.configMaps().inNamespace("recorded").withName("settings-0").delete();
        admin.configMaps().inNamespace("recorded").withName("settings-1").patch(new PatchContext.Builder()
                .withPatchType(PatchType.JSON).withFieldManager("kubectl-edit").build(),
                "[{\"op\":\"remove\",\"path\":\"/data/index\"}]");
        admin.apps().deployments().inNamespace("recorded").withName("app").scale(2);
        List<DesiredComponent> vouched = new java.util.ArrayList<>();
        try (DeployEngine engine = engine(false, true)) {
            DeployPlan plan = planFromManifests(engine, k8s, vouched);
            assertThat(vouched).as("the record no longer vouches for the component").isEmpty();
            assertThat(plan.changes()).filteredOn(c -> c.type().writes()).extracting(c -> c.type() + " " + c.ref())
                    .containsExactlyInAnyOrder("CREATE ConfigMap recorded/settings-0",
                            "UPDATE ConfigMap recorded/settings-1", "UPDATE Deployment recorded/app");
            assertThat(engine.apply(plan, DeployListener.NONE).applied()).hasSize(3);
        }
        assertThat(admin.configMaps().inNamespace("recorded").withName("settings-0").get()).isNotNull();
        assertThat(admin.configMaps().inNamespace("recorded").withName("settings-1").get().getData())
                .containsEntry("index", "1");
        assertThat(admin.apps().deployments().inNamespace("recorded").withName("app").get().getSpec()
                .getReplicas()).isEqualTo(1);
        // Repaired and recorded again: the next run is vouched for and writes nothing.
        proxy.clear();
        try (DeployEngine engine = engine(false, false)) {
            DeployPlan plan = planFromManifests(engine, k8s, vouched);
            assertThat(plan.writes()).isZero();
            engine.apply(plan, DeployListener.NONE);
        }
        assertThat(vouched).extracting(DesiredComponent::name).containsExactly("recorded");
        assertThat(proxy.requests()).isNotEmpty().noneMatch(KubernetesApiProxy.Request::writes);
    }

    @Test
    @Order(11)
    void statusListsEachKindAndAllPodsOnceInsteadOfReadingEachObject() {
        // The fleet of test 8: more Deployments than LiveObjects.LIST_FROM, in their own namespace.
        List<DesiredComponent> rendered = render(TestComponents.component("fleet", Duration.ofMinutes(3), () -> {
            List<io.fabric8.kubernetes.api.model.HasMetadata> objects = new java.util.ArrayList<>();
            objects.add(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName("fleet")
                    .endMetadata().build());
            for (int i = 0; i < LiveObjects.LIST_FROM + 1; i++) {
                objects.add(new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder().withNewMetadata()
                        .withName("app-" + i).withNamespace("fleet").endMetadata().withNewSpec().withReplicas(1)
                        .withNewSelector().addToMatchLabels("app", "app-" + i).endSelector()
                        .withTemplate(TestComponents.pod("app-" + i, java.util.Map.of())).endSpec().build());
            }
            return objects;
        }));
        proxy.clear();
        List<ClusterStatus.Component> status = new ClusterStatus(client, 8, java.time.Instant.now()).read(rendered);
        assertThat(status).singleElement().satisfies(c -> {
            assertThat(c.rows()).hasSize(LiveObjects.LIST_FROM + 1).allMatch(ClusterStatus.Row::healthy);
            assertThat(c.rows()).extracting(ClusterStatus.Row::ready).containsOnly("1");
        });
        List<String> seen = proxy.requests().stream().map(r -> r.method() + " " + r.pathAndQuery()).toList();
        assertThat(seen).contains("GET /api/v1/pods").anyMatch(r -> r.startsWith(
                "GET /apis/apps/v1/deployments?labelSelector=applyset.kubernetes.io"));
        assertThat(seen).noneMatch(r -> r.startsWith("GET /apis/apps/v1/namespaces/fleet/deployments/"))
                .noneMatch(r -> r.startsWith("GET /api/v1/namespaces/fleet/pods"));
    }

    /** The "leftover" component: its namespace and ConfigMaps, and "old" while {@code withOld}. */
    static ClusterComponent leftover(boolean withOld) {
        return TestComponents.component("leftover", Duration.ofMinutes(3), () -> {
            List<io.fabric8.kubernetes.api.model.HasMetadata> objects = new java.util.ArrayList<>();
            objects.add(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName("leftover")
                    .endMetadata().build());
            for (String name : withOld ? List.of("kept", "old") : List.of("kept")) {
                objects.add(new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("leftover")
                        .endMetadata().addToData("mode", "ours").build());
            }
            return objects;
        });
    }

    @Test
    @Order(12)
    void aComponentWithAnObjectLeftOverIsVouchedForWithoutItAndAChangeToTheLeftoverIsNoticed() {
        try (DeployEngine engine = engine(false, false)) {
            engine.apply(planFromManifests(engine, TestComponents.render(dir.resolve("k8s-old"),
                    List.of(leftover(true))), new java.util.ArrayList<>()), DeployListener.NONE);
        }
        // "old" is no longer rendered; without --prune it stays, labelled with the component.
        Path k8s = TestComponents.render(dir.resolve("k8s-left"), List.of(leftover(false)));
        ObjectRef old = new ObjectRef("", "ConfigMap", "leftover", "old");
        List<DesiredComponent> vouched = new java.util.ArrayList<>();
        try (DeployEngine engine = engine(false, false)) {
            DeployPlan plan = planFromManifests(engine, k8s, vouched);
            assertThat(vouched).as("another manifest than recorded").isEmpty();
            assertThat(plan.leftovers()).contains(old);
            engine.apply(plan, DeployListener.NONE);
        }
        try (DeployEngine engine = engine(false, false)) {
            DeployPlan plan = planFromManifests(engine, k8s, vouched);
            assertThat(plan.writes()).isZero();
            assertThat(plan.leftovers()).as("still a leftover, not one of the component's objects").contains(old);
            engine.apply(plan, DeployListener.NONE);
        }
        assertThat(vouched).singleElement().satisfies(c -> assertThat(c.objects()).extracting(ObjectRef::of)
                .containsExactlyInAnyOrder(new ObjectRef("", "Namespace", "", "leftover"),
                        new ObjectRef("", "ConfigMap", "leftover", "kept")));
        // The leftover edited behind Slipway's back: the record no longer vouches (its fingerprint covers it).
        admin.configMaps().inNamespace("leftover").withName("old").edit(cm -> {
            cm.getData().put("mode", "theirs");
            return cm;
        });
        vouched.clear();
        try (DeployEngine engine = engine(false, false)) {
            DeployPlan plan = planFromManifests(engine, k8s, vouched);
            assertThat(vouched).isEmpty();
            assertThat(plan.writes()).isZero();
            assertThat(plan.leftovers()).contains(old);
        }
    }
}
