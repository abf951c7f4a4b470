package dev.slipway.operate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.pki.ClusterAdminsBinding;
import dev.slipway.render.RenderInput;
import dev.slipway.render.RenderedFile;
import dev.slipway.render.RenderedTree;
import dev.slipway.render.k8s.ClusterComponent;
import dev.slipway.render.k8s.KubernetesRenderer;
import dev.slipway.testing.CliRun;
import dev.slipway.testing.GoldenFiles;
import dev.slipway.testing.KubernetesControlPlane;
import dev.slipway.testing.LoadBalancerStandIn;
import dev.slipway.testing.MotoExtension;
import dev.slipway.testing.MotoSdkProperties;
import dev.slipway.testing.MotoServer;
import dev.slipway.testing.StubTerraform;
import dev.slipway.testing.TestEnvironments;
import dev.slipway.testing.WriteWatch;
import dev.slipway.versions.Versions;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code slipway up} on a fresh environment, as a user runs it: moto for the buckets, a stub terraform (no AWS
 * provider here) whose apply fails once and whose plans show no change once applied, as Terraform's do, and whose
 * output {@code api_server_url} points at the harness's API server (started with the PKI the first run made, since
 * no controller boots here). The components deployed are the test's own ({@code --from}).
 */
@ExtendWith(MotoExtension.class)
class UpCommandTest {
    static final String HOSTNAME = "www.acc.your.com";
    @TempDir
    Path dir;
    Path spec;
    Path log;
    Path components;
    Path outputs;
    final Map<String, String> environment = new HashMap<>();

    @BeforeEach
    void setUp(MotoServer moto) throws IOException {
        MotoSdkProperties.pointAtAs(moto, MotoSdkProperties.EXAMPLE_OPERATOR);
        spec = dir.resolve("platform/platform.yaml");
        Files.createDirectories(spec.getParent());
        Files.copy(GoldenFiles.repo().resolve("examples/yourcom/platform.yaml"), spec);
        Path bin = Files.createDirectories(dir.resolve("bin"));
        log = dir.resolve("terraform.log");
        outputs = dir.resolve("outputs.json");
        StubTerraform.install(bin, "terraform");
        environment.put("PATH", bin + ":/usr/bin:/bin");
        environment.put("HOME", dir.toString());
        environment.put("STUB_LOG", log.toString());
        environment.put("STUB_CONVERGES", "1");
        environment.put("STUB_FAIL_ONCE", "apply");
        environment.put("STUB_OUTPUT", outputs.toString());
        components = render(dir.resolve("k8s"));
    }

    @AfterEach
    void tearDown() {
        MotoSdkProperties.clear();
    }

    /** One small component, rendered by the real renderer (labels, ApplySet membership) into build/ENV/k8s layout. */
    static Path render(Path target) throws IOException {
        ClusterComponent demo = new ClusterComponent() {
            @Override
            public String name() {
                return "demo";
            }

            @Override
            public List<HasMetadata> objects(RenderInput input) {
                // A public app with a hostname: up's deploy step must also do deploy's AWS part (certificate, CNAME).
                return List.of(new NamespaceBuilder().withNewMetadata().withName("demo").endMetadata().build(),
                        new ConfigMapBuilder().withNewMetadata().withName("settings").withNamespace("demo")
                                .endMetadata().withData(Map.of("greeting", "hello")).build(),
                        new ServiceBuilder().withNewMetadata().withName("web").withNamespace("demo")
                                .addToAnnotations("slipway.dev/hostnames", HOSTNAME).endMetadata()
                                .withNewSpec().withType("LoadBalancer").addToSelector("app", "web")
                                .addNewPort().withName("https").withPort(443).withNewTargetPort(8080).endPort()
                                .endSpec().build());
            }

            @Override
            public Duration readyTimeout() {
                return Duration.ofMinutes(1);
            }
        };
        RenderedTree.Builder out = RenderedTree.builder();
        new KubernetesRenderer(List.of(demo)).render(new RenderInput(TestEnvironments.acc(), Versions.bundled(), null,
                "platform.yaml"), out);
        for (RenderedFile f : out.build().files().values()) {
            Path file = target.resolve(f.path().substring("k8s/".length()));
            Files.createDirectories(file.getParent());
            Files.write(file, f.content());
        }
        return target;
    }

