package dev.slipway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What {@link WriteWatch} calls a write: the kinds a dry run could make without changing a single name — a file
 * rewritten in place (same name, same size), a mode changed, an object PUT again with the same bytes.
 */
class WriteWatchTest {

    @Test
    void seesContentModeAndSameBytesRewritesAndNothingElse(@TempDir Path dir) throws Exception {
        Path token = Files.writeString(dir.resolve("bootstrap-token"), "abcdef");
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), "server: a");
        try (MotoServer moto = MotoServer.start(); S3Client s3 = moto.s3()) {
            s3.createBucket(b -> b.bucket("infra").createBucketConfiguration(c -> c.locationConstraint("eu-west-1")));
            s3.putObject(p -> p.bucket("infra").key("acc/state/token"), RequestBody.fromString("same"));

            WriteWatch idle = WriteWatch.start(List.of(dir), moto, null);
            Files.readString(token);
            s3.getObject(g -> g.bucket("infra").key("acc/state/token")).close();
            assertThat(idle.writes()).as("reads are no writes").isEmpty();

            WriteWatch watch = WriteWatch.start(List.of(dir), moto, null);
            Files.writeString(token, "ghijkl"); // same name, same size
            Files.setPosixFilePermissions(kubeconfig, PosixFilePermissions.fromString("rw-------"));
            s3.putObject(p -> p.bucket("infra").key("acc/state/token"), RequestBody.fromString("same"));
            assertThat(watch.writes()).anyMatch(w -> w.startsWith("AWS PUT ") && w.contains("/infra/acc/state/token"))
                    .anyMatch(w -> w.startsWith("file changed: " + token + " "))
                    .anyMatch(w -> w.startsWith("file changed: " + kubeconfig + " ") && w.contains("rw-------"))
                    // the object's listing changes only when the PUT fell in another second (LastModified is in
                    // seconds); moto's recorder sees the PUT either way
                    .allMatch(w -> w.startsWith("AWS PUT ") || w.startsWith("file changed: ")
                            || w.startsWith("S3 object version changed: infra/acc/state/token@"));
        }
    }
}
