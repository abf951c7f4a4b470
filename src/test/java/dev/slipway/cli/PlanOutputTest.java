package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.CliRun;
import dev.slipway.testing.GoldenFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code slipway plan} says: the files that change, a diff on request, one line when nothing changed. */
class PlanOutputTest {
    @TempDir
    Path dir;
    Path spec;

    @BeforeEach
    void planOnce() throws Exception {
        spec = dir.resolve("platform.yaml");
        Files.copy(GoldenFiles.repo().resolve("examples/yourcom/platform.yaml"), spec);
        assertThat(CliRun.of("plan", "--env", "acc", "-f", spec.toString()).exitCode()).isZero();
    }

    private CliRun plan(String... extra) {
        String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("plan", "--env", "acc", "-f", spec.toString()),
                java.util.stream.Stream.of(extra)).toArray(String[]::new);
        return CliRun.of(args);
    }

    @Test
    void nothingChangedIsOneLine() {
        CliRun run = plan();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).singleElement().asString()
                .startsWith(spec.resolveSibling("build/acc") + ": up to date, ")
                .contains("(0 new, 0 changed, 0 removed, ").contains(
                        // acc's pointers: the shared controller pointer, controller-0's own, worker-general's
                        "resources: ignition 3, k8s ").contains(", provisioning ");
        assertThat(plan("-q").out()).isEmpty();
        assertThat(plan("-q").err()).isEmpty();
        assertThat(plan("-v").out()).contains("  unchanged terraform/network.tf").contains("terraform:\n");
    }

    @Test
    void aChangedFileIsNamedAndDiffedAndSecretsOnlyByName() throws Exception {
        Path network = spec.resolveSibling("build/acc/terraform/network.tf");
        Files.writeString(network, Files.readString(network).replaceFirst("\n", "\n# edited by hand\n"));
        // node files are content-addressed (ROLE/secrets/HASH16/NAME): find the controller's CA key by pattern
        Path build = spec.resolveSibling("build/acc");
        Path key;
        try (java.util.stream.Stream<Path> files = Files.walk(build)) {
            key = files.filter(f -> build.relativize(f).toString().replace('\\', '/')
                    .matches("(.*/)?controller/secrets/(.*/)?ca\\.key")).findFirst().orElseThrow();
        }
        String keyName = build.relativize(key).toString().replace('\\', '/');
        Files.writeString(key, "tampered");

        CliRun run = plan("--dry-run", "--diff");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("  changed   terraform/network.tf\n--- a/terraform/network.tf\n"
                + "+++ b/terraform/network.tf\n").contains("\n-# edited by hand\n")
                .contains("  changed   " + keyName + "  (secret)\n"
                        + "      (secret: content not shown)\n")
                .doesNotContain("tampered").doesNotContain("BEGIN")
                .contains("would change (dry run: nothing written)");
        assertThat(Files.readString(network)).contains("# edited by hand");

        CliRun quiet = plan("-q");
        assertThat(quiet.out()).isEqualTo("  changed   " + keyName + "  (secret)\n"
                + "  changed   terraform/network.tf\n");
        assertThat(Files.readString(network)).doesNotContain("# edited by hand");
    }

    @Test
    void theUsersOwnTerraformIsKeptAndAnUnknownFileStopsThePlan() throws Exception {
        Path tf = spec.resolveSibling("build/acc/terraform");
        Files.writeString(tf.resolve("user_bastion.tf"), "# mine\n");
        CliRun kept = plan();
        assertThat(kept.exitCode()).isZero();
        assertThat(kept.out()).contains(", 1 yours)");
        assertThat(plan("-o", "json").out()).contains("\"path\" : \"terraform/user_bastion.tf\",\n"
                + "      \"change\" : \"yours\"");

        Files.writeString(tf.resolve("my-override.tf"), "# mine too\n");
        Files.writeString(tf.resolve("network.tf"), "# will not be rewritten\n");
        CliRun refused = plan();
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(refused.err()).contains(tf.resolve("my-override.tf") + ": a file Slipway did not write")
                .contains("user_*.tf").contains("*_override.tf");
        assertThat(tf.resolve("my-override.tf")).hasContent("# mine too");
        assertThat(tf.resolve("network.tf")).hasContent("# will not be rewritten");
        assertThat(tf.resolve("user_bastion.tf")).hasContent("# mine");
    }
}