    CliRun run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-f", spec.toString()));
        return CliRun.in(environment, all.toArray(String[]::new));
    }

    List<String> calls() throws IOException {
        return Files.exists(log) ? Files.readAllLines(log).stream().map(l -> l.substring(l.indexOf(' ') + 1))
                .toList() : List.of();
    }

    List<String> nodeObjects(MotoServer moto) {
        try (S3Client s3 = moto.s3()) {
            return s3.listObjectsV2(b -> b.bucket("yourcom-infra").prefix("acc/nodes/")).contents().stream()
                    .map(o -> o.key()).toList();
        }
    }

    @Test
    void aDryRunOnAFreshEnvironmentShowsTheStepsAndWritesNothing(MotoServer moto) throws IOException {
        WriteWatch watch = WriteWatch.start(List.of(spec.getParent()), moto, null);
        CliRun r = run("up", "--env", "acc", "--dry-run");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(watch.writes()).as("written by up --dry-run").isEmpty();
        assertThat(r.out()).contains("Up plan for acc (dry run: nothing is changed)")
                .containsPattern("1\\. state and PKI +to-do +create the PKI where missing")
                .containsPattern("2\\. infra init +pending")
                .containsPattern("6\\. deploy +pending");
        assertThat(spec.getParent().resolve("build")).doesNotExist();
        assertThat(spec.getParent().resolve(".slipway")).doesNotExist();
        assertThat(calls()).isEmpty();
        try (S3Client s3 = moto.s3()) {
            assertThat(s3.listBuckets().buckets()).isEmpty();
        }
    }

    @Test
    void runsThePhasesInOrderAndResumesFromTheFailedOne(MotoServer moto) throws IOException {
        // First run on a fresh environment: the stub's apply fails once.
        CliRun first = run("up", "--env", "acc", "--yes", "--from", components.toString());
        assertThat(first.exitCode()).as(first.all()).isEqualTo(1);
        assertThat(first.err()).contains("up [1/6] state and PKI ...", "up [2/6] infra init ...",
                "up [3/6] sync ...", "up [4/6] infra apply ...", "stub apply failed once as asked",
                "up stopped at 'infra apply'", "again: it resumes there");
        assertThat(first.err()).doesNotContain("up [5/6]");
        assertThat(first.out()).containsPattern("state and PKI +done +created \\d+ PKI entries")
                .containsPattern("infra init +done +bucket: create bucket yourcom-infra")
                .containsPattern("sync +done +uploaded \\d+, unchanged 0")
                .containsPattern("infra apply +failed").containsPattern("deploy +not-run");
        assertThat(calls()).containsExactly("init -no-color -input=false",
                "plan -no-color -input=false -out=tfplan", "show -no-color -json tfplan",
                "apply -no-color -input=false tfplan");
        // Nodes fetch their configs from S3 at first boot, and Ignition does not retry a 403: everything is
        // uploaded before Terraform's apply (which launches them) runs. The run stopped at the apply, so what is in
        // the bucket now was there when the apply started.
        List<String> uploaded = nodeObjects(moto);
        assertThat(uploaded).anyMatch(k -> k.startsWith("acc/nodes/controller/config."))
                .anyMatch(k -> k.matches("acc/nodes/worker-[a-z0-9-]+/config\\..*"))
                .anyMatch(k -> k.contains("/secrets/"));

        // The controllers would now boot from what sync uploads; here the harness's API server stands in, with the
        // PKI the first run created, and Terraform's output points at it.
        try (KubernetesControlPlane cp = KubernetesControlPlane.builder()
                .pki(spec.getParent().resolve(".slipway/acc/pki")).start()) {
            cp.client().resource(ClusterAdminsBinding.manifest()).create();
            Files.writeString(outputs, "{\"api_server_url\": {\"value\": \"" + cp.apiserverUrl() + "\"}}");

            LoadBalancerStandIn loadBalancers = new LoadBalancerStandIn(cp.client(), "eu-west-1");
            Route53Client route53 = Route53Client.builder().endpointOverride(moto.endpoint())
                    .region(software.amazon.awssdk.regions.Region.AWS_GLOBAL).credentialsProvider(moto.credentials())
                    .httpClient(UrlConnectionHttpClient.create()).build();
            String zone = route53.createHostedZone(z -> z.name("your.com").callerReference("up-test")).hostedZone()
                    .id();
            System.setProperty("slipway.deploy.certificatePoll", "PT0.5S");

            int before = calls().size();
            CliRun second = run("up", "--env", "acc", "--yes", "--from", components.toString());
            assertThat(second.exitCode()).as(second.all()).isZero();
            assertThat(second.out()).contains("Up acc: every step done")
                    .containsPattern("state and PKI +already-done +PKI in")
                    .containsPattern("infra init +already-done +bucket yourcom-infra exists with its settings")
                    .containsPattern("sync +already-done +\\d+ objects unchanged")
                    .containsPattern("infra apply +done +applied the saved plan")
                    .containsPattern("API server +already-done +" + cp.apiserverUrl() + " is ready")
                    .containsPattern("deploy +done +\\d+ objects applied; every component ready");
            assertThat(order(second.err(), "[1/6] state and PKI", "[2/6] infra init", "[3/6] sync",
                    "[4/6] infra apply", "[5/6] API server", "[6/6] deploy")).isTrue();
            // Resumed: no second init, the apply ran now.
            assertThat(calls().subList(before, calls().size())).containsExactly(
                    "plan -no-color -input=false -out=tfplan", "show -no-color -json tfplan",
                    "apply -no-color -input=false tfplan", "output -no-color -json", "output -no-color -json");
            assertThat(nodeObjects(moto)).isNotEmpty();
            assertThat(cp.client().configMaps().inNamespace("demo").withName("settings").get().getData())
                    .containsEntry("greeting", "hello");
            // deploy's AWS part ran too: an issued certificate named on the Service, the hostname's CNAME.
            try (AcmClient acm = AcmClient.builder().endpointOverride(moto.endpoint())
                    .region(software.amazon.awssdk.regions.Region.EU_WEST_1).credentialsProvider(moto.credentials())
                    .httpClient(UrlConnectionHttpClient.create()).build()) {
                List<String> arns = acm.listCertificates().certificateSummaryList().stream()
                        .map(c -> c.certificateArn()).toList();
                assertThat(arns).hasSize(1);
                assertThat(acm.describeCertificate(r -> r.certificateArn(arns.get(0))).certificate().domainName())
                        .isEqualTo(HOSTNAME);
                assertThat(cp.client().services().inNamespace("demo").withName("web").get().getMetadata()
                        .getAnnotations()) // cloud-provider-aws v1.36.1 aws.go: LoadBalancerCertificate
                        .containsEntry("service.beta.kubernetes.io/aws-load-balancer-ssl-cert", arns.get(0));
            }
            assertThat(route53.listResourceRecordSets(r -> r.hostedZoneId(zone.substring(zone.lastIndexOf('/') + 1)))
                    .resourceRecordSets()).anyMatch(r -> r.name().equals(HOSTNAME + ".")
                    && r.resourceRecords().get(0).value().equals(loadBalancers.hostname("demo", "web")));

            // A third run finds every step done: no question (no --yes), no apply, no upload.
            int third = calls().size();
            // moto's recorder and every object version, not a count of keys (a content-addressed re-upload keeps it)
            WriteWatch aws = WriteWatch.start(List.of(), moto, null);
            CliRun again = run("up", "--env", "acc", "--from", components.toString());
            assertThat(again.exitCode()).as(again.all()).isZero();
            assertThat(again.out()).doesNotContain("to-do").doesNotContainPattern(" done ");
            assertThat(calls().subList(third, calls().size())).noneMatch(c -> c.startsWith("apply"));
            assertThat(aws.writes()).as("written to AWS by an up with every step done").isEmpty();

            // Once everything exists, the dry run has real state to read: still nothing written anywhere.
            WriteWatch watch = WriteWatch.start(List.of(spec.getParent()), moto, null);
            CliRun dry = run("up", "--env", "acc", "--dry-run", "--from", components.toString());
            assertThat(dry.exitCode()).as(dry.all()).isZero();
            assertThat(watch.writes()).as("written by up --dry-run after up").isEmpty();
            loadBalancers.close();
            route53.close();
        } finally {
            System.clearProperty("slipway.deploy.certificatePoll");
        }
    }

    @Test
    void aProtectedEnvironmentsFirstCaNeedsConfirmAndNothingIsWritten(MotoServer moto) throws IOException {
        MotoSdkProperties.pointAtAs(moto, MotoSdkProperties.EXAMPLE_PROD_OPERATOR);
        CliRun r = run("up", "--env", "prod", "--yes");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.err()).contains("--confirm prod", "nothing was changed");
        assertThat(spec.getParent().resolve(".slipway/prod")).doesNotExist();
        assertThat(spec.getParent().resolve("build")).doesNotExist();
        assertThat(calls()).isEmpty();
        try (S3Client s3 = moto.s3()) {
            assertThat(s3.listBuckets().buckets()).isEmpty();
        }
    }

    /** Whether {@code text} holds {@code parts} in this order. */
    static boolean order(String text, String... parts) {
        int at = -1;
        for (String p : parts) {
            int i = text.indexOf(p, at + 1);
            if (i < 0) {
                return false;
            }
            at = i;
        }
        return true;
    }
}
