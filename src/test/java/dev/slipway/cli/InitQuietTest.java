package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -q} prints only errors and what was asked for: init's files are written, its "wrote"/"Next" lines are not. */
class InitQuietTest {
    @TempDir
    Path dir;

    @Test
    void quietInitWritesTheScaffoldAndPrintsNothing() {
        Path target = dir.resolve("acme");
        CliRun run = CliRun.of("init", target.toString(), "--name", "acme", "--domain", "acme.example", "-q");
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(Files.isRegularFile(target.resolve("platform.yaml"))).isTrue();
        assertThat(run.out()).isEmpty();
        CliRun loud = CliRun.of("init", dir.resolve("loud").toString(), "--name", "acme", "--domain", "acme.example");
        assertThat(loud.out()).contains("wrote ").contains("Next: ");
    }
}
