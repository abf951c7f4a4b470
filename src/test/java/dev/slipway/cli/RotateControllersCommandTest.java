package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.slipway.operate.rotate.ControllerSlot;
import dev.slipway.operate.rotate.RotationStep;
import dev.slipway.operate.rotate.RotationStep.Action;
import dev.slipway.testing.CliRun;
import dev.slipway.testing.GoldenFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    /**
     * The JSON of a run needs a cluster (the rotation itself is ControllerRotationRehearsalTest's), so its result is
     * checked against the schema here, as the command builds it: before a run (no snapshot yet) and after one.
     */
    @Test
    void theControllersResultMatchesTheSchemaWithAndWithoutASnapshot() throws Exception {
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(GoldenFiles.repo().resolve("schema/output.schema.json")), InputFormat.JSON);
        ControllerSlot etcd0 = new ControllerSlot(0, "etcd0", "https://etcd0.prod.your.com:2380");
        RotationStep snapshot = new RotationStep(null, Action.SNAPSHOT, "take an etcd snapshot to"
                + " s3://yourcom-infra/prod/backups/etcd/STAMP-rotate-controllers.db");
        RotationStep remove = new RotationStep(etcd0, Action.REMOVE_MEMBER, "remove etcd member etcd0");
        String key = "s3://yourcom-infra/prod/backups/etcd/20261202T120000Z-rotate-controllers.db";
        ObjectMapper json = new ObjectMapper();
        String planned = json.writeValueAsString(new JsonEnvelope("rotate", "prod",
                RotateCommand.controllersJson(List.of(snapshot, remove), List.of(), null, null, true), List.of()));
        String ran = json.writeValueAsString(new JsonEnvelope("rotate", "prod",
                RotateCommand.controllersJson(List.of(snapshot, remove), List.of(snapshot), "etcd0: failed", key,
                        false), List.of()));
        assertThat(schema.validate(planned, InputFormat.JSON)).as(planned).isEmpty();
        assertThat(schema.validate(ran, InputFormat.JSON)).as(ran).isEmpty();
        assertThat(json.readTree(ran).at("/result/snapshot").asText()).isEqualTo(key);
        assertThat(json.readTree(ran).at("/result/planned/0").asText()).startsWith("take an etcd snapshot to s3://");
        String notAKey = ran.replace(key, "somewhere");
        assertThat(schema.validate(notAKey, InputFormat.JSON)).as("a snapshot that is no s3:// object").isNotEmpty();
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
