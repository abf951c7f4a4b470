package dev.slipway.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.apply.etcd.EtcdClient;
import dev.slipway.apply.aws.S3UploadStream;
import dev.slipway.apply.etcd.EtcdMember;
import dev.slipway.apply.etcd.EtcdSnapshot;
import dev.slipway.apply.etcd.EtcdSnapshotArchive;
import dev.slipway.apply.etcd.EtcdTls;
import dev.slipway.operate.rotate.ControllerReplacement;
import dev.slipway.operate.rotate.ControllerRotation;
import dev.slipway.operate.rotate.ControllerRotationResult;
import dev.slipway.operate.rotate.ControllerSlot;
import dev.slipway.apply.etcd.EtcdAccess;
import dev.slipway.operate.rotate.ControllerRotationListener;
import dev.slipway.operate.rotate.RotationProgress;
import dev.slipway.operate.rotate.RotationStep;
import dev.slipway.operate.rotate.RotationStep.Action;
import dev.slipway.pki.CertificateIssuer;
import dev.slipway.pki.EnvironmentPki;
import dev.slipway.state.StateStore;
import dev.slipway.testing.Etcdutl;
import dev.slipway.testing.HarnessProcess;
import dev.slipway.testing.MotoExtension;
import dev.slipway.testing.MotoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.S3Object;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Controller rotation (issue 14) on the example's prod etcd: three real etcd members from the harness build, laid
 * out and started from the rendered controller config exactly as the control-plane rehearsal does (see
 * {@link ControlPlaneRehearsal} for the stand-ins: metadata service, DNS through a hosts file, loopback addresses and
 * free ports in place of 2379/2380), each replaced one at a time by {@link ControllerRotation} while
 * {@link EtcdQuorumWatch} writes, reads back and counts healthy members every 100 ms.
 *
 * <p>Stand-in for EC2 and Terraform, said here: "replacing the instance" stops the controller's etcd process, wipes
 * its root folder (a new instance has a new, empty disk), lays the rendered Ignition config out again, runs the
 * rendered {@code static-pods} script — which must find its member added and choose {@code existing} on its own —
 * and starts etcd with the command of the static Pod it wrote. The replacement keeps its predecessor's loopback
 * address and ports (on AWS it gets a new IP, and Terraform points {@code etcdN} at it); the slots' peer URLs carry
 * the rehearsal's rewritten peer ports.
 *
 * <p>The etcd snapshot the rotation takes before its first member change goes to moto's S3, into the infra bucket's
 * {@code prod/backups/etcd/}, as it would on AWS.
 */
@ExtendWith(MotoExtension.class)
class ControllerRotationRehearsalTest {
    private static final Path EXAMPLE = Path.of(System.getProperty("slipway.repo", "."),
            "examples/yourcom/platform.yaml");
    private static final String BUCKET = "yourcom-infra";
    private static final String SNAPSHOTS = "prod/backups/etcd/";
    private static final ControllerRotation.Settings QUICK = new ControllerRotation.Settings(Duration.ofSeconds(60),
            Duration.ofMillis(300));

    @TempDir
    Path tempDir;

    private S3Client s3;

