package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.CliRun;
import dev.slipway.testing.GoldenFiles;
import dev.slipway.testing.MotoExtension;
import dev.slipway.testing.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;

/**
 * {@code slipway diff --only provisioning} against moto: after a sync nothing drifted; an object replaced by hand
 * with other content (as {@code aws s3 cp} would) and one deleted are found, and only they, although the upload
 * record still lists both as uploaded (diff compares every key, never the record alone).
 */
@ExtendWith(MotoExtension.class)
class DiffProvisioningTest {
    private static final String BUCKET = "yourcom-infra";
    private static final List<String> PROPERTIES = List.of("aws.endpointUrl", "aws.region", "aws.accessKeyId",
            "aws.secretAccessKey");

    @TempDir
    Path dir;
    private Path spec;

    @BeforeEach
    void planAndSync(MotoServer moto) throws Exception {
        spec = dir.resolve("platform.yaml");
        Files.copy(GoldenFiles.repo().resolve("examples/yourcom/platform.yaml"), spec);
        CliRun plan = CliRun.of("plan", "--env", "acc", "-f", spec.toString());
        assertThat(plan.exitCode()).as(plan.all()).isZero();
        System.setProperty("aws.endpointUrl", moto.endpoint().toString());
        System.setProperty("aws.region", MotoServer.REGION.id());
        System.setProperty("aws.accessKeyId", MotoServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", MotoServer.SECRET_KEY);
        try (S3Client s3 = moto.s3()) {
            s3.createBucket(b -> b.bucket(BUCKET)
                    .createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.EU_WEST_1)));
        }
        CliRun sync = CliRun.of("sync", "--env", "acc", "-f", spec.toString());
        assertThat(sync.exitCode()).as(sync.all()).isZero();
    }

    @AfterEach
    void clearProperties() {
        PROPERTIES.forEach(System::clearProperty);
    }

    @Test
    void anObjectReplacedAndOneDeletedByHandAreFoundAndOnlyThey(MotoServer moto) throws Exception {
        CliRun clean = CliRun.of("diff", "--env", "acc", "--only", "provisioning", "-f", spec.toString());
        assertThat(clean.exitCode()).as(clean.all()).isZero();
        assertThat(clean.out()).contains("provisioning: no drift", "acc runs as the spec says.");

        try (S3Client s3 = moto.s3()) {
            // Same size as the rendered file, other content: a size comparison alone would miss it.
            byte[] sums = Files.readAllBytes(dir.resolve("build/acc/provisioning/SHA256SUMS"));
            byte[] replaced = sums.clone();
            replaced[0] = (byte) (replaced[0] == 'a' ? 'b' : 'a');
            s3.putObject(p -> p.bucket(BUCKET).key("acc/nodes/SHA256SUMS"), RequestBody.fromBytes(replaced));
            // Alone, not a node config: sync's fast path, which trusts the upload record, would not look at it.
            CliRun one = CliRun.of("diff", "--env", "acc", "--only", "provisioning", "-f", spec.toString());
            assertThat(one.exitCode()).as(one.all()).isEqualTo(2);
            assertThat(one.out()).contains("provisioning: 1 difference",
                    "  changed  s3://yourcom-infra/acc/nodes/SHA256SUMS");

            String config = s3.listObjectsV2Paginator(l -> l.bucket(BUCKET).prefix("acc/nodes/worker-general/"))
                    .contents().stream().map(o -> o.key()).filter(k -> k.contains("/config.")).findFirst()
                    .orElseThrow();
            s3.deleteObject(d -> d.bucket(BUCKET).key(config));

            CliRun run = CliRun.of("diff", "--env", "acc", "--only", "provisioning", "-f", spec.toString());
            assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
            assertThat(run.out()).contains("provisioning: 2 differences",
                    "  changed  s3://yourcom-infra/acc/nodes/SHA256SUMS",
                    "  changed  s3://yourcom-infra/" + config, "'slipway sync --env acc' uploads it",
                    "acc drifted from the spec.");
            assertThat(run.out().lines().filter(l -> l.startsWith("  changed"))).hasSize(2);
        }
    }
}
