package dev.slipway.operate.upgrade;

import dev.slipway.apply.etcd.EtcdAccess;
import dev.slipway.apply.etcd.EtcdClient;
import dev.slipway.apply.etcd.EtcdException;
import dev.slipway.apply.etcd.EtcdSnapshotArchive;
import dev.slipway.operate.Step;
import dev.slipway.operate.rotate.ControllerSlot;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An etcd snapshot into the infra bucket before anything changes ({@code ENV/backups/etcd/STAMP-upgrade-vX.Y.Z.db}),
 * stored only when etcd's sha256 trailer matches ({@link EtcdSnapshotArchive}). Done when the state store records
 * one for this target.
 */
final class EtcdSnapshotStep implements Step {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private final UpgradeProgress progress;
    private final Supplier<EtcdSnapshotArchive> archive;
    private final Supplier<EtcdAccess> etcd;
    private final List<ControllerSlot> slots;
    private final KubernetesRelease target;
    private final String location;

    EtcdSnapshotStep(UpgradeProgress progress, Supplier<EtcdSnapshotArchive> archive, String location,
            Supplier<EtcdAccess> etcd, List<ControllerSlot> slots, KubernetesRelease target) {
        this.progress = progress;
        this.archive = archive;
        this.location = location;
        this.etcd = etcd;
        this.slots = List.copyOf(slots);
        this.target = target;
    }

    static String name(Instant now, KubernetesRelease target) {
        return STAMP.format(now) + "-upgrade-" + target + ".db";
    }

    @Override
    public String name() {
        return "etcd snapshot";
    }

    @Override
    public String intent() {
        return "snapshot etcd to " + location + "STAMP-upgrade-" + target + ".db (checked against its sha256"
                + " trailer)";
    }

    @Override
    public Check check() {
        Optional<String> taken = progress.snapshot();
        return taken.map(uri -> Check.done("taken for " + target + ": " + uri))
                .orElseGet(() -> Check.toDo("no snapshot for " + target + " yet"));
    }

    @Override
    public String run() {
        EtcdClient member = null;
        EtcdAccess access = etcd.get();
        for (ControllerSlot s : slots) {
            Optional<EtcdClient> c = access.member(s.name());
            if (c.isPresent() && c.get().healthy()) {
                member = c.get();
                break;
            }
        }
        if (member == null) {
            throw new EtcdException("no etcd member answers healthy: no snapshot, nothing changed");
        }
        EtcdSnapshotArchive.Stored stored = archive.get().save(member, name(Instant.now(), target));
        progress.snapshotTaken(stored.uri());
        return "stored " + stored.uri() + " (" + stored.snapshot().databaseBytes() + " bytes, sha256 trailer"
                + " verified)";
    }
}