    @BeforeEach
    void infraBucket(MotoServer moto) {
        s3 = moto.s3();
        s3.createBucket(b -> b.bucket(BUCKET)
                .createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.EU_WEST_1)));
    }

    @AfterEach
    void closeS3() {
        s3.close();
    }

    @Test
    void rotatingThreeMembersKeepsQuorumAndAReRunHasNothingToDo() throws Exception {
        try (Cluster c = new Cluster(tempDir).start()) {
            Map<String, String> before = c.memberIds();
            List<RotationStep> seen = new ArrayList<>();
            // What S3 held when the rotation's first step (the snapshot) had finished, before any member change.
            List<String> snapshotsAfterFirstStep = new ArrayList<>();
            Map<String, String> membersAfterFirstStep = new HashMap<>();
            ControllerRotationResult result;
            ControllerRotation rotation = c.rotation("generation-1", c.bootingReplacement(), QUICK);
            try (EtcdQuorumWatch watch = new EtcdQuorumWatch(c::clients, c.tls)) {
                waitForTicks(watch, 10);
                long t0 = System.nanoTime();
                int ticks0 = watch.ticks;
                // After every step the listener checks once on its own thread (EtcdQuorumWatch.checkNow): every state
                // between two steps is checked, whatever the sampler's timing.
                result = rotation.run(recording(seen, watch, () -> {
                    if (seen.size() == 1) {
                        snapshotsAfterFirstStep.addAll(snapshotKeys());
                        membersAfterFirstStep.putAll(c.memberIds());
                    }
                }));
                System.out.printf("rotation of 3 members: %d ms, %d watch checks, longest gap %d ms, %s%n",
                        Duration.ofNanos(System.nanoTime() - t0).toMillis(), watch.ticks - ticks0,
                        watch.longestGapMillis, result);
                waitForTicks(watch, watch.ticks + 10);
                watch.close();
                assertThat(watch.failures).as("quorum checks that failed").isEmpty();
                assertThat(watch.ticks - ticks0).as("the watch checked after every step, and sampled between")
                        .isGreaterThan(seen.size());
                assertThat(watch.minimumQuorumMargin).as("healthy members minus quorum, at worst").isZero();
            }
            assertThat(result.abortReason()).isEmpty();
            assertThat(result.exitCode()).isZero();
            assertThat(seen).extracting(ControllerRotationRehearsalTest::named).containsExactly("SNAPSHOT",
                    "etcd0 REMOVE_MEMBER", "etcd0 ADD_MEMBER", "etcd0 REPLACE_INSTANCE", "etcd0 AWAIT_HEALTHY",
                    "etcd1 REMOVE_MEMBER", "etcd1 ADD_MEMBER", "etcd1 REPLACE_INSTANCE", "etcd1 AWAIT_HEALTHY",
                    "etcd2 REMOVE_MEMBER", "etcd2 ADD_MEMBER", "etcd2 REPLACE_INSTANCE", "etcd2 AWAIT_HEALTHY");
            Map<String, String> after = c.memberIds();
            assertThat(after.keySet()).containsExactlyInAnyOrder("etcd0", "etcd1", "etcd2");
            after.forEach((name, id) -> assertThat(id).as("%s is a new member", name).isNotEqualTo(before.get(name)));
            assertThat(c.joinedAs).as("what the static-pods script chose on each replacement")
                    .containsExactly("existing", "existing", "existing");

            // The snapshot: in S3 once the first step was done, while every member was still the old one; recorded
            // in the progress; etcd's sha256 trailer matches; restorable by etcdutl where it is built.
            assertThat(membersAfterFirstStep).as("no member changed before the snapshot").isEqualTo(before);
            assertThat(snapshotsAfterFirstStep).singleElement().asString()
                    .matches("prod/backups/etcd/\\d{8}T\\d{6}Z-rotate-controllers[.]db");
            String key = snapshotsAfterFirstStep.get(0);
            assertThat(seen.get(0).detail()).contains("s3://yourcom-infra/" + key);
            assertThat(rotation.snapshot()).contains("s3://yourcom-infra/" + key);
            assertThat(RotationProgress.load(c.store, "generation-1").snapshot()).contains("s3://yourcom-infra/" + key);
            byte[] snapshot = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
            EtcdSnapshot verified = EtcdSnapshot.verify(snapshot, key);
            assertThat(verified.databaseBytes()).isGreaterThanOrEqualTo(16 * 1024);
            Path file = tempDir.resolve("snapshot.db");
            Files.write(file, snapshot);
            JsonNode status = Etcdutl.locate().snapshotStatus(file);
            assertThat(status.path("revision").asLong()).as("etcdutl snapshot status: %s", status).isPositive();
            assertThat(status.path("totalSize").asLong()).isEqualTo(verified.databaseBytes());

            // A re-run after completion: nothing to plan, nothing done, no member changed, no second snapshot.
            ControllerRotation again = c.rotation("generation-1", c.bootingReplacement(), QUICK);
            assertThat(again.plan()).isEmpty();
            ControllerRotationResult second = again.run(ControllerRotationListener.SILENT);
            assertThat(second.done()).isEmpty();
            assertThat(second.exitCode()).isZero();
            assertThat(c.memberIds()).isEqualTo(after);
            assertThat(snapshotKeys()).containsExactly(key);
            assertThat(c.replacements).as("instances replaced in all").isEqualTo(3);
        }
    }

    @Test
    void aDryRunChangesNothingAndAReplacementThatNeverJoinsAbortsThenAReRunContinues() throws Exception {
        try (Cluster c = new Cluster(tempDir).start()) {
            Map<String, String> before = c.memberIds();
            byte[] progressBefore = c.store.read(RotationProgress.KEY).orElse(new byte[0]);

            // Dry run: the plan, and nothing else.
            List<RotationStep> plan = c.rotation("generation-1", c.bootingReplacement(), QUICK).plan();
            assertThat(plan).hasSize(13);
            assertThat(plan.get(0).action()).isEqualTo(Action.SNAPSHOT);
            assertThat(plan.get(0).toString()).startsWith("take an etcd snapshot to s3://yourcom-infra/"
                    + SNAPSHOTS);
            assertThat(plan.get(1).action()).isEqualTo(Action.REMOVE_MEMBER);
            assertThat(c.memberIds()).isEqualTo(before);
            assertThat(c.store.read(RotationProgress.KEY).orElse(new byte[0])).isEqualTo(progressBefore);
            assertThat(c.replacements).isZero();
            assertThat(snapshotKeys()).isEmpty();

            // A snapshot that cannot be stored (the bucket is not there) stops the rotation before any change.
            ControllerRotationResult noSnapshot = c.rotation("generation-1", c.bootingReplacement(), QUICK,
                    new EtcdSnapshotArchive(s3, "no-such-bucket", SNAPSHOTS, S3UploadStream.DEFAULT_PART_BYTES))
                    .run(ControllerRotationListener.SILENT);
            assertThat(noSnapshot.exitCode()).isEqualTo(1);
            assertThat(noSnapshot.done()).isEmpty();
            assertThat(noSnapshot.abortReason()).get().asString().startsWith("take an etcd snapshot to"
                    + " s3://no-such-bucket/").contains("failed, so no member was changed").contains("no-such-bucket");
            assertThat(c.memberIds()).isEqualTo(before);
            assertThat(c.store.read(RotationProgress.KEY).orElse(new byte[0])).isEqualTo(progressBefore);
            assertThat(c.replacements).isZero();

            // etcd0's replacement never starts etcd: abort, the others untouched and holding the quorum.
            ControllerRotationResult aborted;
            try (EtcdQuorumWatch watch = new EtcdQuorumWatch(c::clients, c.tls)) {
                aborted = c.rotation("generation-1", c.deadReplacement(),
                        new ControllerRotation.Settings(Duration.ofSeconds(8), Duration.ofMillis(300)))
                        .run(ControllerRotationListener.SILENT);
                watch.close();
                assertThat(watch.failures).as("quorum checks that failed").isEmpty();
                assertThat(watch.ticks).isGreaterThan(20);
            }
            assertThat(aborted.exitCode()).isEqualTo(1);
            assertThat(aborted.abortReason()).get().asString()
                    .contains("etcd0: the replacement did not become a healthy etcd member");
            List<String> snapshots = snapshotKeys();
            assertThat(snapshots).as("the aborted run's snapshot").hasSize(1);
            assertThat(RotationProgress.load(c.store, "generation-1").snapshot())
                    .contains("s3://yourcom-infra/" + snapshots.get(0));
            Map<String, String> afterAbort = c.memberIds();
            assertThat(afterAbort).as("etcd1 and etcd2 kept; etcd0 added, not started")
                    .containsEntry("etcd1", before.get("etcd1")).containsEntry("etcd2", before.get("etcd2"))
                    .containsKey("");
            assertThat(c.healthy("etcd1")).isTrue();
            assertThat(c.healthy("etcd2")).isTrue();

            // A re-run continues with etcd0's instance (its member is already added) and finishes the rest, without
            // a second snapshot: the one recorded was taken before this rotation's first member change.
            ControllerRotation resume = c.rotation("generation-1", c.bootingReplacement(), QUICK);
            assertThat(resume.plan()).first().extracting(ControllerRotationRehearsalTest::named)
                    .isEqualTo("etcd0 REPLACE_INSTANCE");
            List<RotationStep> seen = new ArrayList<>();
            ControllerRotationResult resumed = resume.run(recording(seen));
            assertThat(resumed.abortReason()).isEmpty();
            assertThat(seen.subList(0, 2)).extracting(ControllerRotationRehearsalTest::named)
                    .containsExactly("etcd0 REPLACE_INSTANCE", "etcd0 AWAIT_HEALTHY");
            assertThat(seen).extracting(RotationStep::action).doesNotContain(Action.SNAPSHOT);
            assertThat(c.memberIds().keySet()).containsExactlyInAnyOrder("etcd0", "etcd1", "etcd2");
            assertThat(snapshotKeys()).as("still the one snapshot").isEqualTo(snapshots);
            assertThat(resume.snapshot()).contains("s3://yourcom-infra/" + snapshots.get(0));
        }
    }

    private List<String> snapshotKeys() {
        return s3.listObjectsV2(b -> b.bucket(BUCKET).prefix(SNAPSHOTS)).contents().stream().map(S3Object::key)
                .toList();
    }

    /** {@code etcd0 REMOVE_MEMBER}; {@code SNAPSHOT} for the step without a slot. */
    private static String named(RotationStep s) {
        return s.slot() == null ? s.action().toString() : s.slot().name() + " " + s.action();
    }

    private static ControllerRotationListener recording(List<RotationStep> seen) {
        return recording(seen, null, () -> { });
    }

    private static ControllerRotationListener recording(List<RotationStep> seen, EtcdQuorumWatch watch,
            Runnable afterEachStep) {
        return new ControllerRotationListener() {
            @Override
            public void starting(RotationStep step) {
            }

            @Override
            public void finished(RotationStep step) {
                seen.add(step);
                afterEachStep.run();
                if (watch != null) {
                    watch.checkNow(); // the state this step left, checked before the next step starts
                }
            }
        };
    }

    /** Waits for the sampler's checks; a sampler that stopped checking fails the test instead of passing it. */
    private static void waitForTicks(EtcdQuorumWatch watch, int ticks) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (watch.ticks < ticks) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the quorum watch made " + watch.ticks + " checks in 60 s, not " + ticks
                        + " (failures so far: " + watch.failures + ")");
            }
            Thread.sleep(50);
        }
    }

    /** The prod rehearsal's three controllers with only etcd running, and the operator's view of them. */
    private final class Cluster implements AutoCloseable {
        final ControlPlaneRehearsal r;
        final SSLContext tls;
        final StateStore store;
        final Map<String, HarnessProcess> etcd = new HashMap<>();
        final List<String> joinedAs = new ArrayList<>();
        private Map<String, EtcdClient> clients;
        int replacements;

        private Cluster(Path dir) throws IOException {
            this.r = ControlPlaneRehearsal.prepare(dir, EXAMPLE, "prod");
            this.store = r.workspace.stateStore(r.env.name());
            // The operator's own short-lived client certificate, signed by the etcd CA from the state store.
            this.tls = EtcdTls.forOperator(EnvironmentPki.withSystemClock(store).load(), new CertificateIssuer(Clock.systemUTC(),
                    new SecureRandom()));
        }

        /** Starts the three members from the rendered config and waits until each is healthy. */
        Cluster start() throws IOException {
            try {
                for (RehearsedController rc : r.controllers) {
                    assertThat(r.controllers).hasSize(3);
                    assertThat(Files.readString(rc.file("/etc/kubernetes/manifests/etcd.yaml")))
                            .as("a fresh cluster's first boot").contains("--initial-cluster-state=new");
                    etcd.put(rc.etcdName, r.launch(rc, "etcd"));
                }
                for (RehearsedController rc : r.controllers) {
                    r.await(rc.etcdName + " healthy", () -> healthy(rc.etcdName) ? null : "not healthy");
                }
                return this;
            } catch (IOException | RuntimeException | Error e) {
                close();
                throw e;
            }
        }

        ControllerRotation rotation(String generation, ControllerReplacement replacement,
                ControllerRotation.Settings settings) {
            return rotation(generation, replacement, settings, new EtcdSnapshotArchive(s3, r.env.infraBucket(),
                    r.env.etcdSnapshotPrefix(), S3UploadStream.DEFAULT_PART_BYTES));
        }

        ControllerRotation rotation(String generation, ControllerReplacement replacement,
                ControllerRotation.Settings settings, EtcdSnapshotArchive snapshots) {
            List<ControllerSlot> slots = new ArrayList<>();
            for (RehearsedController rc : r.controllers) {
                // The rendered peer URL with the rehearsal's peer port in place of 2380.
                slots.add(new ControllerSlot(rc.index, rc.etcdName, "https://" + r.env.etcdHostnames().get(rc.index)
                        + ":" + rc.etcdPeerPort));
            }
            EtcdAccess access = name -> Optional.ofNullable(clients().get(name));
            return new ControllerRotation(slots, access, replacement, RotationProgress.load(store, generation),
                    snapshots, settings);
        }

        /** Every slot's client port, on 127.0.0.1 (a name the etcd server certificate carries). */
        synchronized Map<String, EtcdClient> clients() {
            if (clients == null) {
                clients = new LinkedHashMap<>();
                for (RehearsedController rc : r.controllers) {
                    clients.put(rc.etcdName, new EtcdClient(URI.create("https://127.0.0.1:" + rc.etcdClientPort),
                            tls));
                }
            }
            return clients;
        }

        boolean healthy(String name) {
            return clients().get(name).healthy();
        }

        /** Name (empty while not started) to member ID. */
        Map<String, String> memberIds() {
            Map<String, String> out = new HashMap<>();
            for (EtcdMember m : clients().values().stream().filter(EtcdClient::healthy).findFirst().orElseThrow()
                    .members()) {
                out.put(m.name(), m.id());
            }
            return out;
        }

        ControllerReplacement bootingReplacement() {
            return new StandInReplacement(true);
        }

        ControllerReplacement deadReplacement() {
            return new StandInReplacement(false);
        }

        /** EC2 and Terraform stood in for: see the class comment. {@code boots = false}: etcd never starts. */
        private final class StandInReplacement implements ControllerReplacement {
            private final boolean boots;

            StandInReplacement(boolean boots) {
                this.boots = boots;
            }

            @Override
            public String describe(ControllerSlot slot) {
                return "stand-in: stop " + slot.name() + "'s etcd, wipe its disk, boot it again from the rendered"
                        + " config";
            }

            @Override
            public void prepare(ControllerSlot slot) {
            }

            @Override
            public void replace(ControllerSlot slot) {
                RehearsedController rc = r.controllers.get(slot.index());
                try {
                    HarnessProcess old = etcd.remove(slot.name());
                    if (old != null) {
                        r.stop(old);
                    }
                    deleteTree(rc.root);
                    replacements++;
                    r.layOut(rc);
                    if (!boots) {
                        return;
                    }
                    String out = r.runStaticPods(rc);
                    String manifest = Files.readString(rc.file("/etc/kubernetes/manifests/etcd.yaml"));
                    joinedAs.add(manifest.contains("--initial-cluster-state=existing") ? "existing"
                            : manifest.contains("--initial-cluster-state=new") ? "new" : "?: " + out);
                    etcd.put(slot.name(), r.launch(rc, "etcd"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        private static void deleteTree(Path root) throws IOException {
            if (!Files.exists(root)) {
                return;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }

        @Override
        public void close() {
            r.close();
        }
    }
}
