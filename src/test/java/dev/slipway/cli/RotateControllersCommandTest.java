package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.CliRun;
import dev.slipway.testing.GoldenFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rotate --controllers} refuses, before it connects to anything or writes anything, what it cannot do safely.
 * The rotation itself (three real etcd members, quorum checked every 100 ms) is ControllerRotationRehearsalTest.
 */
class RotateControllersCommandTest {

    @TempDir
    Path dir;

    private Path example() throws Exception {
        Path spec = dir.resolve("platform.yaml");
        Files.copy(GoldenFiles.repo().resolve("examples/yourcom/platform.yaml"), spec);
        return spec;
    }

    @Test
    void aSingleControllerIsNeverRotated() throws Exception {
        Path spec = example();
        CliRun r = CliRun.of("rotate", "--env", "acc", "--controllers", "--yes", "-f", spec.toString());
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.err()).contains("--controllers: 1 controller(s)").contains("at least 3 controllers")
                .contains("nothing was changed");
        assertThat(dir.resolve("build")).doesNotExist();
        assertThat(dir.resolve(".slipway")).doesNotExist();
    }

    @Test
    void threeControllersNeedTheRenderedControllerConfigFirst() throws Exception {
        Path spec = example();
        CliRun r = CliRun.of("rotate", "--env", "prod", "--controllers", "--dry-run", "-f", spec.toString());
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.err()).contains("controller.pointer.ign is missing").contains("slipway plan --env prod");
        assertThat(dir.resolve(".slipway")).doesNotExist();
    }

    @Test
    void controllersAndPoolsExcludeEachOther() throws Exception {
        Path spec = example();
        CliRun r = CliRun.of("rotate", "--env", "prod", "--controllers", "--pool", "general", "--dry-run", "-f",
                spec.toString());
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.err()).contains("--controllers and --pool exclude each other");
    }
}
