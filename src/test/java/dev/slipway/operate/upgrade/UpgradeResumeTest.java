package dev.slipway.operate.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.apply.etcd.EtcdAccess;
import dev.slipway.operate.Procedure;
import dev.slipway.operate.Step;
import dev.slipway.operate.StepOutcome;
import dev.slipway.operate.rotate.ControllerSlot;
import dev.slipway.state.LocalStateStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upgrade resumes at its step: the snapshot an earlier run recorded for the same target makes that step done (a
 * resumed run takes no second snapshot of a cluster it has begun to change), and a record for another target does
 * not. The other steps are the commands' own steps, each with its own check (tested with {@code up}, {@code rotate}).
 */
class UpgradeResumeTest {
    @TempDir
    Path dir;

    @Test
    void aRecordedSnapshotForTheTargetIsDoneAndNoOtherIs() {
        LocalStateStore store = new LocalStateStore(dir);
        KubernetesRelease target = KubernetesRelease.of("v1.36.3");
        EtcdAccess unreachable = name -> Optional.empty();
        Step step = new EtcdSnapshotStep(new UpgradeProgress(store, target), () -> {
            throw new AssertionError("no snapshot may be taken");
        }, "s3://yourcom-infra/prod/backups/etcd/", () -> unreachable, List.of(new ControllerSlot(0, "etcd0",
                "https://etcd0.prod.your.com:2380")), target);
        assertThat(step.check().done()).isFalse();

        new UpgradeProgress(store, KubernetesRelease.of("v1.35.4")).snapshotTaken("s3://yourcom-infra/prod/backups/"
                + "etcd/20261101T000000Z-upgrade-v1.35.4.db");
        assertThat(step.check().done()).as("a snapshot for another target").isFalse();
        // A run whose etcd answers nowhere fails at this step, before anything changed, and says why.
        List<StepOutcome> run = new Procedure("upgrade", List.of(step)).run(Procedure.Listener.NONE);
        assertThat(run).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(StepOutcome.Status.FAILED);
            assertThat(o.detail()).contains("no etcd member answers healthy");
        });

        new UpgradeProgress(store, target).snapshotTaken("s3://yourcom-infra/prod/backups/etcd/"
                + "20261207T030000Z-upgrade-v1.36.3.db");
        assertThat(step.check()).satisfies(c -> {
            assertThat(c.done()).isTrue();
            assertThat(c.detail()).contains("20261207T030000Z-upgrade-v1.36.3.db");
        });
        assertThat(new Procedure("upgrade", List.of(step)).run(Procedure.Listener.NONE)).singleElement()
                .satisfies(o -> assertThat(o.status()).isEqualTo(StepOutcome.Status.ALREADY_DONE));
    }
}
