package dev.slipway.operate.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.apply.aws.AwsClients;
import dev.slipway.pki.ClusterAdminsBinding;
import dev.slipway.state.AwsSettings;
import dev.slipway.testing.CliRun;
import dev.slipway.testing.KubernetesApiProxy;
import dev.slipway.testing.KubernetesControlPlane;
import dev.slipway.testing.MotoSdkProperties;
import dev.slipway.testing.MotoServer;
import dev.slipway.testing.Openssl;
import dev.slipway.testing.ReadChangeReplace;
import dev.slipway.testing.WriteWatch;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;

/**
 * {@code slipway doctor} as a user runs it, against the harness's API server (started on the PKI {@code slipway certs}
 * made for acc, kwok nodes) and moto (the infra bucket synced by {@code slipway sync}, load balancers made through
 * ELBv2). First a healthy environment (every check ok, exit 0); then planted problems, each found; then {@code --fix
 * --dry-run} (nothing changes), {@code --fix} (the crash-looping Pod is replaced, provisioning re-synced, those checks
 * turn ok); then {@code --dump} (no secret value in any file).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DoctorCommandTest {
    static final String CLUSTER_TAG = "kubernetes.io/cluster/yourcom-acc";
    @TempDir
    static Path dir;
    static Path spec;
    static KubernetesControlPlane cp;
    static KubernetesClient admin;
    /** A recording proxy in front of the API server, and a kubeconfig naming it: what sees the API writes. */
    static KubernetesApiProxy proxy;
    static Path proxyKubeconfig;
    static MotoServer moto;
    static AwsClients aws;
    static List<String> subnets = new ArrayList<>();
    /** A value only the planted Secret holds: it must appear in no file of the dump. */
    static final String SECRET = "doctor-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));

    @BeforeAll
    static void start() throws Exception {
        spec = dir.resolve("platform.yaml");
        Files.copy(Path.of(System.getProperty("slipway.repo", "."), "examples/yourcom/platform.yaml"), spec);
        moto = MotoServer.start();
        MotoSdkProperties.pointAt(moto);
        try (var s3 = moto.s3()) {
            s3.createBucket(b -> b.bucket("yourcom-infra")
                    .createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.EU_WEST_1)));
        }
        CliRun certs = slipway("certs", "--env", "acc");
        assertThat(certs.exitCode()).as(certs.all()).isZero();
        CliRun sync = slipway("sync", "--env", "acc");
        assertThat(sync.exitCode()).as(sync.all()).isZero();
        cp = KubernetesControlPlane.builder().pki(dir.resolve(".slipway/acc/pki")).start();
        admin = cp.client();
        admin.resource(ClusterAdminsBinding.manifest()).create();
        CliRun kubeconfig = slipway("kubeconfig", "--env", "acc", "--server", cp.apiserverUrl());
        assertThat(kubeconfig.exitCode()).as(kubeconfig.all()).isZero();
        proxy = new KubernetesApiProxy(cp);
        proxyKubeconfig = dir.resolve("proxy.conf");
        CliRun viaProxy = slipway("kubeconfig", "--env", "acc", "--server", proxy.url(), "--output-file",
                proxyKubeconfig.toString());
        assertThat(viaProxy.exitCode()).as(viaProxy.all()).isZero();
        aws = new AwsClients(AwsSettings.resolve("eu-west-1"));
        var vpc = moto.ec2().createVpc(b -> b.cidrBlock("10.10.0.0/16")).vpc().vpcId();
        for (String zone : List.of("eu-west-1a", "eu-west-1b")) {
            subnets.add(moto.ec2().createSubnet(b -> b.vpcId(vpc).availabilityZone(zone)
                    .cidrBlock(zone.endsWith("a") ? "10.10.1.0/24" : "10.10.2.0/24")).subnet().subnetId());
        }
        healthyEnvironment();
    }

    @AfterAll
    static void stop() {
        MotoSdkProperties.clear();
        if (aws != null) {
            aws.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (cp != null) {
            cp.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    static CliRun slipway(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-f", spec.toString()));
        return CliRun.of(all.toArray(String[]::new));
    }

    /** As {@link #slipway}, through the recording proxy, with HOME in the test's folder (watched for writes). */
    static CliRun viaProxy(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--kubeconfig", proxyKubeconfig.toString(), "-f", spec.toString()));
        Map<String, String> environment = new java.util.HashMap<>(System.getenv());
        environment.put("HOME", home().toString());
        return CliRun.withEnvironment(environment, all.toArray(String[]::new));
    }

    static Path home() {
        return dir.resolve("home");
    }

    /** Where {@code doctor --fix} could write: the spec's folder (HOME is in it), moto, the API server. */
    static WriteWatch watchWrites() {
        return WriteWatch.start(List.of(dir), moto, proxy);
    }

    /**
     * Kubelets at the spec's version; a Slipway-managed add-on (a Secret's value in its environment) and a second one
     * under a budget that allows one disruption; a LoadBalancer Service with an address and its tagged NLB in moto.
     */
    static void healthyEnvironment() throws Exception {
        for (String node : cp.nodeNames()) {
            setKubeletVersion(node, "v1.36.3");
        }
        admin.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName("monitoring").endMetadata().build()).create();
        admin.secrets().inNamespace("monitoring").resource(new SecretBuilder().withNewMetadata()
                .withName("grafana-admin").endMetadata()
                .withStringData(Map.of("password", SECRET)).build()).create();
        addon("grafana", true);
        addon("alertmanager", false);
        admin.policy().v1().podDisruptionBudget().inNamespace("monitoring").resource(new PodDisruptionBudgetBuilder()
                .withNewMetadata().withName("alertmanager").endMetadata()
                .withNewSpec().withMaxUnavailable(new IntOrString(1))
                .withNewSelector().addToMatchLabels("app", "alertmanager").endSelector().endSpec().build()).create();
        admin.services().inNamespace("monitoring").resource(new ServiceBuilder().withNewMetadata()
                .withName("grafana-public").endMetadata().withNewSpec().withType("LoadBalancer")
                .addToSelector("app", "grafana").addNewPort().withPort(80).withTargetPort(new IntOrString(3000))
                .endPort().endSpec().build()).create();
        String dns = loadBalancer("a1b2-grafana", "monitoring/grafana-public");
        // What the cloud controller does once the NLB exists (no cloud controller runs on the harness).
        admin.services().inNamespace("monitoring").withName("grafana-public").editStatus(s -> {
            s.getStatus().setLoadBalancer(new io.fabric8.kubernetes.api.model.LoadBalancerStatusBuilder()
                    .addNewIngress().withHostname(dns).endIngress().build());
            return s;
        });
        await("add-ons ready and the budget computed", () -> ready("grafana") && ready("alertmanager")
                && budgetAllows("alertmanager", 1));
    }

    static void addon(String name, boolean withSecret) {
        var container = new io.fabric8.kubernetes.api.model.ContainerBuilder().withName(name)
                .withImage("registry.example/" + name + ":1.0");
        if (withSecret) {
            container.addNewEnv().withName("GF_SECURITY_ADMIN_PASSWORD").withNewValueFrom().withNewSecretKeyRef()
                    .withName("grafana-admin").withKey("password").endSecretKeyRef().endValueFrom().endEnv();
        }
        admin.apps().deployments().inNamespace("monitoring").resource(new DeploymentBuilder().withNewMetadata()
                .withName(name).addToLabels("app.kubernetes.io/managed-by", "slipway")
                .addToLabels("slipway.dev/component", name).endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name)
                // as a last-applied annotation would carry it: the dump must not copy annotations
                .addToAnnotations("example.com/note", withSecret ? "password " + SECRET : "none").endMetadata()
                .withNewSpec().addToContainers(container.build()).endSpec().endTemplate().endSpec().build())
                .create();
    }

    /** An NLB in moto tagged as the AWS cloud controller tags the one it makes for {@code service}. */
    static String loadBalancer(String name, String service) {
        ElasticLoadBalancingV2Client elb = aws.loadBalancing();
        return elb.createLoadBalancer(b -> b.name(name).subnets(subnets).type(LoadBalancerTypeEnum.NETWORK)
                .tags(Tag.builder().key(CLUSTER_TAG).value("owned").build(),
                        Tag.builder().key("kubernetes.io/service-name").value(service).build()))
                .loadBalancers().get(0).dnsName();
    }

    @Test
    @Order(1)
    void aHealthyEnvironmentPassesEveryCheck() throws Exception {
        CliRun run = slipway("doctor", "--env", "acc");
        assertThat(run.exitCode()).as(run.all()).isZero();
        for (String check : List.of("nodes", "addons", "certificates", "versions", "volume-claims",
                "disruption-budgets", "load-balancer-addresses", "orphaned-load-balancers", "app-certificates",
                "provisioning", "bootstrap-token")) {
            assertThat(run.out()).as(run.all()).containsPattern("(?m)^  ok    " + check + " ");
        }
        assertThat(run.out()).contains("acc: 0 failed, 0 with warnings, 11 ok").doesNotContain("fix:");

        JsonNode json = json(slipway("doctor", "--env", "acc", "-o", "json"));
        assertThat(json.at("/result/verdict").asText()).isEqualTo("ok");
        assertThat(json.at("/result/checks")).hasSize(11);
    }

    @Test
    @Order(2)
    void findsEveryPlantedProblem() throws Exception {
        plantProblems();
        CliRun run = slipway("doctor", "--env", "acc");
        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        String out = run.out();
        assertThat(out).as(run.all())
                // crash-looping add-on Pod, with the safe fix
                .containsPattern("(?m)^  FAIL  addons ")
                .containsPattern("FAIL Pod monitoring/grafana-[a-z0-9-]+: container grafana waiting: CrashLoopBackOff,"
                        + " 6 restarts, last exit 1 \\(Error\\) \\(Deployment monitoring/grafana\\)")
                // the node the cloud controller never initialized, and one that never reported
                .containsPattern("(?m)^  FAIL  nodes ")
                .contains("FAIL node worker-new: taint node.cloudprovider.kubernetes.io/uninitialized:NoSchedule",
                        "providerID aws:///eu-west-1a/" + instanceId)
                .contains("FAIL node stale-node: no Ready condition")
                // the certificate 10 days from expiry (PKI), the kubelet serving certificate likewise
                .containsPattern("(?m)^  warn  certificates ")
                .containsPattern("warn PKI front-proxy-client: expires in 9 days")
                .containsPattern("warn kubelet CN=system:node:worker-1,O=system:nodes \\(kubernetes.io/kubelet-serving\\):"
                        + " expires in 9 days")
                // the orphaned load balancer
                .containsPattern("(?m)^  warn  orphaned-load-balancers ")
                .contains("warn load balancer k8s-apps-gone: network arn:aws:elasticloadbalancing:",
                        "tagged for Service apps/gone, which is not a LoadBalancer Service in the cluster",
                        "fix: aws elbv2 delete-load-balancer --load-balancer-arn arn:aws:elasticloadbalancing:")
                .doesNotContain("load balancer a1b2-grafana")
                // the others
                .containsPattern("(?m)^  FAIL  versions ")
                .contains("FAIL kubelet v1.32.0 on worker-new: outside the supported skew: API server v1.36.3")
                .containsPattern("(?m)^  FAIL  volume-claims ")
                .contains("FAIL PersistentVolumeClaim monitoring/data: Pending since", "Pod uses-data waits for it")
                .containsPattern("(?m)^  warn  disruption-budgets ")
                .contains("warn PodDisruptionBudget monitoring/alertmanager: minAvailable 1 with 1 healthy of 1 Pods:"
                        + " 0 disruptions allowed")
                .containsPattern("(?m)^  FAIL  load-balancer-addresses ")
                .contains("FAIL Service monitoring/web: type LoadBalancer without an address")
                .containsPattern("(?m)^  FAIL  provisioning ")
                .contains("1 object missing or different from build/acc/provisioning/: " + changedKey)
                .contains("--fix can repair 2: slipway doctor --env acc --fix");

        JsonNode json = json(slipway("doctor", "--env", "acc", "-o", "json"));
        assertThat(json.at("/result/verdict").asText()).isEqualTo("fail");
        assertThat(verdicts(json)).containsExactly("nodes=fail", "addons=fail", "certificates=warn", "versions=fail",
                "volume-claims=fail", "disruption-budgets=warn", "load-balancer-addresses=fail",
                "orphaned-load-balancers=warn", "app-certificates=ok", "provisioning=fail",
                "bootstrap-token=ok");
    }

    @Test
    @Order(3)
    void fixDryRunListsTheSafeFixesAndChangesNothing() throws Exception {
        Pod before = grafanaPod();
        WriteWatch watch = watchWrites();
        CliRun run = viaProxy("doctor", "--env", "acc", "--fix", "--dry-run");
        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).contains("--fix would:", "  delete Pod monitoring/" + before.getMetadata().getName()
                + " (its ReplicaSet ", "  upload 1 object to s3://yourcom-infra/acc/nodes/ (slipway sync, no prune)",
                "dry run: nothing was changed").doesNotContain("After the fixes");
        // The command returns when done: whatever it wrote is in the recorders now (no wait for a slow action).
        assertThat(watch.apiRequests()).as("the run went through the proxy")
                .anyMatch(r -> r.pathAndQuery().contains("/pods"));
        assertThat(watch.writes()).as("written by doctor --fix --dry-run").isEmpty();
        assertThat(grafanaPod().getMetadata().getUid()).isEqualTo(before.getMetadata().getUid());

        CliRun noTerminal = slipway("doctor", "--env", "acc", "--fix");
        assertThat(noTerminal.exitCode()).as(noTerminal.all()).isEqualTo(2);
        assertThat(noTerminal.err()).contains("no terminal to ask on", "pass --yes");
        assertThat(grafanaPod().getMetadata().getUid()).isEqualTo(before.getMetadata().getUid());
    }

    @Test
    @Order(4)
    void fixReplacesTheCrashLoopingPodAndResyncsProvisioning() throws Exception {
        Pod before = grafanaPod();
        WriteWatch watch = watchWrites();
        CliRun run = viaProxy("doctor", "--env", "acc", "--fix", "--yes");
        // the other planted problems have no safe fix: still exit 1
        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        // Positive control for the dry run's check: the same watch sees the real fixes' writes.
        assertThat(watch.writes()).as("written by doctor --fix --yes")
                .anyMatch(w -> w.startsWith("Kubernetes API DELETE /api/v1/namespaces/monitoring/pods/"
                        + before.getMetadata().getName()))
                .anyMatch(w -> w.startsWith("AWS PUT ") && w.contains(changedKey))
                .anyMatch(w -> w.startsWith("S3 object version changed: yourcom-infra/" + changedKey + "@")
                        || w.startsWith("S3 object version added: yourcom-infra/" + changedKey + "@"));
        assertThat(run.out()).contains("--fix will:", "done: deleted Pod monitoring/" + before.getMetadata().getName()
                + "; ReplicaSet ", "done: uploaded 1 object to s3://yourcom-infra/acc/nodes/", "After the fixes:");
        String after = run.out().substring(run.out().indexOf("After the fixes:"));
        assertThat(after).containsPattern("(?m)^  ok    addons ").containsPattern("(?m)^  ok    provisioning ")
                .containsPattern("(?m)^  FAIL  nodes ").doesNotContain("CrashLoopBackOff");
        Pod replacement = grafanaPod();
        assertThat(replacement.getMetadata().getUid()).isNotEqualTo(before.getMetadata().getUid());
        assertThat(replacement.getStatus().getContainerStatuses().get(0).getReady()).isTrue();

        CliRun again = slipway("doctor", "--env", "acc", "--fix", "--yes");
        assertThat(again.err()).contains("nothing --fix can repair");
        assertThat(again.out()).doesNotContain("--fix will:");
    }

    @Test
    @Order(5)
    void dumpWritesAPrivateBundleWithoutSecretValues() throws Exception {
        // the secret is where it would leak from: the Secret, a Pod's environment (by reference), an annotation,
        // and a log line (the harness's kubelets serve no logs, so redaction is shown by LogRedactionTest)
        assertThat(new String(java.util.Base64.getDecoder().decode(admin.secrets().inNamespace("monitoring")
                .withName("grafana-admin").get().getData().get("password")), StandardCharsets.UTF_8))
                .isEqualTo(SECRET);
        Path bundle = dir.resolve("bundle");
        CliRun run = slipway("doctor", "--env", "acc", "--dump", bundle.toString(), "-o", "json");
        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(json(run).at("/result/dump").asText()).isEqualTo(bundle.toString());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(bundle))).isEqualTo("rwx------");
        List<Path> files;
        try (Stream<Path> s = Files.walk(bundle)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(files.stream().map(p -> bundle.relativize(p).toString()).toList()).contains("README.txt",
                "report.json", "versions.json", "nodes.json", "pods.json", "events.json", "volume-claims.json",
                "certificates.json", "aws-load-balancers.json", "logs/monitoring/" + grafanaPod().getMetadata()
                        .getName() + "/grafana.log");
        StringBuilder all = new StringBuilder();
        for (Path f : files) {
            all.append(Files.readString(f));
            assertThat(f.getFileName().toString()).doesNotStartWith(".");
        }
        assertThat(all.toString()).doesNotContain(SECRET)
                .doesNotContain(java.util.Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8)))
                .doesNotContain("BEGIN", "PRIVATE KEY", "client-key-data")
                .doesNotContain(Files.readString(dir.resolve(".slipway/acc/pki/bootstrap-token")).strip())
                .contains("worker-new", "grafana", "k8s-apps-gone",
                        "front-proxy-client", "\"apiServer\" : \"v1.36.3\"", "uninitialized");
        assertThat(Files.readString(bundle.resolve("pods.json"))).doesNotContain("GF_SECURITY_ADMIN_PASSWORD",
                "example.com/note");
    }

    // --- planting ---------------------------------------------------------------------------------------------

    static String instanceId;
    static String changedKey;

    static void plantProblems() throws Exception {
        // 1. A crash loop, as the kubelet reports it: set through the status subresource. kwok's pod-ready stage
        // only acts on Pending Pods, so it leaves this Running Pod's status alone.
        Pod pod = grafanaPod();
        admin.pods().inNamespace("monitoring").withName(pod.getMetadata().getName()).editStatus(p -> {
            var cs = p.getStatus().getContainerStatuses().get(0);
            cs.setReady(false);
            cs.setStarted(false);
            cs.setRestartCount(6);
            cs.setState(new io.fabric8.kubernetes.api.model.ContainerStateBuilder().withNewWaiting()
                    .withReason("CrashLoopBackOff").withMessage("back-off 5m0s restarting failed container")
                    .endWaiting().build());
            cs.setLastState(new io.fabric8.kubernetes.api.model.ContainerStateBuilder().withNewTerminated()
                    .withExitCode(1).withReason("Error").endTerminated().build());
            p.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready")
                    || c.getType().equals("ContainersReady")).forEach(c -> c.setStatus("False"));
            return p;
        });
        // 2. A node left uninitialized: the test stands in for a booting kubelet by registering the Node for an
        // instance moto launched (kwok then keeps it Ready); no cloud controller removes the taint.
        String ami = moto.ec2().describeImages(b -> b.maxResults(5)).images().get(0).imageId();
        instanceId = moto.ec2().runInstances(b -> b.imageId(ami).instanceType(InstanceType.T3_MEDIUM).minCount(1)
                .maxCount(1).subnetId(subnets.get(0))).instances().get(0).instanceId();
        Map<String, Quantity> room = Map.of("cpu", new Quantity("4"), "memory", new Quantity("8Gi"), "pods",
                new Quantity("110"));
        admin.nodes().resource(new NodeBuilder().withNewMetadata().withName("worker-new")
                .addToAnnotations("kwok.x-k8s.io/node", "fake").addToLabels("kubernetes.io/hostname", "worker-new")
                .endMetadata().withNewSpec().withProviderID("aws:///eu-west-1a/" + instanceId).addNewTaint()
                .withKey("node.cloudprovider.kubernetes.io/uninitialized").withValue("true").withEffect("NoSchedule")
                .endTaint().endSpec().withNewStatus().withAllocatable(room).withCapacity(room).withNewNodeInfo()
                .withKubeletVersion("v1.32.0").endNodeInfo().endStatus().build()).create();
        // ... and one no kubelet ever reported for (kwok does not manage it)
        admin.nodes().resource(new NodeBuilder().withNewMetadata().withName("stale-node").endMetadata()
                .withNewStatus().withNewNodeInfo().withKubeletVersion("v1.36.3").endNodeInfo().endStatus().build())
                .create();
        // 3. A certificate 10 days from expiry in the state store, issued by openssl with the same key and CA.
        Path pki = dir.resolve(".slipway/acc/pki");
        Path csr = dir.resolve("front-proxy-client.csr");
        Openssl req = Openssl.run("req", "-new", "-key", pki.resolve("front-proxy-client.key").toString(),
                "-subj", "/CN=front-proxy-client", "-out", csr.toString());
        assertThat(req.exitCode()).as(req.output()).isZero();
        Openssl sign = Openssl.run("x509", "-req", "-in", csr.toString(), "-CA", pki.resolve("front-proxy-ca.crt")
                .toString(), "-CAkey", pki.resolve("front-proxy-ca.key").toString(), "-set_serial", "4242", "-days",
                "10", "-out", pki.resolve("front-proxy-client.crt").toString());
        assertThat(sign.exitCode()).as(sign.output()).isZero();
        // ... and a kubelet serving certificate that short, issued by the controller-manager through a CSR
        kubeletServingCertificate("worker-1", Duration.ofDays(10));
        // 4. An orphaned load balancer: tagged for a Service that does not exist.
        loadBalancer("k8s-apps-gone", "apps/gone");
        // 5. A claim a Pod waits for that cannot bind, a budget that blocks every drain, a LoadBalancer Service
        // without an address, a kubelet too old (above), and provisioning out of date with build/.
        admin.persistentVolumeClaims().inNamespace("monitoring").resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName("data").endMetadata().withNewSpec().withStorageClassName("no-such-class")
                .withAccessModes("ReadWriteOnce").withNewResources().addToRequests("storage", new Quantity("1Gi"))
                .endResources().endSpec().build()).create();
        admin.pods().inNamespace("monitoring").resource(new PodBuilder().withNewMetadata().withName("uses-data")
                .endMetadata().withNewSpec().addNewContainer().withName("c").withImage("busybox:1").endContainer()
                .addNewVolume().withName("d").withNewPersistentVolumeClaim().withClaimName("data")
                .endPersistentVolumeClaim().endVolume().endSpec().build()).create();
        ReadChangeReplace.replace(admin,
                admin.policy().v1().podDisruptionBudget().inNamespace("monitoring").withName("alertmanager"), b -> {
            b.getSpec().setMaxUnavailable(null);
            b.getSpec().setMinAvailable(new IntOrString(1));
            return b;
        });
        admin.services().inNamespace("monitoring").resource(new ServiceBuilder().withNewMetadata().withName("web")
                .endMetadata().withNewSpec().withType("LoadBalancer").addToSelector("app", "web").addNewPort()
                .withPort(80).endPort().endSpec().build()).create();
        Path provisioning = dir.resolve("build/acc/provisioning");
        Path changed;
        try (Stream<Path> s = Files.walk(provisioning)) {
            changed = s.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".ign")).sorted()
                    .findFirst().orElseThrow();
        }
        Files.writeString(changed, "\n# changed behind the bucket's back\n", java.nio.file.StandardOpenOption.APPEND);
        changedKey = "acc/nodes/" + provisioning.relativize(changed);
        await("the budget blocks and the add-on is not ready", () -> budgetAllows("alertmanager", 0)
                && !ready("grafana"));
    }

    static void kubeletServingCertificate(String node, Duration lifetime) throws IOException {
        Path key = dir.resolve(node + "-serving.key");
        Path csr = dir.resolve(node + "-serving.csr");
        Openssl req = Openssl.run("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-keyout", key.toString(), "-subj", "/O=system:nodes/CN=system:node:" + node,
                "-addext", "subjectAltName=DNS:" + node + ",IP:127.0.0.1", "-out", csr.toString());
        assertThat(req.exitCode()).as(req.output()).isZero();
        String name = "csr-" + node + "-serving";
        admin.certificates().v1().certificateSigningRequests().resource(new CertificateSigningRequestBuilder()
                .withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withRequest(java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(csr)))
                .withSignerName("kubernetes.io/kubelet-serving").withUsages("digital signature", "server auth")
                .withExpirationSeconds((int) lifetime.toSeconds()).endSpec().build()).create();
        admin.certificates().v1().certificateSigningRequests().withName(name).approve();
        await("the controller-manager signs " + name, () -> {
            var c = admin.certificates().v1().certificateSigningRequests().withName(name).get();
            return c.getStatus() != null && c.getStatus().getCertificate() != null
                    && !c.getStatus().getCertificate().isEmpty();
        });
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    static void setKubeletVersion(String node, String version) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                admin.nodes().withName(node).editStatus(n -> {
                    if (n.getStatus().getNodeInfo() == null) {
                        n.getStatus().setNodeInfo(new io.fabric8.kubernetes.api.model.NodeSystemInfo());
                    }
                    n.getStatus().getNodeInfo().setKubeletVersion(version);
                    return n;
                });
                return;
            } catch (KubernetesClientException e) {
                if (attempt > 10) {
                    throw e;
                }
                Thread.sleep(200); // kwok's heartbeat wrote in between
            }
        }
    }

    static Pod grafanaPod() {
        return admin.pods().inNamespace("monitoring").withLabel("app", "grafana").list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).findFirst().orElseThrow();
    }

    static boolean ready(String deployment) {
        var d = admin.apps().deployments().inNamespace("monitoring").withName(deployment).get();
        return d.getStatus() != null && Integer.valueOf(1).equals(d.getStatus().getReadyReplicas());
    }

    static boolean budgetAllows(String name, int allowed) {
        var b = admin.policy().v1().podDisruptionBudget().inNamespace("monitoring").withName(name).get();
        return b.getStatus() != null && b.getStatus().getObservedGeneration() != null
                && b.getStatus().getObservedGeneration().equals(b.getMetadata().getGeneration())
                && Integer.valueOf(allowed).equals(b.getStatus().getDisruptionsAllowed());
    }

    static void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** The JSON result, after checking it against schema/output.schema.json. */
    static JsonNode json(CliRun run) throws IOException {
        assertThat(run.out()).as(run.err()).startsWith("{");
        com.networknt.schema.Schema schema = com.networknt.schema.SchemaRegistry.withDefaultDialect(
                com.networknt.schema.SpecificationVersion.DRAFT_2020_12).getSchema(Files.readString(
                dev.slipway.testing.GoldenFiles.repo().resolve("schema/output.schema.json")),
                com.networknt.schema.InputFormat.JSON);
        assertThat(schema.validate(run.out(), com.networknt.schema.InputFormat.JSON)).as(run.out()).isEmpty();
        return new ObjectMapper().readTree(run.out());
    }

    static List<String> verdicts(JsonNode json) {
        List<String> out = new ArrayList<>();
        json.at("/result/checks").forEach(c -> out.add(c.get("name").asText() + "=" + c.get("verdict").asText()));
        return out;
    }
}
