package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.apply.S3Sync;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.testing.CliRun;
import dev.slipway.testing.Digests;
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
import software.amazon.awssdk.core.sync.RequestBody;
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
    private static final ObjectMapper JSON = new ObjectMapper();
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
        String config = key("worker-general/config.");
        CliRun first = CliRun.of("sync", "--env", "acc", "-f", spec.toString());
        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(first.out()).contains("build/acc/provisioning -> s3://yourcom-infra/acc/nodes/")
                .contains("uploaded " + files + " (").contains("unchanged 0, deleted 0")
                .contains("  upload acc/nodes/" + key("controller/config."))
                .containsPattern("  upload acc/nodes/controller/secrets/[0-9a-f]{16}/pki/ca.key \\(.*, encrypted\\)");
        // One stream, sorted: the plan's lines on stdout in key order, nothing per object on stderr.
        List<String> lines = first.out().lines().filter(l -> l.startsWith("  upload ")).toList();
        assertThat(lines).hasSize((int) files).isSorted();
        assertThat(first.err()).doesNotContain("upload ");
        try (S3Client s3 = moto.s3()) {
            String caKey = keys(s3).stream().filter(k -> k.endsWith("/pki/ca.key")).findFirst().orElseThrow();
            assertThat(s3.headObject(h -> h.bucket(BUCKET).key(caKey)).serverSideEncryption())
                    .isEqualTo(ServerSideEncryption.AES256);
            byte[] bytes = Files.readAllBytes(provisioning().resolve(config));
            assertThat(s3.getObjectAsBytes(g -> g.bucket(BUCKET).key("acc/nodes/" + config)).asByteArray())
                    .isEqualTo(bytes);
        }

        CliRun second = CliRun.of("sync", "--env", "acc", "-f", spec.toString());
        assertThat(second.out()).contains("uploaded 0 (0 B), unchanged " + files + ", deleted 0")
                .doesNotContain("upload ");

        Files.writeString(provisioning().resolve("SHA256SUMS"), "changed\n");
        CliRun third = CliRun.of("sync", "--env", "acc", "-f", spec.toString(), "-o", "json");
        // A rendered file that differs from the spec: the build is stale, rendered again, and nothing to upload.
        assertThat(third.err()).contains("build/acc/ was out of date with the spec; rendered it again");
        assertThat(third.out()).contains("\"uploaded\" : 0").contains("\"unchanged\" : " + files);
        assertThat(Files.readString(provisioning().resolve("SHA256SUMS"))).isNotEqualTo("changed\n");
    }

    @Test
    void aPointerRenderedBeforeAChangeStillFetchesAMatchingConfigAfterTheNextSync() throws Exception {
        assertThat(CliRun.of("sync", "--env", "acc", "-f", spec.toString()).exitCode()).isZero();
        byte[] oldPointer = Files.readAllBytes(dir.resolve("build/acc/ignition/worker-general.pointer.ign"));

        // A change that reaches every node config: one more SSH key. Sync renders it again and uploads it.
        String yaml = Files.readString(spec);
        Files.writeString(spec, yaml.replaceFirst("(?m)^(\\s*)sshAuthorizedKeys:\\s*\\n(\\s*)- ",
                "$1sshAuthorizedKeys:\n$2- ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ0dNewOperatorKeyForTheTest9999999 new\n$2- "));
        assertThat(Files.readString(spec)).isNotEqualTo(yaml);
        CliRun sync = CliRun.of("sync", "--env", "acc", "-f", spec.toString());
        assertThat(sync.exitCode()).as(sync.all()).isZero();
        byte[] newPointer = Files.readAllBytes(dir.resolve("build/acc/ignition/worker-general.pointer.ign"));
        assertThat(newPointer).as("the change reached the pointer").isNotEqualTo(oldPointer);

        try (S3Client s3 = moto.s3()) {
            for (byte[] pointer : List.of(oldPointer, newPointer)) {
                var merge = JSON.readTree(pointer).at("/ignition/config/merge/0");
                String key = merge.get("source").asText().substring("s3://yourcom-infra/".length());
                byte[] config = s3.getObjectAsBytes(g -> g.bucket(BUCKET).key(key)).asByteArray();
                assertThat("sha512-" + Digests.sha512sum(config)).as(key)
                        .isEqualTo(merge.at("/verification/hash").asText());
                // ... and every file that config fetches from S3 is there with the hash it pins.
                for (var file : JSON.readTree(config).at("/storage/files")) {
                    String source = file.at("/contents/source").asText();
                    if (source.startsWith("s3://")) {
                        byte[] fetched = s3.getObjectAsBytes(g -> g.bucket(BUCKET)
                                .key(source.substring("s3://yourcom-infra/".length()))).asByteArray();
                        String pinned = file.at("/contents/verification/hash").asText();
                        if (source.endsWith("/secrets/bootstrap-token")) {
                            // The one file fetched without a pinned hash (issue 20 item D): the token at its fixed
                            // key, so a renewed token reaches nodes launched from an unchanged launch template.
                            assertThat(pinned).as(source).isEmpty();
                            assertThat(new String(fetched, java.nio.charset.StandardCharsets.UTF_8).strip())
                                    .as(source).matches("[a-z0-9]{6}\\.[a-z0-9]{16}");
                        } else {
                            assertThat("sha512-" + Digests.sha512sum(fetched)).as(source).isEqualTo(pinned);
                        }
                    }
                }
            }
        }
    }

    @Test
    void dryRunShowsThePlanAndUploadsNothing() throws Exception {
        CliRun dry = CliRun.of("sync", "--env", "acc", "-f", spec.toString(), "--dry-run");
        assertThat(dry.exitCode()).as(dry.all()).isZero();
        assertThat(dry.out()).contains("(dry run: nothing changed)")
                .contains("would upload acc/nodes/controller/config.").contains("would upload " + countFiles(provisioning()));
        try (S3Client s3 = moto.s3()) {
            assertThat(s3.listObjectsV2(l -> l.bucket(BUCKET)).contents()).isEmpty();
        }
    }

    @Test
    void pruneDeletesOnlyWhatSlipwayUploadedAndAsksFirst() throws Exception {
        assertThat(CliRun.of("sync", "--env", "acc", "-f", spec.toString()).exitCode()).isZero();
        String firstConfig = "acc/nodes/" + key("worker-general/config.");
        // What 'infra init' and the state store put into the bucket, and a colleague's notes.
        List<String> foreign = List.of("acc/terraform/terraform.tfstate", "acc/terraform/terraform.tfstate.tflock",
                "acc/terraform.tfstate", "acc/state/pki/ca.key", "acc/nodes/runbook.md", "acc/notes/runbook.md",
                "acc/nodes/worker-retired/config.ign");
        try (S3Client s3 = moto.s3()) {
            for (String k : foreign) {
                s3.putObject(p -> p.bucket(BUCKET).key(k), RequestBody.fromString("not Slipway's: " + k));
            }
        }
        // Four changes to the node configs: four generations; only the oldest falls out of the kept three.
        for (int i = 0; i < 4; i++) {
            Files.writeString(spec, Files.readString(spec).replaceFirst("(?m)^(\\s*)sshAuthorizedKeys:\\s*\\n(\\s*)- ",
                    "$1sshAuthorizedKeys:\n$2- ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ0dNewOperatorKeyForTheTest000000" + i
                            + " k" + i + "\n$2- "));
            CliRun sync = CliRun.of("sync", "--env", "acc", "-f", spec.toString());
            assertThat(sync.exitCode()).as(sync.all()).isZero();
            if (i == 3) {
                assertThat(sync.out()).contains("--prune would delete").contains(firstConfig);
            }
        }
        CliRun refused = CliRun.of("sync", "--env", "acc", "-f", spec.toString(), "--prune");
        assertThat(refused.exitCode()).as("no terminal, no --yes").isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(refused.err()).contains("pass --yes");
        try (S3Client s3 = moto.s3()) {
            assertThat(keys(s3)).contains(firstConfig);
        }

        CliRun prune = CliRun.of("sync", "--env", "acc", "-f", spec.toString(), "--prune", "--yes");
        assertThat(prune.exitCode()).as(prune.all()).isZero();
        assertThat(prune.out()).contains("  delete " + firstConfig).doesNotContain("delete acc/terraform")
                .doesNotContain("runbook").doesNotContain("worker-retired");
        try (S3Client s3 = moto.s3()) {
            List<String> left = keys(s3);
            assertThat(left).containsAll(foreign).doesNotContain(firstConfig);
            for (String k : foreign) {
                assertThat(s3.getObjectAsBytes(g -> g.bucket(BUCKET).key(k)).asUtf8String())
                        .isEqualTo("not Slipway's: " + k);
            }
            // The three newest generations' configs are all still there.
            assertThat(left.stream().filter(k -> k.matches("acc/nodes/worker-general/config\\.[0-9a-f]{16}\\.ign")))
                    .hasSize(3);
        }
        CliRun again = CliRun.of("sync", "--env", "acc", "-f", spec.toString(), "--prune", "--yes");
        assertThat(again.out()).contains("deleted 0");
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
                (method, path) -> method.equals("PUT") && path.contains("/acc/nodes/controller/config."))) {
            pointAt(proxy.endpoint());
            CliRun run = CliRun.of("sync", "--env", "acc", "-f", spec.toString());
            assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
            assertThat(run.err()).containsPattern("error: cannot upload s3://yourcom-infra/acc/nodes/controller/config\\."
                    + "[0-9a-f]{16}\\.ign: HTTP 500 InternalError").contains("run the sync again").doesNotContain("\tat ");
        }
        pointAt(moto.endpoint());
        CliRun retry = CliRun.of("sync", "--env", "acc", "-f", spec.toString());
        assertThat(retry.exitCode()).as(retry.all()).isZero();
        assertThat(CliRun.of("sync", "--env", "acc", "-f", spec.toString()).out()).contains("uploaded 0 ");
    }

    @Test
    void aProtectedEnvironmentNeedsConfirm() throws Exception {
        // prod's first CA is a deliberate act too (--confirm on the plan that creates it).
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
    void withoutARenderedTreeADryRunRendersInMemoryAndWritesNothing() throws Exception {
        CliRun run = CliRun.of("sync", "--env", "prod", "-f", spec.toString(), "--dry-run");
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.err()).contains("build/prod/ is out of date with the spec");
        assertThat(run.out()).contains("would upload prod/nodes/controller/config.");
        assertThat(dir.resolve("build/prod")).doesNotExist();
        try (S3Client s3 = moto.s3()) {
            assertThat(s3.listObjectsV2(l -> l.bucket(BUCKET).prefix("prod/")).contents()).isEmpty();
        }
    }

    @Test
    void aSyncKilledMidwayConvergesWhenRunAgain() throws Exception {
        // Enough objects that the sync is still running when it is killed.
        Files.createDirectories(provisioning().resolve("filler"));
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
            assertThat(count(s3)).as("the files and the upload manifest").isEqualTo(files + 1);
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

    private Path provisioning() {
        return dir.resolve("build/acc/provisioning");
    }

    /** The one rendered file whose path under provisioning/ starts with {@code start}. */
    private String key(String start) throws Exception {
        try (var s = Files.walk(provisioning())) {
            List<String> found = s.filter(Files::isRegularFile).map(p -> provisioning().relativize(p).toString())
                    .filter(p -> p.startsWith(start)).toList();
            assertThat(found).as(start).hasSize(1);
            return found.get(0);
        }
    }

    private static List<String> keys(S3Client s3) {
        List<String> keys = new ArrayList<>();
        s3.listObjectsV2Paginator(l -> l.bucket(BUCKET)).contents().forEach(o -> keys.add(o.key()));
        return keys;
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
