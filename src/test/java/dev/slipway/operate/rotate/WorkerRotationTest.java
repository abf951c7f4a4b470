package dev.slipway.operate.rotate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.slipway.apply.nodes.ClusterNodes;
import dev.slipway.apply.nodes.NodeReadiness;
import dev.slipway.pki.ClusterAdminsBinding;
import dev.slipway.testing.BootingKubeletStandIn;
import dev.slipway.testing.BootingKubeletStandIn.Boot;
import dev.slipway.testing.CliRun;
import dev.slipway.testing.GoldenFiles;
import dev.slipway.testing.KubernetesApiProxy;
import dev.slipway.testing.KubernetesControlPlane;
import dev.slipway.testing.MotoExtension;
import dev.slipway.testing.MotoSdkProperties;
import dev.slipway.testing.MotoServer;
import dev.slipway.testing.ReadChangeReplace;
import dev.slipway.testing.WriteWatch;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/**
 * {@code slipway rotate} of worker pool "general" of the example's acc, as a user runs it, against moto (EC2 and Auto
 * Scaling: the pool's launch template and group, tagged as Terraform renders them) together with the harness's real
 * API server (kube-controller-manager included: it keeps the PodDisruptionBudget's status and re-creates evicted Pods)
 * and kwok-simulated Nodes.
 *
 * <p>Nothing boots in moto, so {@link BootingKubeletStandIn} stands in for the booting kubelet and the AWS cloud
 * controller: for each instance moto launches for the group it registers a kwok Node with
 * {@code spec.providerID = aws:///ZONE/INSTANCE_ID} (or, when a test says so, a Node that stays uninitialised, or none).
 */
@ExtendWith(MotoExtension.class)
class WorkerRotationTest {
    private static final String GROUP = MotoWorkerPool.GROUP;
    private static final Map<String, String> APP = Map.of("app", "web");
    private static final long WAIT_SECONDS = 120;

    @TempDir
    static Path dir;
    static Path spec;
    static KubernetesControlPlane cp;
    static KubernetesClient admin;
    /** A recording proxy in front of the API server, and a kubeconfig naming it: what sees the API writes. */
    static KubernetesApiProxy proxy;
    static Path proxyKubeconfig;

    @BeforeAll
    static void start() throws Exception {
        spec = dir.resolve("platform.yaml");
        Files.copy(GoldenFiles.repo().resolve("examples/yourcom/platform.yaml"), spec);
        CliRun certs = CliRun.of("certs", "--env", "acc", "-f", spec.toString());
        assertThat(certs.exitCode()).as(certs.all()).isZero();
        cp = KubernetesControlPlane.builder().pki(dir.resolve(".slipway/acc/pki")).nodes().start();
        admin = cp.client();
        admin.resource(ClusterAdminsBinding.manifest()).create();
        CliRun kubeconfig = CliRun.of("kubeconfig", "--env", "acc", "-f", spec.toString(), "--server",
                cp.apiserverUrl());
        assertThat(kubeconfig.exitCode()).as(kubeconfig.all()).isZero();
        proxy = new KubernetesApiProxy(cp);
        proxyKubeconfig = dir.resolve("proxy.conf");
        CliRun viaProxy = CliRun.of("kubeconfig", "--env", "acc", "-f", spec.toString(), "--server", proxy.url(),
                "--output-file", proxyKubeconfig.toString());
        assertThat(viaProxy.exitCode()).as(viaProxy.all()).isZero();
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (cp != null) {
            cp.close();
        }
    }

    @BeforeEach
    void pointAtMoto(MotoServer moto) {
        MotoSdkProperties.pointAt(moto); // moto itself is reset before each test by MotoExtension
    }

    @AfterEach
    void clean() {
        MotoSdkProperties.clear();
        admin.nodes().delete();
    }

