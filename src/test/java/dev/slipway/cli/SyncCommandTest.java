package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.apply.S3Sync;
import dev.slipway.testing.CliRun;
import dev.slipway.testing.FaultInjectingProxy;
import dev.slipway.testing.GoldenFiles;
import dev.slipway.testing.MotoExtension;
import dev.slipway.testing.MotoServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * {@code slipway sync} end to end: the example spec is planned (real PKI, real renderers), then synced to moto
 * through the AWS CLI's conventions (endpoint and region from the environment / SDK system properties).
 */
@ExtendWith(MotoExtension.class)
class SyncCommandTest {
    private static final String BUCKET = "yourcom-infra";
    private static final List<String> PROPERTIES = List.of("aws.endpointUrl", "aws.region", "aws.accessKeyId",
            "aws.secretAccessKey");

    @TempDir
    Path dir;

    private Path spec;
    private MotoServer moto;

    @BeforeEach
    void planAcc(MotoServer moto) throws Exception {
        this.moto = moto;
        spec = dir.resolve("platform.yaml");
        Files.copy(GoldenFiles.repo().resolve("examples/yourcom/platform.yaml"), spec);
        CliRun plan = CliRun.of("plan", "--env", "acc", "-f", spec.toString());
        assertThat(plan.exitCode()).as(plan.all()).isZero();
        pointAt(moto.endpoint());
        try (S3Client s3 = moto.s3()) {
            s3.createBucket(b -> b.bucket(BUCKET)
                    .createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.EU_WEST_1)));
        }
    }

    @AfterEach
    void clearProperties() {
        PROPERTIES.forEach(System::clearProperty);
    }

    @Test
    void uploadsTheRenderedArtifactsThenNothingThenOnlyWhatChanged() throws Exception {
        long files = countFiles(provisioning());
        CliRun first = CliRun.of("sync", "--env", "acc", "-f", spec.toString());
        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(first.out()).contains("build/acc/provisioning -> s3://yourcom-infra/acc/nodes/")
                .contains("uploaded " + files + " (").contains("unchanged 0, deleted 0");
        assertThat(first.err()).contains("upload acc/nodes/controller/config.ign")
                .contains("upload acc/nodes/controller/secrets/pki/ca.key (").contains(", encrypted)");
        try (S3Client s3 = moto.s3()) {
            assertThat(s3.headObject(h -> h.bucket(BUCKET).key("acc/nodes/controller/secrets/pki/ca.key"))
                    .serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
            byte[] config = Files.readAllBytes(provisioning().resolve("worker-general/config.ign"));
            assertThat(s3.getObjectAsBytes(g -> g.bucket(BUCKET).key("acc/nodes/worker-general/config.ign")).asByteArray())
                    .isEqualTo(config);
        }

        CliRun second = CliRun.of("sync", "--env", "acc", "-f", spec.toString());
        assertThat(second.out()).contains("uploaded 0 (0 B), unchanged " + files + ", deleted 0");
        assertThat(second.err()).doesNotContain("upload ");

        Files.writeString(provisioning().resolve("SHA256SUMS"), "changed\n");
        CliRun third = CliRun.of("sync", "--env", "acc", "-f", spec.toString(), "-o", "json");
        assertThat(third.out()).contains("\"uploaded\" : 1").contains("\"acc/nodes/SHA256SUMS\"")
                .contains("\"unchanged\" : " + (files - 1));
    }

    @Test
    void dryRunShowsThePlanAndUploadsNothing() throws Exception {
        CliRun dry = CliRun.of("sync", "--env", "acc", "-f", spec.toString(), "--dry-run");
        assertThat(dry.exitCode()).as(dry.all()).isZero();
        assertThat(dry.out()).contains("(dry run: nothing changed)")
                .contains("would upload acc/nodes/controller/config.ign").contains("would upload " + countFiles(provisioning()));
        try (S3Client s3 = moto.s3()) {
            assertThat(s3.listObjectsV2(l -> l.bucket(BUCKET)).contents()).isEmpty();
        }
    }

    @Test
    void pruneRemovesAStaleObject() throws Exception {
        assertThat(CliRun.of("sync", "--env", "acc", "-f", spec.toString()).exitCode()).isZero();
        try (S3Client s3 = moto.s3()) {
            s3.putObject(p -> p.bucket(BUCKET).key("acc/nodes/worker-retired/config.ign"),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("{}"));
            CliRun keep = CliRun.of("sync", "--env", "acc", "-f", spec.toString());
            assertThat(keep.out()).contains("deleted 0");
            CliRun prune = CliRun.of("sync", "--env", "acc", "-f", spec.toString(), "--prune");
            assertThat(prune.exitCode()).as(prune.all()).isZero();
            assertThat(prune.out()).contains("deleted 1");
            assertThat(prune.err()).contains("delete acc/nodes/worker-retired/config.ign");
            assertThat(s3.listObjectsV2(l -> l.bucket(BUCKET).prefix("acc/nodes/worker-retired/")).contents()).isEmpty();
        }
    }

    @Test
    void aMissingBucketIsAClearErrorWithExitCode1() {
        try (S3Client s3 = moto.s3()) {
            s3.deleteBucket(d -> d.bucket(BUCKET));
        }
        CliRun run = CliRun.of("sync", "--env", "acc", "-f", spec.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).startsWith("error: bucket 'yourcom-infra' does not exist").doesNotContain("\tat ");
    }

    @Test
    void anS3InternalErrorIsAClearErrorWithExitCode1() throws Exception {
        try (FaultInjectingProxy proxy = new FaultInjectingProxy(moto.endpoint(),
                (method, path) -> method.equals("PUT") && path.contains("/acc/nodes/controller/config.ign"))) {
            pointAt(proxy.endpoint());
            CliRun run = CliRun.of("sync", "--env", "acc", "-f", spec.toString());
            assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
            assertThat(run.err()).contains("error: cannot upload s3://yourcom-infra/acc/nodes/controller/config.ign: HTTP 500"
                    + " InternalError").contains("run the sync again").doesNotContain("\tat ");
        }
        pointAt(moto.endpoint());
        CliRun retry = CliRun.of("sync", "--env", "acc", "-f", spec.toString());
        assertThat(retry.exitCode()).as(retry.all()).isZero();
        assertThat(CliRun.of("sync", "--env", "acc", "-f", spec.toString()).out()).contains("uploaded 0 ");
    }

    @Test
    void aProtectedEnvironmentNeedsConfirm() throws Exception {
        assertThat(CliRun.of("plan", "--env", "prod", "--confirm", "prod", "-f", spec.toString()).exitCode())
                .isZero();
        CliRun refused = CliRun.of("sync", "--env", "prod", "-f", spec.toString());
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(refused.err()).contains("--confirm prod");
        CliRun confirmed = CliRun.of("sync", "--env", "prod", "-f", spec.toString(), "--confirm", "prod");
        assertThat(confirmed.exitCode()).as(confirmed.all()).isZero();
        assertThat(confirmed.out()).contains("-> s3://yourcom-infra/prod/");
    }

    @Test
    void withoutARenderedTreeItSaysToPlanFirst() throws Exception {
        CliRun run = CliRun.of("sync", "--env", "prod", "-f", spec.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("build/prod/provisioning does not exist").contains("slipway plan --env prod");
    }

    @Test
    void aSyncKilledMidwayConvergesWhenRunAgain() throws Exception {
        // Enough objects that the sync is still running when it is killed.
        for (int i = 0; i < 1500; i++) {
            Files.writeString(provisioning().resolve("filler/f" + i), "filler " + i + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)
                    ;
        }
        long files = countFiles(provisioning());
        ProcessBuilder pb = new ProcessBuilder(javaCommand("sync", "--env", "acc", "-f", spec.toString(),
                "--parallel", "2")).redirectErrorStream(true).redirectOutput(dir.resolve("killed.log").toFile());
        Map<String, String> env = pb.environment();
        env.putAll(moto.environment());
        Process p = pb.start();
        try (S3Client s3 = moto.s3()) {
            while (p.isAlive() && count(s3) < 100) {
                Thread.sleep(50);
            }
            p.destroyForcibly();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            long before = count(s3);
            assertThat(before).as("killed part way: " + Files.readString(dir.resolve("killed.log")))
                    .isGreaterThanOrEqualTo(100).isLessThan(files);

            CliRun rerun = CliRun.of("sync", "--env", "acc", "-f", spec.toString());
            assertThat(rerun.exitCode()).as(rerun.all()).isZero();
            assertThat(rerun.out()).contains("uploaded " + (files - before) + " (")
                    .contains("unchanged " + before + ",");
            assertThat(count(s3)).isEqualTo(files);
            CliRun after = CliRun.of("sync", "--env", "acc", "-f", spec.toString());
            assertThat(after.out()).contains("uploaded 0 (0 B), unchanged " + files);
            assertThat(s3.headObject(h -> h.bucket(BUCKET).key("acc/nodes/filler/f1499")).metadata())
                    .containsKey(S3Sync.SHA256_METADATA);
        } finally {
            p.destroyForcibly();
        }
    }

    private void pointAt(URI endpoint) {
        System.setProperty("aws.endpointUrl", endpoint.toString());
        System.setProperty("aws.region", MotoServer.REGION.id());
        System.setProperty("aws.accessKeyId", MotoServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", MotoServer.SECRET_KEY);
    }

    private Path provisioning() throws Exception {
        Path p = dir.resolve("build/acc/provisioning");
        Files.createDirectories(p.resolve("filler"));
        return p;
    }

    private static long countFiles(Path root) throws Exception {
        try (var s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    private static long count(S3Client s3) {
        long n = 0;
        for (var page : s3.listObjectsV2Paginator(l -> l.bucket(BUCKET).prefix("acc/"))) {
            n += page.keyCount();
        }
        return n;
    }

    private static List<String> javaCommand(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }
}
