package dev.slipway.operate.rotate;

import dev.slipway.apply.etcd.EtcdAccess;
import dev.slipway.apply.etcd.EtcdClient;
import dev.slipway.apply.etcd.EtcdException;
import dev.slipway.apply.etcd.EtcdMember;
import dev.slipway.apply.etcd.EtcdSnapshotArchive;
import dev.slipway.apply.etcd.EtcdTls;
import dev.slipway.apply.etcd.PortForwardedEtcd;
import dev.slipway.apply.terraform.TerraformWorkspace;
import dev.slipway.pki.CertificateIssuer;
import dev.slipway.pki.ClusterPki;
import dev.slipway.render.terraform.ControllerReplacementScope;
import dev.slipway.spec.Environment;
import dev.slipway.state.StateStore;
import dev.slipway.versions.Versions;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import javax.net.ssl.SSLContext;
import dev.slipway.operate.rotate.RotationStep.Action;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.services.s3.S3Client;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Replaces the controllers one at a time while etcd keeps its quorum ({@code slipway rotate --controllers}).
 *
 * <p>Per slot: remove the old member, add its peer URL back as a new member, replace the instance, wait until the new
 * member has started and is healthy; then the next slot. A member's identity is its peer URL
 * ({@code https://etcdN.ENV.DOMAIN:2380}, the DNS name the shared peer certificate carries), and etcd refuses to add a
 * URL that a member already has, so the replacement cannot be added before the old member leaves: this is etcd's own
 * order for replacing a member ("remove the old member, then add the new one"). It costs no more than adding first:
 * with three members, adding a fourth that has not started raises the quorum to three of four, so either way one more
 * failure during the swap would stop the cluster; removing first never makes a member that is not running count.
 * The replacement joins as {@code existing} because it finds its URL added and not started (the static-pods script).
 *
 * <p>Before touching a slot the rotation checks that every other member is started and healthy (so the remaining
 * members hold a quorum on their own) and that the instance replacement can be made ({@link
 * ControllerReplacement#prepare}); otherwise it stops without a change. A replacement that does not become healthy
 * within the timeout aborts the rotation: the slots after it are not touched, the members before it stay as they
 * are, and the failed slot stays added and waiting, so a slow boot can still join and a re-run replaces that instance
 * again. Progress is kept in the state store ({@link RotationProgress}).
 *
 * <p>Before the first member change of a rotation (after the first slot's checks passed, so a rotation that changes
 * nothing takes none) it takes an etcd snapshot, as kops' etcd-manager does before it touches a member: if the
 * rotation goes wrong beyond what the remaining members can carry, the cluster can be restored from it ({@code
 * etcdutl snapshot restore}, README "Rotate controllers"). It is checked against etcd's sha256 trailer on the way and
 * stored only when that holds; a snapshot that fails stops the rotation before any member change. Its location is
 * recorded in the progress, so a resumed run does not take a second one of a cluster it has already changed.
 *
 * <p>Where it goes: the infra bucket's {@code ENV/backups/etcd/} ({@link EtcdSnapshotArchive}), not the state store.
 * The state store holds the precious entries that cannot be made again (CAs, keys, tokens): small, read whole by
 * every command that opens it and mirrored into every operator's {@code .slipway/ENV/} cache, and with
 * {@code stateStore: local} kept only on one laptop. A snapshot is none of that: it is as large as etcd's database
 * (gigabytes), holds every Secret of the cluster in plain bytes (it must not land in a laptop's cache), is made again
 * by the next rotation, and belongs beside the other backups ({@code ENV/backups/mongo/}) in the bucket that is
 * versioned, encrypted and never public.
 */
public final class ControllerRotation implements AutoCloseable {
    /** @param healthyTimeout how long a replacement may take to boot and join; poll how often to look */
    public record Settings(Duration healthyTimeout, Duration poll) {
        public static final Settings DEFAULT = new Settings(Duration.ofMinutes(15), Duration.ofSeconds(5));
    }

    /** etcd's quorum cannot survive the removal of one member of one or two. */
    static final int MINIMUM_MEMBERS = 3;

    private final List<ControllerSlot> slots;
    private final EtcdAccess etcd;
    private final ControllerReplacement replacement;
    private final RotationProgress progress;
    private final EtcdSnapshotArchive snapshots;
    private final Settings settings;

    /** {@code snapshots}: where the snapshot before the first member change goes. */
    public ControllerRotation(List<ControllerSlot> slots, EtcdAccess etcd, ControllerReplacement replacement,
            RotationProgress progress, EtcdSnapshotArchive snapshots, Settings settings) {
        this.slots = List.copyOf(slots);
        this.etcd = etcd;
        this.replacement = replacement;
        this.progress = progress;
        this.snapshots = snapshots;
        this.settings = settings;
    }

    /**
     * The rotation of {@code env}'s controllers as the CLI runs it: etcd reached through the API server
     * ({@link PortForwardedEtcd}) with the operator's own short-lived etcd client certificate minted from the state
     * store's etcd CA, instances replaced through Terraform, progress kept in {@code store} towards the controller
     * config that {@code controllerPointerConfig} (the rendered {@code ignition/controller.pointer.ign}, which pins
     * the full config's hash) names, the snapshot into the infra bucket through {@code s3}. Close it to close the
     * tunnels.
     */
    public static ControllerRotation forEnvironment(Environment env, StateStore store, ClusterPki pki,
            KubernetesClient kube, TerraformWorkspace terraform, Path controllerPointerConfig, S3Client s3,
            Settings settings) {
        SSLContext tls = EtcdTls.forOperator(pki, new CertificateIssuer(Clock.systemUTC(), new SecureRandom()));
        return new ControllerRotation(ControllerSlot.of(env), new PortForwardedEtcd(kube, tls),
                new TerraformControllerReplacement(terraform, ControllerReplacementScope.of(env, Versions.bundled())),
                RotationProgress.load(store, RotationProgress.generationOf(controllerPointerConfig)),
                EtcdSnapshotArchive.of(s3, env), settings);
    }

    /** The snapshot this rotation took before its first member change, by this run or an earlier one. */
    public Optional<String> snapshot() {
        return progress.snapshot();
    }

    /**
     * The steps a run would take now, from what etcd and the recorded progress say; changes nothing (the dry run, and
     * what is shown before asking). Empty when every slot is on the current controller config.
     *
     * @throws EtcdException when {@link #refusal()} refuses, or no member answers
     */
    public List<RotationStep> plan() {
        refusal().ifPresent(reason -> {
            throw new EtcdException(reason);
        });
        List<EtcdMember> members = anyMember().members();
        List<RotationStep> out = new ArrayList<>();
        for (ControllerSlot slot : slots) {
            if (!isDone(slot, members)) {
                out.addAll(steps(slot, member(members, slot)));
            }
        }
        if (!out.isEmpty() && progress.snapshot().isEmpty()) {
            out.add(0, RotationStep.snapshot("take an etcd snapshot to " + snapshots.location() + "STAMP-"
                    + SNAPSHOT_SUFFIX + " (checked against its sha256 trailer) before the first member change"));
        }
        return out;
    }

    /** Why this environment's controllers cannot be rotated at all, if so. */
    public Optional<String> refusal() {
        return refusal(slots);
    }

    /** The same, before anything is connected: decided by the controller count alone. */
    public static Optional<String> refusal(Environment env) {
        return refusal(ControllerSlot.of(env));
    }

    private static Optional<String> refusal(List<ControllerSlot> slots) {
        if (slots.size() < MINIMUM_MEMBERS) {
            return Optional.of(slots.size() + " controller(s): etcd keeps no quorum while one of fewer than "
                    + MINIMUM_MEMBERS + " members is replaced, and a single controller holds the only copy of the"
                    + " cluster state; rotate needs at least 3 controllers");
        }
        return Optional.empty();
    }

    /** Runs the rotation, slot by slot, reporting each step to {@code listener}. */
    public ControllerRotationResult run(ControllerRotationListener listener) {
        List<RotationStep> done = new ArrayList<>();
        Optional<String> refused = refusal();
        if (refused.isPresent()) {
            return new ControllerRotationResult(done, refused);
        }
        for (ControllerSlot slot : slots) {
            List<EtcdMember> members;
            try {
                members = anyMember().members();
            } catch (EtcdException e) {
                return new ControllerRotationResult(done, Optional.of("cannot read etcd's members, nothing changed"
                        + " for " + slot.name() + ": " + e.getMessage()));
            }
            if (isDone(slot, members)) {
                listener.alreadyDone(slot);
                continue;
            }
            Optional<String> unsafe = othersUnsafe(slot, members);
            if (unsafe.isPresent()) {
                return new ControllerRotationResult(done, unsafe);
            }
            try {
                replacement.prepare(slot);
            } catch (RuntimeException e) {
                return new ControllerRotationResult(done, Optional.of(slot.name() + ": the instance cannot be"
                        + " replaced, nothing changed for it: " + e.getMessage()));
            }
            if (progress.snapshot().isEmpty()) {
                String name = STAMP.format(Instant.now()) + "-" + SNAPSHOT_SUFFIX;
                RotationStep step = RotationStep.snapshot("take an etcd snapshot to " + snapshots.location() + name);
                listener.starting(step);
                EtcdSnapshotArchive.Stored stored;
                try {
                    stored = snapshots.save(anyMember(), name);
                } catch (RuntimeException e) {
                    return new ControllerRotationResult(done, Optional.of(step + ": failed, so no member was"
                            + " changed: " + e.getMessage()));
                }
                progress.snapshotTaken(stored.uri());
                RotationStep taken = RotationStep.snapshot("etcd snapshot stored at " + stored.uri() + " ("
                        + stored.snapshot().databaseBytes() + " bytes, sha256 trailer verified)");
                listener.finished(taken);
                done.add(taken);
            }
            for (RotationStep step : steps(slot, member(members, slot))) {
                listener.starting(step);
                Optional<String> failed = execute(step, listener);
                if (failed.isPresent()) {
                    return new ControllerRotationResult(done, failed);
                }
                listener.finished(step);
                done.add(step);
            }
            progress.slotDone(slot);
        }
        return new ControllerRotationResult(done, Optional.empty());
    }

    /** {@code STAMP-rotate-controllers.db}: when, and by what, in the snapshot's name. */
    private static final String SNAPSHOT_SUFFIX = "rotate-controllers.db";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private boolean isDone(ControllerSlot slot, List<EtcdMember> members) {
        if (progress.isDone(slot)) {
            return true;
        }
        // Killed after the replacement joined, before the progress said so: the member this run added is started.
        Optional<EtcdMember> m = member(members, slot);
        Optional<String> added = progress.addedMember(slot);
        if (m.isPresent() && added.isPresent() && m.get().id().equals(added.get()) && m.get().started()
                && healthy(slot)) {
            progress.slotDone(slot);
            return true;
        }
        return false;
    }

    /** Resumes where the slot stands: a started member is the old one, a member not started is ours to boot. */
    private List<RotationStep> steps(ControllerSlot slot, Optional<EtcdMember> member) {
        List<RotationStep> out = new ArrayList<>();
        if (member.isPresent() && member.get().started()) {
            out.add(new RotationStep(slot, Action.REMOVE_MEMBER, "remove etcd member " + slot.name() + " (ID "
                    + member.get().id() + ") from the cluster; the other members keep the quorum"));
        }
        if (member.isEmpty() || member.get().started()) {
            out.add(new RotationStep(slot, Action.ADD_MEMBER, "add " + slot.peerUrl() + " back as a new member,"
                    + " for the replacement to join as existing"));
        }
        out.add(new RotationStep(slot, Action.REPLACE_INSTANCE, replacement.describe(slot)));
        out.add(new RotationStep(slot, Action.AWAIT_HEALTHY, "wait up to " + settings.healthyTimeout().toMinutes()
                + " min for the new member " + slot.name() + " to start and answer healthy"));
        return out;
    }

    /** Every other slot a started, healthy member, and no member Slipway does not know. */
    private Optional<String> othersUnsafe(ControllerSlot slot, List<EtcdMember> members) {
        for (EtcdMember m : members) {
            if (slots.stream().noneMatch(s -> m.peerUrls().contains(s.peerUrl()))) {
                return Optional.of("etcd has a member Slipway does not know (" + m.name() + " " + m.peerUrls()
                        + "); remove it by hand before rotating, nothing changed for " + slot.name());
            }
        }
        for (ControllerSlot other : slots) {
            if (other.equals(slot)) {
                continue;
            }
            Optional<EtcdMember> m = member(members, other);
            if (m.isEmpty() || !m.get().started() || !healthy(other)) {
                return Optional.of("etcd member " + other.name() + " is " + (m.isEmpty() ? "missing"
                        : m.get().started() ? "not healthy" : "not started") + "; replacing " + slot.name()
                        + " now could lose the quorum, so nothing changed for it (run slipway rotate --controllers"
                        + " again once " + other.name() + " is healthy)");
            }
        }
        return Optional.empty();
    }

    private Optional<String> execute(RotationStep step, ControllerRotationListener listener) {
        ControllerSlot slot = step.slot();
        try {
            switch (step.action()) {
                case REMOVE_MEMBER -> whenEtcdAgrees(step, listener, () -> remove(slot));
                case ADD_MEMBER -> whenEtcdAgrees(step, listener, () ->
                        progress.memberAdded(slot, survivor(slot).add(slot.peerUrl()).id()));
                case REPLACE_INSTANCE -> replacement.replace(slot);
                case AWAIT_HEALTHY -> {
                    return awaitHealthy(step, listener);
                }
                default -> throw new IllegalStateException(step.action().toString());
            }
        } catch (RuntimeException e) {
            return Optional.of(step + ": failed: " + e.getMessage());
        }
        return Optional.empty();
    }

    /** Runs a membership change, asking again while etcd says "not yet" (see {@link EtcdException#notYet}). */
    private void whenEtcdAgrees(RotationStep step, ControllerRotationListener listener, Runnable change) {
        long deadline = System.nanoTime() + settings.healthyTimeout().toNanos();
        while (true) {
            try {
                change.run();
                return;
            } catch (EtcdException e) {
                if (!e.notYet() || System.nanoTime() > deadline) {
                    throw e;
                }
                listener.waiting(step, e.getMessage());
            }
            sleep(settings.poll());
        }
    }

    /** Hands leadership away first, so the cluster does not wait out an election with its leader gone. */
    private void remove(ControllerSlot slot) {
        EtcdClient survivor = survivor(slot);
        EtcdMember old = member(survivor.members(), slot).orElseThrow(() ->
                new EtcdException(slot.peerUrl() + " is no longer a member"));
        Optional<EtcdClient> self = etcd.member(slot.name());
        if (self.isPresent() && self.get().healthy() && self.get().status().isLeader()) {
            EtcdClient.Status next = survivor.status();
            self.get().transferLeadership(next.memberId());
        }
        survivor.remove(old.id());
    }

    private Optional<String> awaitHealthy(RotationStep step, ControllerRotationListener listener) {
        ControllerSlot slot = step.slot();
        long deadline = System.nanoTime() + settings.healthyTimeout().toNanos();
        String seen = "not checked yet";
        while (true) {
            try {
                Optional<EtcdMember> m = member(survivor(slot).members(), slot);
                if (m.isEmpty()) {
                    seen = "no member with " + slot.peerUrl();
                } else if (!m.get().started()) {
                    seen = "added, not started";
                } else if (!m.get().name().equals(slot.name())) {
                    seen = "started under the name " + m.get().name() + ", expected " + slot.name();
                } else if (!healthy(slot)) {
                    seen = "started, not healthy yet";
                } else {
                    return Optional.empty();
                }
            } catch (EtcdException e) {
                seen = e.getMessage();
            }
            listener.waiting(step, seen);
            if (System.nanoTime() > deadline) {
                return Optional.of(slot.name() + ": the replacement did not become a healthy etcd member within "
                        + settings.healthyTimeout().toSeconds() + " s (last seen: " + seen + "); rotation aborted."
                        + " The other members hold the quorum and were not touched; " + slot.name() + " stays added"
                        + " and may still join; slipway rotate --controllers again replaces its instance once more");
            }
            sleep(settings.poll());
        }
    }

    private boolean healthy(ControllerSlot slot) {
        return etcd.member(slot.name()).map(EtcdClient::healthy).orElse(false);
    }

    /** A healthy member other than {@code slot}'s, to ask about the cluster while that slot changes. */
    private EtcdClient survivor(ControllerSlot slot) {
        for (ControllerSlot other : slots) {
            if (!other.equals(slot)) {
                Optional<EtcdClient> c = etcd.member(other.name());
                if (c.isPresent() && c.get().healthy()) {
                    return c.get();
                }
            }
        }
        throw new EtcdException("no healthy etcd member besides " + slot.name() + " answers");
    }

    private EtcdClient anyMember() {
        for (ControllerSlot s : slots) {
            Optional<EtcdClient> c = etcd.member(s.name());
            if (c.isPresent() && c.get().healthy()) {
                return c.get();
            }
        }
        throw new EtcdException("no etcd member answers healthy (" + slots.stream().map(ControllerSlot::name).toList()
                + ")");
    }

    private static Optional<EtcdMember> member(List<EtcdMember> members, ControllerSlot slot) {
        return members.stream().filter(m -> m.peerUrls().contains(slot.peerUrl())).findFirst();
    }

    @Override
    public void close() {
        etcd.close();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EtcdException("interrupted", e);
        }
    }
}