    static CliRun rotate(String... args) {
        List<String> all = new ArrayList<>(List.of("rotate", "--env", "acc", "-f", spec.toString(),
                "--poll-interval-ms", "200"));
        all.addAll(List.of(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    @Test
    void rotatingAThreeNodePoolNeverViolatesTheBudgetAndEndsAtItsOriginalSizeAndASecondRunDoesNothing(
            MotoServer moto) throws Exception {
        try (MotoWorkerPool pool = new MotoWorkerPool(moto);
             BootingKubeletStandIn kubelets = new BootingKubeletStandIn(pool.ec2, admin, GROUP, id -> Boot.READY)) {
            List<String> old = pool.instanceIds();
            assertThat(old).hasSize(3);
            List<String> oldNodes = awaitReadyNodes(kubelets, old);

            // All three replicas on one node: draining it needs the budget's consent for each, one at a time.
            String ns = "rotate-budget";
            setUnschedulable(oldNodes.get(1), true);
            setUnschedulable(oldNodes.get(2), true);
            deployWebWithBudget(ns, 2);
            List<Pod> pods = awaitReadyPods(ns, 3);
            assertThat(pods).extracting(p -> p.getSpec().getNodeName()).containsOnly(oldNodes.get(0));
            setUnschedulable(oldNodes.get(1), false);
            setUnschedulable(oldNodes.get(2), false);
            admin.policy().v1().podDisruptionBudget().inNamespace(ns).withName("web").waitUntilCondition(
                    b -> b.getStatus() != null && b.getStatus().getDisruptionsAllowed() == 1, WAIT_SECONDS,
                    TimeUnit.SECONDS);

            pool.newTemplateVersion();
            CliRun run;
            try (ReadyPodsWatch watch = new ReadyPodsWatch(admin, ns)) {
                run = rotate("--pool", "general", "--yes", "--ready-timeout", "60", "--drain-timeout", "120");
                // 3 Pods evicted and 3 replacements started: at least 9 changes (an eviction, a deletion, an addition)
                assertThat(watch.changes()).as("Pod changes the watch saw").isGreaterThanOrEqualTo(9);
                assertThat(watch.minimum()).as("ready replicas of web (PodDisruptionBudget minAvailable 2) at every"
                        + " sample during the rotation").isGreaterThanOrEqualTo(2);
            }
            kubelets.assertHealthy();
            assertThat(run.exitCode()).as(run.all()).isZero();
            assertThat(run.out()).contains("pool general (group " + GROUP + ", desired 3): 3 to replace with launch"
                    + " template version 2", "rotated: 3 replaced; desired capacity 3");
            for (Pod p : pods) {
                assertThat(run.err()).contains("evicted " + ns + "/" + p.getMetadata().getName() + " from "
                        + oldNodes.get(0));
            }

            for (String id : old) {
                assertThat(pool.state(id)).as(id).isIn(InstanceStateName.TERMINATED, InstanceStateName.SHUTTING_DOWN);
            }
            assertThat(pool.group().desiredCapacity()).isEqualTo(3);
            assertThat(pool.group().maxSize()).isEqualTo(MotoWorkerPool.MAX);
            List<String> now = pool.instanceIds();
            assertThat(now).hasSize(3).doesNotContainAnyElementsOf(old);
            assertThat(now).allSatisfy(id -> assertThat(pool.launchedVersion(id)).isEqualTo("2"));
            assertThat(pool.tagKeys()).noneMatch(k -> k.startsWith("slipway/rotation-"));
            List<Node> nodes = admin.nodes().list().getItems();
            assertThat(nodes).extracting(n -> n.getMetadata().getName())
                    .containsExactlyInAnyOrderElementsOf(now.stream().map(kubelets::nodeOf).toList());
            assertThat(nodes).allSatisfy(n -> assertThat(n.getSpec().getUnschedulable()).isNotEqualTo(Boolean.TRUE));
            assertThat(awaitReadyPods(ns, 3)).extracting(p -> p.getSpec().getNodeName())
                    .doesNotContainAnyElementsOf(oldNodes);

            CliRun again = rotate("--pool", "general", "--yes", "-o", "json");
            assertThat(again.exitCode()).as(again.all()).isZero();
            JsonNode result = assertMatchesSchema(again.out()).get("result");
            assertThat(result.at("/pools/0/outcome").asText()).isEqualTo("nothing_to_do");
            assertThat(result.at("/pools/0/replacements")).isEmpty();
            assertThat(pool.instanceIds()).isEqualTo(now);
            assertThat(pool.group().desiredCapacity()).isEqualTo(3);
            CliRun againText = rotate("--pool", "general");
            assertThat(againText.exitCode()).as(againText.all()).isZero();
            assertThat(againText.out()).contains("every instance runs launch template version 2; nothing to rotate");
        }
    }

    /**
     * A spot pool (issue 28): the group launches from a mixed instances policy, and Terraform's new template version
     * goes into the policy, not into the group's own launch template (which it does not have). rotate reads the
     * version from the policy, surges, drains and terminates as on an on-demand pool, and ends with every instance
     * launched from the new version and the policy (distribution, overrides) unchanged.
     */
    @Test
    void aSpotPoolIsRotatedToTheTemplateVersionInItsMixedInstancesPolicy(MotoServer moto) throws Exception {
        try (MotoWorkerPool pool = new MotoWorkerPool(moto, true);
             BootingKubeletStandIn kubelets = new BootingKubeletStandIn(pool.ec2, admin, GROUP, id -> Boot.READY)) {
            assertThat(pool.group().launchTemplate()).as("only the policy names the template").isNull();
            List<String> old = pool.instanceIds();
            assertThat(old).hasSize(3);
            awaitReadyNodes(kubelets, old);

            pool.newTemplateVersion();
            CliRun run = rotate("--pool", "general", "--yes", "--ready-timeout", "60", "--drain-timeout", "60");
            kubelets.assertHealthy();
            assertThat(run.exitCode()).as(run.all()).isZero();
            assertThat(run.out()).contains("pool general (group " + GROUP + ", desired 3): 3 to replace with launch"
                    + " template version 2", "rotated: 3 replaced; desired capacity 3");
            List<String> now = pool.instanceIds();
            assertThat(now).hasSize(3).doesNotContainAnyElementsOf(old);
            assertThat(now).allSatisfy(id -> assertThat(pool.launchedVersion(id)).isEqualTo("2"));
            var policy = pool.group().mixedInstancesPolicy();
            assertThat(policy.launchTemplate().launchTemplateSpecification().version()).isEqualTo("2");
            assertThat(policy.launchTemplate().overrides()).hasSize(2);
            assertThat(policy.instancesDistribution().onDemandBaseCapacity()).isEqualTo(1);
            assertThat(pool.group().desiredCapacity()).isEqualTo(3);
            assertThat(pool.group().maxSize()).isEqualTo(MotoWorkerPool.MAX);
            assertThat(pool.tagKeys()).noneMatch(k -> k.startsWith("slipway/rotation-"));

            CliRun again = rotate("--pool", "general");
            assertThat(again.exitCode()).as(again.all()).isZero();
            assertThat(again.out()).contains("every instance runs launch template version 2; nothing to rotate");
        }
    }

    @Test
    void aReplacementThatNeverBecomesReadyAbortsKeepsTheOldNodesAndRestoresTheSizeAndARerunContinues(
            MotoServer moto) throws Exception {
        try (MotoWorkerPool pool = new MotoWorkerPool(moto);
             BootingKubeletStandIn kubelets = new BootingKubeletStandIn(pool.ec2, admin, GROUP, id -> Boot.READY)) {
            List<String> old = pool.instanceIds();
            List<String> oldNodes = awaitReadyNodes(kubelets, old);
            pool.newTemplateVersion();

            // The new instance's kubelet registers, but the cloud controller never initialises the Node.
            kubelets.boot(id -> Boot.UNINITIALIZED);
            CliRun uninitialised = rotate("--yes", "--ready-timeout", "3");
            assertThat(uninitialised.exitCode()).as(uninitialised.all()).isEqualTo(1);
            assertThat(uninitialised.err()).contains("new node not Ready within 3s",
                    NodeReadiness.UNINITIALIZED_TAINT, "aborted; old nodes kept, desired capacity 3 (original 3)");
            assertThat(uninitialised.out()).contains("ABORTED after 0 replaced; old nodes kept; desired capacity 3");
            assertRestored(pool, old, oldNodes);

            // The new instance never boots at all.
            kubelets.boot(id -> Boot.NEVER);
            CliRun silent = rotate("--yes", "--ready-timeout", "3", "-o", "json");
            assertThat(silent.exitCode()).as(silent.all()).isEqualTo(1);
            assertThat(silent.err()).contains("no Node with providerID aws:///eu-west-1");
            JsonNode result = assertMatchesSchema(silent.out()).get("result");
            assertThat(result.at("/pools/0/outcome").asText()).isEqualTo("aborted");
            assertThat(result.at("/pools/0/finalDesired").asInt()).isEqualTo(3);
            assertRestored(pool, old, oldNodes);

            // Once replacements boot, the same command continues and finishes.
            kubelets.boot(id -> Boot.READY);
            CliRun fixed = rotate("--yes", "--ready-timeout", "60");
            assertThat(fixed.exitCode()).as(fixed.all()).isZero();
            assertThat(pool.instanceIds()).hasSize(3).doesNotContainAnyElementsOf(old);
            assertThat(pool.group().desiredCapacity()).isEqualTo(3);
            kubelets.assertHealthy();
        }
    }

    /**
     * A run killed with {@code kill -9} in the middle of a drain leaves the group one above its size (with the original
     * size recorded on it) and one old Node cordoned by the rotation: that state is made here directly, as the killed
     * run would have left it. A re-run whose new node does not come up aborts and puts that node back in service; a
     * re-run that works finishes with the cordoned node first.
     */
    @Test
    void aRunKilledHalfWayIsContinuedOrUndoneByTheNextOne(MotoServer moto) throws Exception {
        try (MotoWorkerPool pool = new MotoWorkerPool(moto);
             BootingKubeletStandIn kubelets = new BootingKubeletStandIn(pool.ec2, admin, GROUP, id -> Boot.READY)) {
            List<String> old = pool.instanceIds();
            List<String> oldNodes = awaitReadyNodes(kubelets, old);
            pool.newTemplateVersion();
            leaveAsAKilledRunWould(pool, oldNodes.get(1), Boot.UNINITIALIZED, kubelets);

            CliRun aborted = rotate("--yes", "--ready-timeout", "3");
            assertThat(aborted.exitCode()).as(aborted.all()).isEqualTo(1);
            assertThat(aborted.out()).contains("continuing an unfinished rotation", "desired 4");
            assertThat(aborted.err()).contains("uncordoned " + oldNodes.get(1));
            assertRestored(pool, old, oldNodes);

            leaveAsAKilledRunWould(pool, oldNodes.get(1), Boot.READY, kubelets);
            CliRun resumed = rotate("--yes", "--ready-timeout", "60");
            assertThat(resumed.exitCode()).as(resumed.all()).isZero();
            assertThat(resumed.out()).contains("1. " + old.get(1) + "  node " + oldNodes.get(1));
            assertThat(pool.instanceIds()).hasSize(3).doesNotContainAnyElementsOf(old);
            assertThat(pool.group().desiredCapacity()).isEqualTo(3);
            assertThat(pool.tagKeys()).noneMatch(k -> k.startsWith("slipway/rotation-"));
            assertThat(admin.nodes().list().getItems()).hasSize(3);
        }
    }

    /**
     * A budget that allows no disruption at all (minAvailable 3 of 3): the drain is refused, reported with the budget
     * and the Pods still on the node, retried until the timeout, never forced; the rotation stops with the old node
     * back in service and the surge kept, and continues once the budget allows.
     */
    @Test
    void aDrainTheBudgetRefusesStopsWithoutForcingAndARerunContinuesOnceItAllows(MotoServer moto) throws Exception {
        try (MotoWorkerPool pool = new MotoWorkerPool(moto);
             BootingKubeletStandIn kubelets = new BootingKubeletStandIn(pool.ec2, admin, GROUP, id -> Boot.READY)) {
            List<String> old = pool.instanceIds();
            awaitReadyNodes(kubelets, old);
            String ns = "rotate-blocked";
            deployWebWithBudget(ns, 3);
            List<String> before = awaitReadyPods(ns, 3).stream().map(p -> p.getMetadata().getName()).toList();
            pool.newTemplateVersion();

            CliRun blocked = rotate("--yes", "--ready-timeout", "60", "--drain-timeout", "3");
            assertThat(blocked.exitCode()).as(blocked.all()).isEqualTo(1);
            assertThat(blocked.err()).contains("is refused by PodDisruptionBudget " + ns + "/web (minAvailable 3: 3"
                    + " healthy of 3 (3 needed), 0 disruptions allowed)", "did not finish within 3s; still there: "
                    + ns + "/web-", "Nothing was forced; the node is uncordoned and the group stays at 4 (original 3)");
            assertThat(blocked.out()).contains("STOPPED (drain blocked) after 0 replaced; desired capacity 4");
            assertThat(ReadyPodsWatch.ready(admin, ns)).extracting(p -> p.getMetadata().getName())
                    .containsExactlyInAnyOrderElementsOf(before);
            assertThat(pool.group().desiredCapacity()).isEqualTo(4);
            assertThat(pool.tagKeys()).contains("slipway/rotation-original-desired");
            assertThat(pool.instanceIds()).containsAll(old);
            assertThat(admin.nodes().list().getItems()).hasSize(4).allSatisfy(n -> assertThat(
                    n.getSpec().getUnschedulable()).isNotEqualTo(Boolean.TRUE));

            admin.policy().v1().podDisruptionBudget().inNamespace(ns).withName("web").patch(
                    PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"minAvailable\":2}}");
            CliRun resumed = rotate("--yes", "--ready-timeout", "60", "--drain-timeout", "120");
            assertThat(resumed.exitCode()).as(resumed.all()).isZero();
            assertThat(resumed.out()).contains("continuing an unfinished rotation");
            assertThat(pool.instanceIds()).hasSize(3).doesNotContainAnyElementsOf(old);
            assertThat(pool.group().desiredCapacity()).isEqualTo(3);
            assertThat(pool.tagKeys()).noneMatch(k -> k.startsWith("slipway/rotation-"));
            assertThat(awaitReadyPods(ns, 3)).hasSize(3);
        }
    }

    @Test
    void aDryRunListsTheStepsAndChangesNothingAndWithoutATerminalNothingHappensWithoutYes(MotoServer moto)
            throws Exception {
        try (MotoWorkerPool pool = new MotoWorkerPool(moto);
             BootingKubeletStandIn kubelets = new BootingKubeletStandIn(pool.ec2, admin, GROUP, id -> Boot.READY)) {
            awaitReadyNodes(kubelets, pool.instanceIds());
            pool.newTemplateVersion();
            Supplier<String> snapshot = () -> pool.group().desiredCapacity() + " " + pool.group().maxSize() + " "
                    + pool.instanceIds() + " " + pool.tagKeys() + " " + nodeStates();
            String before = snapshot.get();

            CliRun dry = rotate("--dry-run");
            assertThat(dry.exitCode()).as(dry.all()).isZero();
            List<String> inGroupOrder = pool.group().instances().stream().map(i -> i.instanceId()).toList();
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < inGroupOrder.size(); i++) {
                lines.add((i + 1) + ". " + inGroupOrder.get(i) + "  node " + kubelets.nodeOf(inGroupOrder.get(i))
                        + "  version 1");
            }
            assertThat(dry.out()).contains(lines).contains("grow the group to 4", "back to 3",
                    "dry run: nothing was changed");
            CliRun dryJson = rotate("--dry-run", "--max-unavailable", "2", "-o", "json");
            assertThat(dryJson.exitCode()).as(dryJson.all()).isZero();
            JsonNode result = assertMatchesSchema(dryJson.out()).get("result");
            assertThat(result.at("/dryRun").asBoolean()).isTrue();
            assertThat(result.at("/pools/0/outcome").asText()).isEqualTo("planned");
            assertThat(result.at("/pools/0/replacements/0/instance").asText()).isEqualTo(inGroupOrder.get(0));

            // Where a rotation writes first (the group's size and tags, a cordon) is watched across the run; the
            // command returns when done, so a write it made is recorded by then however slow the rest would be.
            WriteWatch watch = WriteWatch.start(List.of(dir), moto, proxy);
            java.util.Map<String, String> environment = new java.util.HashMap<>(System.getenv());
            environment.put("HOME", dir.resolve("home").toString());
            CliRun unasked = CliRun.withEnvironment(environment, "rotate", "--env", "acc", "-f", spec.toString(),
                    "--poll-interval-ms", "200", "--kubeconfig", proxyKubeconfig.toString());
            assertThat(unasked.exitCode()).as(unasked.all()).isEqualTo(2);
            assertThat(unasked.err()).contains("no terminal to ask on", "--yes", "nothing was changed");
            assertThat(watch.writes()).as("written by rotate without --yes").isEmpty();
            assertThat(snapshot.get()).isEqualTo(before);
            // Positive control: the same watch sees the rotation's first writes made as the rotation makes them.
            WriteWatch control = WriteWatch.start(List.of(dir), moto, proxy);
            pool.autoScaling.createOrUpdateTags(r -> r.tags(t -> t.resourceId(GROUP)
                    .resourceType("auto-scaling-group").key("slipway/rotation-original-desired").value("3")
                    .propagateAtLaunch(false)));
            try (KubernetesClient viaProxy = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                    .withConfig(io.fabric8.kubernetes.client.Config.fromKubeconfig(Files.readString(proxyKubeconfig)))
                    .build()) {
                new ClusterNodes(viaProxy).cordon(kubelets.nodeOf(inGroupOrder.get(0)));
            }
            assertThat(control.writes()).anyMatch(w -> w.startsWith("AWS POST ") && w.endsWith(" CreateOrUpdateTags"))
                    .anyMatch(w -> w.startsWith("Kubernetes API PATCH /api/v1/nodes/")
                            || w.startsWith("Kubernetes API PUT /api/v1/nodes/"));
        }
    }

    /** The state a run killed mid-drain leaves: original size on the group, one surge instance, one node cordoned. */
    private void leaveAsAKilledRunWould(MotoWorkerPool pool, String cordoned, Boot surge, BootingKubeletStandIn kubelets)
            throws InterruptedException {
        kubelets.boot(id -> surge);
        pool.autoScaling.createOrUpdateTags(r -> r.tags(t -> t.resourceId(GROUP).resourceType("auto-scaling-group")
                .key("slipway/rotation-original-desired").value("3").propagateAtLaunch(false)));
        pool.autoScaling.setDesiredCapacity(r -> r.autoScalingGroupName(GROUP).desiredCapacity(4));
        new ClusterNodes(admin).cordon(cordoned);
        awaitCondition("the surge instance's Node", () -> admin.nodes().list().getItems().size() == 4
                || surge == Boot.NEVER);
    }

    private void assertRestored(MotoWorkerPool pool, List<String> old, List<String> oldNodes) {
        assertThat(pool.instanceIds()).as("every old instance kept, nothing else").isEqualTo(old);
        assertThat(pool.group().desiredCapacity()).isEqualTo(3);
        assertThat(pool.group().maxSize()).isEqualTo(MotoWorkerPool.MAX);
        assertThat(pool.tagKeys()).noneMatch(k -> k.startsWith("slipway/rotation-"));
        List<Node> nodes = admin.nodes().list().getItems();
        assertThat(nodes).extracting(n -> n.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(oldNodes);
        assertThat(nodes).allSatisfy(n -> {
            assertThat(n.getSpec().getUnschedulable()).as(n.getMetadata().getName()).isNotEqualTo(Boolean.TRUE);
            assertThat(ClusterNodes.cordonedByRotation(n)).isFalse();
        });
    }

    private String nodeStates() {
        Map<String, String> states = new TreeMap<>();
        admin.nodes().list().getItems().forEach(n -> states.put(n.getMetadata().getName(),
                n.getSpec().getUnschedulable() + " " + n.getMetadata().getAnnotations()));
        return states.toString();
    }

    private static JsonNode assertMatchesSchema(String out) throws IOException {
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(GoldenFiles.repo().resolve("schema/output.schema.json")), InputFormat.JSON);
        assertThat(schema.validate(out, InputFormat.JSON)).as(out).isEmpty();
        JsonNode json = new ObjectMapper().readTree(out);
        assertThat(json.get("command").asText()).isEqualTo("rotate");
        return json;
    }

    /** Waits until each instance has a Ready Node; returns the Nodes' names in the instances' order. */
    private static List<String> awaitReadyNodes(BootingKubeletStandIn kubelets, List<String> instances)
            throws InterruptedException {
        awaitCondition("Ready Nodes for " + instances, () -> instances.stream().allMatch(id -> {
            String name = kubelets.nodeOf(id);
            Node n = name == null ? null : admin.nodes().withName(name).get();
            return n != null && NodeReadiness.ready(n);
        }));
        return instances.stream().map(kubelets::nodeOf).toList();
    }

    private static void setUnschedulable(String node, boolean unschedulable) {
        ReadChangeReplace.replace(admin, admin.nodes().withName(node), n -> new NodeBuilder(n).editSpec()
                .withUnschedulable(unschedulable)
                .endSpec().build());
    }

    private static void deployWebWithBudget(String ns, int minAvailable) {
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                .create();
        admin.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(3).withNewSelector().withMatchLabels(APP).endSelector()
                    .withNewTemplate().withNewMetadata().withLabels(APP).endMetadata()
                        .withNewSpec().addNewContainer().withName("web").withImage("registry.invalid/web:1")
                        .endContainer().endSpec()
                    .endTemplate()
                .endSpec().build()).create();
        admin.policy().v1().podDisruptionBudget().inNamespace(ns).resource(new PodDisruptionBudgetBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withMinAvailable(new IntOrString(minAvailable)).withNewSelector().withMatchLabels(APP)
                .endSelector().endSpec().build()).create();
    }

    private static List<Pod> awaitReadyPods(String ns, int count) throws InterruptedException {
        List<List<Pod>> last = new ArrayList<>(List.of(List.of()));
        awaitCondition(count + " ready Pods in " + ns, () -> {
            List<Pod> ready = ReadyPodsWatch.ready(admin, ns);
            last.set(0, ready);
            return ready.size() == count;
        });
        return last.get(0);
    }

    private static void awaitCondition(String what, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    /**
     * Follows the app's Pods through a watch (an informer: every change, in order, none missed between two polls) all
     * through the rotation, and keeps the lowest number of Ready Pods seen after the first 3: what the
     * PodDisruptionBudget promises to keep at 2 or more.
     */
    static final class ReadyPodsWatch implements AutoCloseable {
        private final Map<String, Boolean> readiness = new java.util.concurrent.ConcurrentHashMap<>();
        private final AtomicInteger minimum = new AtomicInteger(Integer.MAX_VALUE);
        private final AtomicInteger changes = new AtomicInteger();
        private final io.fabric8.kubernetes.client.informers.SharedIndexInformer<Pod> informer;
        private volatile boolean armed;

        ReadyPodsWatch(KubernetesClient client, String ns) throws InterruptedException {
            informer = client.pods().inNamespace(ns).withLabels(APP).inform(
                    new io.fabric8.kubernetes.client.informers.ResourceEventHandler<>() {
                        @Override
                        public void onAdd(Pod pod) {
                            seen(pod.getMetadata().getName(), isReady(pod));
                        }

                        @Override
                        public void onUpdate(Pod before, Pod pod) {
                            seen(pod.getMetadata().getName(), isReady(pod));
                        }

                        @Override
                        public void onDelete(Pod pod, boolean finalStateUnknown) {
                            seen(pod.getMetadata().getName(), null);
                        }
                    });
            awaitCondition("the watch to see 3 ready Pods", () -> count() == 3);
            armed = true;
        }

        private synchronized void seen(String pod, Boolean ready) {
            if (ready == null) {
                readiness.remove(pod);
            } else {
                readiness.put(pod, ready);
            }
            if (armed) {
                changes.incrementAndGet();
                minimum.accumulateAndGet(count(), Math::min);
            }
        }

        private int count() {
            return (int) readiness.values().stream().filter(Boolean::booleanValue).count();
        }

        /** Pods of the app that are Ready and not being deleted (a Pod being evicted no longer counts). */
        static List<Pod> ready(KubernetesClient client, String ns) {
            return client.pods().inNamespace(ns).withLabels(APP).list().getItems().stream()
                    .filter(ReadyPodsWatch::isReady).toList();
        }

        static boolean isReady(Pod p) {
            return p.getMetadata().getDeletionTimestamp() == null && p.getStatus() != null
                    && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        }

        int minimum() {
            return minimum.get();
        }

        int changes() {
            return changes.get();
        }

        @Override
        public void close() {
            informer.close();
        }
    }
}
