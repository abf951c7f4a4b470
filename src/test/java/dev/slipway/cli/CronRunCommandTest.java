package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.CliRun;
import dev.slipway.testing.GoldenFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slipway cron run} as a user calls it, up to the cluster: without a kubeconfig it is bad input (exit 2) and
 * says how to get one; the run against a cluster is tested in {@code WorkloadsOnTheApiServerTest} (CronRun).
 */
class CronRunCommandTest {

    @Test
    void withoutAKubeconfigItSaysHowToGetOneAndExitsTwo(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("platform.yaml");
        Files.copy(GoldenFiles.repo().resolve("examples/yourcom/platform.yaml"), spec);

        CliRun run = CliRun.of("cron", "run", "nightly-report", "--env", "acc", "-f", spec.toString());

        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.err()).contains("cannot read kubeconfig", "slipway kubeconfig --env acc");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void helpShowsTheExamples() {
        CliRun run = CliRun.of("cron", "run", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("kubectl create job --from=cronjob/NAME", "slipway cron run mongo-backup");
    }
}
