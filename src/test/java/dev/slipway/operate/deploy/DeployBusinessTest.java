package dev.slipway.operate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.apply.kubernetes.DesiredComponent;
import dev.slipway.render.k8s.workloads.MongoNames;
import dev.slipway.render.k8s.workloads.SecretAnnotations;
import dev.slipway.state.LocalStateStore;
import dev.slipway.testing.AcmValidationRecords;
import dev.slipway.testing.CliRun;
import dev.slipway.testing.KubernetesApiProxy;
import dev.slipway.testing.KubernetesControlPlane;
import dev.slipway.testing.LoadBalancerStandIn;
import io.fabric8.kubernetes.api.model.Service;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.acm.model.CertificateStatus;
import dev.slipway.testing.MotoRecording;
import dev.slipway.testing.MotoServer;
import dev.slipway.testing.ReadChangeReplace;
import dev.slipway.testing.ReadyWorkloads;
import dev.slipway.testing.VolumeProvisionerStandIn;
import dev.slipway.testing.WriteWatch;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * Issue 13 end to end: {@code slipway deploy} of the example's acc as a user runs it, on the harness with moto as AWS
 * ({@link BusinessCluster}: one controller and two workers of pool {@code general} registered like acc's kubelets;
 * the essentials and the business components deployed with {@code --only}, the add-ons being left to their own
 * test). The stand-ins run inside the test: {@link VolumeProvisionerStandIn} binds the Mongo member's claim (no EBS
 * here) and {@link LoadBalancerStandIn} stands in for the AWS cloud controller by setting the {@code web} Service's
 * {@code status.loadBalancer} through the API, so deploy's readiness wait and its DNS step see an address.
 *
 * <p>The last test is the secret-leak check: every secret of the example got a recognisable random value, and none of
 * them (nor the values Slipway generated or IAM issued) may appear in any command's output, any file under the spec
 * folder, or the logs of the API server and moto.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployBusinessTest {
    private static final String ENV = "acc";
    private static final String HOSTNAME = "www.acc.your.com";
    @TempDir
    static Path dir;
    static BusinessCluster cluster;
    static Path spec;
    static KubernetesControlPlane cp;
    static KubernetesClient admin;
    static LoadBalancerStandIn loadBalancers;
    static KubernetesApiProxy proxy;
    static Path proxyKubeconfig;
    static MotoServer moto;
    static IamClient iam;
    static Map<String, String> secretVariables;

    @BeforeAll
    static void start() throws Exception {
        cluster = BusinessCluster.start(dir, ENV, "controller-1", "worker-general-1", "worker-general-2");
        spec = cluster.spec;
        cp = cluster.cp;
        admin = cluster.admin;
        loadBalancers = cluster.loadBalancers;
        proxy = cluster.proxy;
        proxyKubeconfig = cluster.proxyKubeconfig;
        moto = cluster.moto;
        iam = cluster.iam;
        secretVariables = cluster.secretVariables;
        assertThat(secretVariables).containsKeys("MONGO_MONGO_ROOT_PASSWORD", "API_SECRETS_JWT_SECRET");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static void setSecret(String variable) {
        cluster.setSecret(variable);
    }

    static CliRun slipway(String... args) {
        return cluster.slipway(args);
    }

    static CliRun deploy(String... more) {
        return cluster.deploy(more);
    }

    static List<DesiredComponent> rendered() {
        return cluster.rendered();
    }

    static List<HasMetadata> objects(List<DesiredComponent> components) {
        return BusinessCluster.objects(components);
    }

    static List<ResourceRecordSet> records() {
        return cluster.records();
    }

    static List<String> filesUnder(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    @Order(1)
    void dryRunShowsTheAwsChangesAndWritesNothingAnywhere() throws IOException {
        WriteWatch watch = WriteWatch.start(List.of(spec.getParent()), moto, proxy);
        CliRun run = deploy("--dry-run", "--kubeconfig", proxyKubeconfig.toString());
        assertThat(run.exitCode()).as(run.all()).isZero();
        // By content, not by name: a dry run rewriting a state entry, the bootstrap token or a kubeconfig fails here;
        // and every AWS request, every object version, every request to the API server (through the proxy).
        assertThat(watch.apiRequests()).as("the run went through the proxy").isNotEmpty();
        assertThat(watch.writes()).as("written by deploy --dry-run").isEmpty();
        assertThat(run.out()).contains(
                "+ create  StatefulSet mongo/mongo",
                "AWS for acc (IAM for the Mongo backup job, ACM and Route 53 for the apps' hostnames): 5 to change",
                "+ request ACM certificate for www.acc.your.com (DNS validation in zone of the platform domain), for"
                        + " Service apps/web",
                "+ create IAM user yourcom-acc-mongo-backup",
                "+ put policy mongo-backup-prefix on yourcom-acc-mongo-backup (s3 yourcom-infra/acc/backups/mongo/*)",
                "+ create an access key for yourcom-acc-mongo-backup into ",
                "+ create CNAME www.acc.your.com -> the load balancer of Service apps/web (its address once it is"
                        + " ready), TXT _slipway.www.acc.your.com (owner marker)",
                "dry run: nothing was changed in AWS");
        assertThat(iam.listUsers().users()).isEmpty();
        assertThat(cluster.acm.listCertificates().certificateSummaryList()).isEmpty();
        assertThat(records()).extracting(ResourceRecordSet::type).containsOnly(RRType.NS, RRType.SOA);
        assertThat(admin.namespaces().withName("mongo").get()).isNull();
    }

    @Test
    @Order(2)
    void deployBringsMongoMongoExpressEveryAppAndCronJobToReadyAndPointsTheHostnameAtTheLoadBalancer() {
        WriteWatch watch = WriteWatch.start(List.of(spec.getParent()), moto, proxy);
        CliRun run = deploy("--yes", "--kubeconfig", proxyKubeconfig.toString());
        assertThat(run.exitCode()).as(run.all()).isZero();
        // Positive control for the dry run's check: the same watch sees the real run's writes everywhere.
        List<String> writes = watch.writes();
        assertThat(writes).as("written by deploy --yes")
                .anyMatch(w -> w.startsWith("file added: ") && w.contains("/.slipway/" + ENV + "/"))
                .anyMatch(w -> w.startsWith("AWS POST ") && w.endsWith(" CreateUser"))
                .anyMatch(w -> w.startsWith("Kubernetes API PATCH /apis/apps/v1/namespaces/mongo/statefulsets/mongo"));
        String lb = loadBalancers.hostname("apps", "web");
        assertThat(lb).as("the stand-in gave apps/web an address").isNotNull();
        assertThat(run.out()).contains("every component ready", "AWS for acc: 5 changed",
                "created CNAME www.acc.your.com -> " + lb);
        assertThat(run.err()).contains("validation records in zone your.com, waiting for ACM to issue it");
        assertThat(run.err()).contains("mongo: ready", "mongo-express: ready", "apps: ready");

        List<HasMetadata> objects = objects(rendered());
        ReadyWorkloads ready = ReadyWorkloads.of(admin, objects);
        assertThat(ready.workloads()).contains("StatefulSet mongo/mongo", "Deployment mongo/mongo-express",
                "Deployment apps/api", "Deployment apps/web");
        assertThat(ready.notReady()).as("workloads not ready").isEmpty();
        List<CronJob> cronJobs = objects.stream().filter(o -> o instanceof CronJob).map(CronJob.class::cast).toList();
        assertThat(cronJobs).extracting(c -> c.getMetadata().getName())
                .containsExactlyInAnyOrder("mongo-backup", "nightly-report");
        for (CronJob c : cronJobs) {
            CronJob live = admin.batch().v1().cronjobs().inNamespace(c.getMetadata().getNamespace())
                    .withName(c.getMetadata().getName()).get();
            assertThat(live).as(c.getMetadata().getName()).isNotNull();
            assertThat(live.getSpec().getSchedule()).isEqualTo(c.getSpec().getSchedule());
            assertThat(live.getSpec().getSuspend()).isNotEqualTo(Boolean.TRUE);
        }

        // IAM: the scoped user with one key, the same key the state store holds and the job's Secrets carry.
        List<AccessKeyMetadata> keys = iam.listAccessKeys(r -> r.userName("yourcom-acc-mongo-backup"))
                .accessKeyMetadata();
        assertThat(keys).hasSize(1);
        LocalStateStore state = LocalStateStore.forSpec(spec, ENV);
        String keyId = new String(state.read(MongoNames.BACKUP_KEY_ID_STATE).orElseThrow(), StandardCharsets.UTF_8);
        assertThat(keys.get(0).accessKeyId()).isEqualTo(keyId);
        Secret keySecret = admin.secrets().inNamespace("mongo").withName("mongo-backup-aws-key-id").get();
        assertThat(new String(Base64.getDecoder().decode(keySecret.getData().get("AWS_ACCESS_KEY_ID")),
                StandardCharsets.UTF_8)).isEqualTo(keyId);
        String secretKey = new String(state.read(MongoNames.BACKUP_SECRET_KEY_STATE).orElseThrow(),
                StandardCharsets.UTF_8);
        Secret secretKeySecret = admin.secrets().inNamespace("mongo").withName("mongo-backup-aws-secret-key").get();
        assertThat(new String(Base64.getDecoder().decode(secretKeySecret.getData().get("AWS_SECRET_ACCESS_KEY")),
                StandardCharsets.UTF_8)).isEqualTo(secretKey).isNotEqualTo(PendingValues.PLACEHOLDER);

        // Route 53: the hostname points at the load balancer, with Slipway's owner marker beside it.
        ResourceRecordSet cname = records().stream()
                .filter(r -> r.type() == RRType.CNAME && r.name().equals(HOSTNAME + ".")).findFirst().orElseThrow();
        assertThat(cname.resourceRecords()).singleElement().satisfies(r -> assertThat(r.value()).isEqualTo(lb));
        assertThat(records()).anyMatch(r -> r.type() == RRType.TXT && r.name().equals("_slipway." + HOSTNAME + ".")
                && r.resourceRecords().get(0).value().equals("\"heritage=slipway,environment=acc\""));
        // HTTPS: one issued certificate for exactly the hostname, tagged as the environment's, validated through its
        // record in the zone, and named on the Service whose port 443 the cloud controller makes a TLS listener.
        CertificateDetail cert = onlyCertificate();
        assertThat(cert.status()).isEqualTo(CertificateStatus.ISSUED);
        assertThat(cert.domainName()).isEqualTo(HOSTNAME);
        assertThat(cert.subjectAlternativeNames()).containsExactly(HOSTNAME);
        assertThat(cluster.acm.listTagsForCertificate(r -> r.certificateArn(cert.certificateArn())).tags())
                .extracting(t -> t.key() + "=" + t.value())
                .contains("slipway/platform=yourcom", "slipway/env=acc", "slipway/service=apps/web");
        // The zone holds the hostname's CNAME, its owner marker, and exactly the validation records (name, type,
        // value) DescribeCertificate asks for: moto issues the certificate whether or not they are right.
        java.util.Set<String> wanted = new java.util.TreeSet<>(AcmValidationRecords.asked(cluster.acm));
        assertThat(wanted).hasSize(1);
        wanted.add(AcmValidationRecords.line(HOSTNAME, "CNAME", lb));
        wanted.add(AcmValidationRecords.line("_slipway." + HOSTNAME, "TXT", "\"heritage=slipway,environment=acc\""));
        assertThat(AcmValidationRecords.held(records())).isEqualTo(wanted);
        Service web = admin.services().inNamespace("apps").withName("web").get();
        // The keys as kubernetes/cloud-provider-aws v1.36.1 pkg/providers/v1/aws.go spells them
        // (ServiceAnnotationLoadBalancerCertificate, ServiceAnnotationLoadBalancerSSLPorts): a misspelt key here
        // would leave port 443 a plain TCP listener.
        assertThat(web.getMetadata().getAnnotations())
                .containsEntry("service.beta.kubernetes.io/aws-load-balancer-ssl-cert", cert.certificateArn())
                .containsEntry("service.beta.kubernetes.io/aws-load-balancer-ssl-ports", "https");
        assertThat(web.getSpec().getPorts()).anySatisfy(port -> {
            assertThat(port.getPort()).isEqualTo(443);
            assertThat(port.getName()).isEqualTo("https");
            assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
        });
        // The app's own secret reached the cluster as given (what the leak check then looks for).
        Secret api = admin.secrets().inNamespace("apps").withName("api-secrets").get();
        assertThat(new String(Base64.getDecoder().decode(api.getData().get("JWT_SECRET")), StandardCharsets.UTF_8))
                .isEqualTo(secretVariables.get("API_SECRETS_JWT_SECRET"));
    }

    @Test
    @Order(3)
    void aSecondRunReportsNoChangesAndSendsNoWriteToTheClusterOrToAws() {
        proxy.clear();
        MotoRecording recording = MotoRecording.start(moto);
        CliRun run = deploy("--yes", "--kubeconfig", proxyKubeconfig.toString());
        recording.stop();
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("0 to create, 0 to change", "no changes: the cluster matches",
                "no changes in AWS", "Deployed acc: 0 created, 0 changed, 0 pruned", "AWS for acc: 0 changed");

        List<KubernetesApiProxy.Request> seen = proxy.requests();
        assertThat(seen).as("the run went through the proxy")
                .anyMatch(r -> r.pathAndQuery().contains("labelSelector=applyset.kubernetes.io"));
        assertThat(seen).filteredOn(KubernetesApiProxy.Request::writes).isEmpty();
        List<MotoRecording.Request> aws = recording.requests();
        assertThat(aws).as("the run looked at IAM, ACM and Route 53")
                .anyMatch(r -> r.action().equals("GetUser"))
                .anyMatch(r -> r.action().equals("DescribeCertificate"))
                .anyMatch(r -> r.url().contains("/rrset"));
        assertThat(aws).filteredOn(MotoRecording.Request::writes).isEmpty();

        // Positive control: the same recorders, as set up for the run, do see a write and call it one.
        proxy.clear();
        MotoRecording control = MotoRecording.start(moto);
        try (KubernetesClient viaProxy = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(io.fabric8.kubernetes.client.Config.fromKubeconfig(readString(proxyKubeconfig)))
                .build()) {
            viaProxy.configMaps().inNamespace("default").resource(new io.fabric8.kubernetes.api.model
                    .ConfigMapBuilder().withNewMetadata().withName("positive-control").endMetadata().build()).create();
            viaProxy.configMaps().inNamespace("default").withName("positive-control").delete();
        }
        iam.createUser(r -> r.userName("positive-control"));
        iam.deleteUser(r -> r.userName("positive-control"));
        control.stop();
        assertThat(proxy.requests()).filteredOn(KubernetesApiProxy.Request::writes)
                .extracting(KubernetesApiProxy.Request::method).containsExactly("POST", "DELETE");
        assertThat(control.requests()).filteredOn(MotoRecording.Request::writes)
                .extracting(MotoRecording.Request::action).containsExactly("CreateUser", "DeleteUser");
    }

    private static String readString(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Per workload: its generation and its Pod template's secrets hash. */
    static Map<String, String> templates() {
        Map<String, String> out = new TreeMap<>();
        for (HasMetadata o : objects(rendered())) {
            String ns = o.getMetadata().getNamespace();
            String name = o.getMetadata().getName();
            GenericKubernetesResource live = switch (o.getKind()) {
                case "Deployment", "StatefulSet", "DaemonSet" -> admin.genericKubernetesResources("apps/v1",
                        o.getKind()).inNamespace(ns).withName(name).get();
                case "CronJob" -> admin.genericKubernetesResources("batch/v1", "CronJob").inNamespace(ns)
                        .withName(name).get();
                default -> null;
            };
            if (live != null) {
                out.put(o.getKind() + " " + ns + "/" + name, live.getMetadata().getGeneration() + " "
                        + secretsHash(admin, o.getKind(), ns, name));
            }
        }
        return out;
    }

    static String secretsHash(KubernetesClient client, String kind, String ns, String name) {
        PodTemplateSpec t = switch (kind) {
            case "Deployment" -> client.apps().deployments().inNamespace(ns).withName(name).get().getSpec()
                    .getTemplate();
            case "StatefulSet" -> client.apps().statefulSets().inNamespace(ns).withName(name).get().getSpec()
                    .getTemplate();
            case "DaemonSet" -> client.apps().daemonSets().inNamespace(ns).withName(name).get().getSpec()
                    .getTemplate();
            default -> client.batch().v1().cronjobs().inNamespace(ns).withName(name).get().getSpec()
                    .getJobTemplate().getSpec().getTemplate();
        };
        return t.getMetadata().getAnnotations() == null ? "-"
                : t.getMetadata().getAnnotations().getOrDefault(SecretAnnotations.SECRETS_HASH, "-");
    }

    @Test
    @Order(4)
    void aChangedSecretValueRollsExactlyTheWorkloadsThatUseIt() {
        Map<String, String> before = templates();
        assertThat(before).containsKeys("Deployment apps/api", "Deployment apps/web", "CronJob apps/nightly-report",
                "StatefulSet mongo/mongo", "CronJob mongo/mongo-backup");
        setSecret("API_SECRETS_JWT_SECRET");
        CliRun run = deploy("--yes");
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("~ change  Secret apps/api-secrets");
        Map<String, String> after = templates();
        Set<String> changed = before.keySet().stream().filter(k -> !before.get(k).equals(after.get(k)))
                .collect(Collectors.toCollection(TreeSet::new));
        // api-secrets is read by the api app and the nightly-report job; nothing else may roll.
        assertThat(changed).containsExactly("CronJob apps/nightly-report", "Deployment apps/api");
        assertThat(ReadyWorkloads.of(admin, objects(rendered())).notReady()).isEmpty();
    }

    @Test
    @Order(5)
    void planAndStatusShowSecretsAsKeysAndAHash() {
        CliRun plan = slipway("plan", "--env", ENV, "-v");
        assertThat(plan.exitCode()).as(plan.all()).isZero();
        CliRun status = slipway("status", "--env", ENV, "-v");
        assertThat(status.out()).contains("Secret apps/api-secrets", "keys JWT_SECRET, MONGO_URL; values sha256:",
                "address " + loadBalancers.hostname("apps", "web") + "; " + HOSTNAME + " over HTTPS");
    }

    /**
     * A deploy that fails: the apps component gets 3 seconds (a build folder copied with {@code --from} and its
     * timeout lowered) while every worker is cordoned and a secret changed, so the api's rollout cannot progress; the
     * failure is reported with -v (reasons, diagnosis). Then the workers are uncordoned and deploy converges.
     */
    @Test
    @Order(6)
    void aFailingDeployWithVerboseOutputReportsTheComponentThatIsNotReady() throws IOException {
        Path build = dir.resolve("build/acc/k8s");
        Path failing = dir.resolve("failing-k8s");
        try {
            copy(build, failing);
            String index = Files.readString(failing.resolve("components.txt"));
            Files.writeString(failing.resolve("components.txt"), index.replaceAll("(?m)^apps [0-9]+$", "apps 3"));
            cordonWorkers(true);
            setSecret("API_SECRETS_JWT_SECRET");
            CliRun run = deploy("--yes", "-v", "--from", failing.toString());
            System.out.println("the failing deploy's stderr:\n" + run.err());
            assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
            assertThat(run.err()).contains("error: component apps", "Deployment apps/api");
        } finally {
            cordonWorkers(false);
            try (Stream<Path> s = Files.walk(failing)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        CliRun again = deploy("--yes", "-v");
        assertThat(again.exitCode()).as(again.all()).isZero();
    }

    static void cordonWorkers(boolean cordon) {
        for (Node n : admin.nodes().list().getItems()) {
            if (n.getMetadata().getName().startsWith("worker-")) {
                ReadChangeReplace.replace(admin, admin.nodes().withName(n.getMetadata().getName()),
                        x -> new NodeBuilder(x)
                        .editSpec().withUnschedulable(cordon ? Boolean.TRUE : null).endSpec().build());
            }
        }
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    @Test
    @Order(7)
    void removingAnAppAndDeployingWithPruneDeletesExactlyItsObjects() throws IOException {
        List<DesiredComponent> before = rendered();
        String text = Files.readString(spec);
        String withoutApi = text.replace("""
                  - name: api
                    image: ghcr.io/yourcom/api:1.4.2
                    replicas: 2
                    ports:
                      - name: http
                        containerPort: 8080
                        servicePort: 80
                    env:
                      NODE_ENV: production
                    secrets: [api-secrets]
                    usesMongo: true
                    service: ClusterIP
                    healthPath: /healthz
                    resources: {cpu: 250m, memory: 512Mi}
                """, "").replace("""
                      - name: api
                        replicas: 1
                """, "");
        assertThat(withoutApi).doesNotContain("- name: api");
        Files.writeString(spec, withoutApi);
        List<DesiredComponent> after = rendered();
        Set<String> expected = refs(before);
        expected.removeAll(refs(after));
        assertThat(expected).as("the api app's own objects").contains("Deployment apps/api", "Service apps/api")
                .allMatch(r -> r.endsWith("/api") || r.equals("NetworkPolicy apps/ingress-api"));

        CliRun run = deploy("--yes", "--prune");
        assertThat(run.exitCode()).as(run.all()).isZero();
        Set<String> pruned = run.out().lines().map(String::strip).filter(l -> l.startsWith("- prune"))
                .map(l -> l.substring("- prune".length()).strip()).collect(Collectors.toCollection(TreeSet::new));
        assertThat(pruned).isEqualTo(expected);
        for (String gone : expected) {
            assertThat(live(gone, before)).as(gone + " after the prune").isNull();
        }
        for (String kept : refs(after)) {
            assertThat(live(kept, after)).as(kept + " after the prune").isNotNull();
        }
        assertThat(ReadyWorkloads.of(admin, objects(after)).notReady()).isEmpty();
    }

    static Set<String> refs(List<DesiredComponent> components) {
        return objects(components).stream().map(DeployBusinessTest::ref)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static String ref(HasMetadata o) {
        return o.getKind() + " " + (o.getMetadata().getNamespace() == null ? ""
                : o.getMetadata().getNamespace() + "/") + o.getMetadata().getName();
    }

    static GenericKubernetesResource live(String ref, List<DesiredComponent> from) {
        HasMetadata o = objects(from).stream().filter(x -> ref(x).equals(ref)).findFirst().orElseThrow();
        var resources = admin.genericKubernetesResources(o.getApiVersion(), o.getKind());
        return o.getMetadata().getNamespace() == null ? resources.withName(o.getMetadata().getName()).get()
                : resources.inNamespace(o.getMetadata().getNamespace()).withName(o.getMetadata().getName()).get();
    }

    /**
     * Issue 13's leak check, after plan, deploy, status and a failing deploy ran with -v: no secret value (nor its
     * base64 form) in any output (the commands' own streams and what the libraries logged to the process's stderr
     * meanwhile), any file under the spec folder (build/, .slipway/ with the state store), the API server's and
     * moto's logs. The values Slipway generated or IAM issued are looked for, raw and base64, in outputs, build/ and
     * logs (the state store holds them by design).
     */
    @Test
    @Order(8)
    void noSecretValueAppearsInAnyOutputFileStateObjectOrLog() throws IOException {
        StringBuilder outputs = cluster.outputs;
        assertThat(outputs).as("the commands above printed something to look through").isNotEmpty();
        LocalStateStore state = LocalStateStore.forSpec(spec, ENV);
        List<String> generated = new ArrayList<>();
        for (String key : List.of(MongoNames.KEYFILE_STATE, MongoNames.EXPRESS_PASSWORD_STATE,
                MongoNames.EXPRESS_SESSION_SECRET_STATE, MongoNames.BACKUP_SECRET_KEY_STATE)) {
            generated.add(new String(state.read(key).orElseThrow(), StandardCharsets.UTF_8));
        }
        Map<String, String> places = new LinkedHashMap<>();
        places.put("command output", outputs.toString());
        Map<String, String> stateFiles = new LinkedHashMap<>();
        for (String f : filesUnder(dir)) {
            String text = new String(Files.readAllBytes(dir.resolve(f)), StandardCharsets.ISO_8859_1);
            (f.startsWith(".slipway/") ? stateFiles : places).put(f, text);
        }
        assertThat(places.keySet()).as("rendered files were looked at").anyMatch(f -> f.startsWith("build/acc/k8s/"));
        assertThat(stateFiles.keySet()).as("state store objects were looked at")
                .anyMatch(f -> f.endsWith(MongoNames.KEYFILE_STATE));
        for (Path log : logs()) {
            places.put(log.toString(), new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1));
        }
        List<String> leaks = new ArrayList<>();
        for (String value : cluster.everyValue) {
            for (String form : List.of(value, Base64.getEncoder().encodeToString(value.getBytes(
                    StandardCharsets.UTF_8)))) {
                places.forEach((where, text) -> {
                    if (text.contains(form)) {
                        leaks.add("a secret variable's value in " + where);
                    }
                });
                stateFiles.forEach((where, text) -> {
                    if (text.contains(form)) {
                        leaks.add("a secret variable's value in state object " + where);
                    }
                });
            }
        }
        for (String value : generated) {
            // raw, and base64 as a Secret's data: carries it
            for (String form : List.of(value, Base64.getEncoder().encodeToString(value.getBytes(
                    StandardCharsets.UTF_8)))) {
                places.forEach((where, text) -> {
                    if (text.contains(form)) {
                        leaks.add("a generated value in " + where);
                    }
                });
            }
        }
        assertThat(leaks).isEmpty();
    }

    static List<Path> logs() throws IOException {
        List<Path> out = new ArrayList<>(List.of(moto.log()));
        try (Stream<Path> s = Files.walk(cp.workDir())) {
            s.filter(p -> p.toString().endsWith(".log") && Files.isRegularFile(p)).forEach(out::add);
        }
        return out;
    }

    static CertificateDetail onlyCertificate() {
        List<String> arns = cluster.acm.listCertificates().certificateSummaryList().stream()
                .map(c -> c.certificateArn()).toList();
        assertThat(arns).as("ACM certificates").hasSize(1);
        return cluster.acm.describeCertificate(r -> r.certificateArn(arns.get(0))).certificate();
    }

    /**
     * A hostname changed in the spec: deploy requests a certificate for the new name, points the Service at it and
     * writes the new records, and leaves the old certificate and records (listed, "deploy --prune deletes it");
     * deploy --prune then deletes exactly those (and the old name's validation record), keeps the new ones, and a
     * further --prune run changes nothing in AWS.
     */
    @Test
    @Order(9)
    void aChangedHostnameMovesTheCertificateAndRecordsAndPruneDeletesTheOldOnes() throws IOException {
        CertificateDetail old = onlyCertificate();
        String oldValidation = old.domainValidationOptions().get(0).resourceRecord().name();
        String renamed = "shop.acc.your.com";
        String text = Files.readString(spec);
        assertThat(text).contains("hostnames: [" + HOSTNAME + "]");
        Files.writeString(spec, text.replace("hostnames: [" + HOSTNAME + "]", "hostnames: [" + renamed + "]"));

        CliRun moved = deploy("--yes");
        assertThat(moved.exitCode()).as(moved.all()).isZero();
        String lb = loadBalancers.hostname("apps", "web");
        assertThat(moved.out()).contains("+ request ACM certificate for " + renamed,
                "+ create CNAME " + renamed,
                "  left CNAME " + HOSTNAME + ": no app names it any more (deploy --prune deletes it)",
                "  left ACM certificate " + old.certificateArn() + " for " + HOSTNAME
                        + ": no app asks for it any more (deploy --prune deletes it)",
                "created CNAME " + renamed + " -> " + lb);
        List<String> arns = cluster.acm.listCertificates().certificateSummaryList().stream()
                .map(c -> c.certificateArn()).toList();
        assertThat(arns).hasSize(2).contains(old.certificateArn());
        String fresh = arns.stream().filter(a -> !a.equals(old.certificateArn())).findFirst().orElseThrow();
        assertThat(admin.services().inNamespace("apps").withName("web").get().getMetadata().getAnnotations())
                .containsEntry("service.beta.kubernetes.io/aws-load-balancer-ssl-cert", fresh)
                .containsEntry("slipway.dev/hostnames", renamed);
        assertThat(records()).extracting(ResourceRecordSet::name)
                .contains(HOSTNAME + ".", "_slipway." + HOSTNAME + ".", renamed + ".", "_slipway." + renamed + ".",
                        oldValidation);

        CliRun pruned = deploy("--yes", "--prune");
        assertThat(pruned.exitCode()).as(pruned.all()).isZero();
        assertThat(pruned.out()).contains(
                "- delete CNAME " + HOSTNAME + " and its owner marker: no app names it any more",
                "- delete ACM certificate " + old.certificateArn() + " for " + HOSTNAME,
                "deleted CNAME " + HOSTNAME + " and its owner marker",
                "deleted certificate " + old.certificateArn());
        assertThat(cluster.acm.listCertificates().certificateSummaryList()).extracting(c -> c.certificateArn())
                .containsExactly(fresh);
        List<String> names = records().stream().map(ResourceRecordSet::name).toList();
        assertThat(names).doesNotContain(HOSTNAME + ".", "_slipway." + HOSTNAME + ".", oldValidation)
                .contains(renamed + ".", "_slipway." + renamed + ".");
        String freshValidation = cluster.acm.describeCertificate(r -> r.certificateArn(fresh)).certificate()
                .domainValidationOptions().get(0).resourceRecord().name();
        assertThat(names).contains(freshValidation);

        MotoRecording recording = MotoRecording.start(moto);
        CliRun again = deploy("--yes", "--prune");
        recording.stop();
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(again.out()).contains("no changes in AWS", "AWS for acc: 0 changed");
        assertThat(recording.requests()).filteredOn(MotoRecording.Request::writes).isEmpty();
    }
}
