package dev.slipway.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.state.AtomicFiles;
import dev.slipway.state.AwsSettings;
import dev.slipway.state.S3Clients;
import dev.slipway.testing.FaultInjectingProxy;
import dev.slipway.testing.MotoExtension;
import dev.slipway.testing.MotoRecording;
import dev.slipway.testing.MotoServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** {@link S3Sync} against the real moto S3 server. */
@ExtendWith(MotoExtension.class)
class S3SyncTest {
    private static final String BUCKET = "yourcom-infra";

    @TempDir
    Path dir;

    private MotoServer moto;

    @BeforeEach
    void bucket(MotoServer moto) {
        this.moto = moto;
        try (S3Client s3 = moto.s3()) {
            s3.createBucket(b -> b.bucket(BUCKET)
                    .createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.EU_WEST_1)));
        }
        for (int i = 0; i < 40; i++) {
            write("worker-general/files/f" + i + ".txt", "file " + i + "\n", false);
        }
        write("controller/config.ign", "{\"ignition\":{\"version\":\"3.3.0\"}}\n", false);
        write("controller/secrets/pki/ca.key", "-----BEGIN PRIVATE KEY-----\nTEST\n-----END PRIVATE KEY-----\n", true);
        write("SHA256SUMS", "abc  controller/config.ign\n", false);
    }

    @Test
    void firstSyncUploadsEverythingSecondNothingThenOnlyTheChangedFile() throws Exception {
        try (S3Client s3 = client(moto.endpoint())) {
            S3Sync sync = new S3Sync(s3, 8);
            SyncPlan first = sync.plan(dir, BUCKET, "acc/", false);
            assertThat(first.uploads()).hasSize(43);
            SyncResult r1 = sync.apply(first, SyncListener.NONE);
            assertThat(r1.uploaded()).isEqualTo(43);
            assertThat(r1.uploadedBytes()).isEqualTo(sizeOfTree());
            assertThat(remoteKeys(s3)).hasSize(43 + 1).contains("acc/" + UploadManifest.NAME, "acc/controller/config.ign",
                    "acc/SHA256SUMS",
                    "acc/controller/secrets/pki/ca.key", "acc/worker-general/files/f39.txt");

            // Nothing changed: no PUT at all, not even of the upload manifest (moto's recorder sees every request).
            MotoRecording recording = MotoRecording.start(moto);
            SyncPlan second = sync.plan(dir, BUCKET, "acc/", false);
            assertThat(second.uploads()).isEmpty();
            assertThat(second.unchanged()).isEqualTo(43);
            assertThat(sync.apply(second, SyncListener.NONE).uploaded()).isZero();
            recording.stop();
            assertThat(recording.requests()).as("the re-sync read the manifest")
                    .anyMatch(r -> r.method().equals("GET") && r.url().contains(UploadManifest.NAME));
            assertThat(recording.requests()).filteredOn(MotoRecording.Request::writes).isEmpty();

            write("worker-general/files/f7.txt", "file 7, changed\n", false);
            MotoRecording changed = MotoRecording.start(moto);
            SyncPlan third = sync.plan(dir, BUCKET, "acc/", false);
            assertThat(third.uploads()).extracting(LocalObject::key).containsExactly("acc/worker-general/files/f7.txt");
            assertThat(third.unchanged()).isEqualTo(42);
            sync.apply(third, SyncListener.NONE);
            changed.stop();
            // The same recorder sees a changed file's upload and the manifest that records it.
            assertThat(changed.requests()).filteredOn(MotoRecording.Request::writes)
                    .extracting(r -> r.method() + " " + r.url().replaceFirst("^https?://[^/]+", "")
                            .replaceFirst("\\?.*", ""))
                    .containsExactly("PUT /" + BUCKET + "/acc/worker-general/files/f7.txt",
                            "PUT /" + BUCKET + "/acc/" + UploadManifest.NAME);
            assertThat(s3.getObjectAsBytes(g -> g.bucket(BUCKET).key("acc/worker-general/files/f7.txt"))
                    .asString(StandardCharsets.UTF_8)).isEqualTo("file 7, changed\n");
            assertThat(sync.plan(dir, BUCKET, "acc/", false).isEmpty()).isTrue();
        }
    }

    /**
     * Issue 20, item D: the bootstrap token at its fixed key is renewed by the controllers, so sync never replaces one
     * that expires later with the state store's older one; an earlier or unrecorded expiry is replaced, and every
     * upload records its own.
     */
    @Test
    void anObjectThatExpiresIsNeverReplacedByOneThatExpiresEarlier() {
        String key = "acc/worker-general/secrets/bootstrap-token";
        write("worker-general/secrets/bootstrap-token", "abcdef.0123456789abcdef", true);
        java.time.Instant local = java.time.Instant.parse("2026-12-20T08:00:00Z");
        S3Sync.Expiries expiries = o -> o.key().equals(key) ? Optional.of(local) : Optional.empty();
        try (S3Client s3 = client(moto.endpoint())) {
            S3Sync sync = new S3Sync(s3, 4, expiries);
            sync.apply(sync.plan(dir, BUCKET, "acc/", false), SyncListener.NONE);
            assertThat(s3.headObject(h -> h.bucket(BUCKET).key(key)).metadata())
                    .as("the upload records the token's expiry").containsEntry(S3Sync.EXPIRES_METADATA,
                            "2026-12-20T08:00:00Z");

            renewedRemotely(s3, key, "ghijkl.0123456789ghijkl", "2026-12-21T08:00:00Z");
            SyncPlan later = sync.plan(dir, BUCKET, "acc/", false, true);
            assertThat(later.uploads()).extracting(LocalObject::key).doesNotContain(key);
            assertThat(later.keptLater()).containsExactly(key);
            sync.apply(later, SyncListener.NONE);
            assertThat(object(s3, key)).as("the later token stays").isEqualTo("ghijkl.0123456789ghijkl");
            assertThat(sync.plan(dir, BUCKET, "acc/", false).keptLater()).as("and stays kept, manifest or not")
                    .containsExactly(key);

            renewedRemotely(s3, key, "mnopqr.0123456789mnopqr", "2026-12-19T08:00:00Z");
            SyncPlan earlier = sync.plan(dir, BUCKET, "acc/", false, true);
            assertThat(earlier.uploads()).extracting(LocalObject::key).contains(key);
            sync.apply(earlier, SyncListener.NONE);
            assertThat(object(s3, key)).as("an earlier one is replaced").isEqualTo("abcdef.0123456789abcdef");

            s3.putObject(p -> p.bucket(BUCKET).key(key), RequestBody.fromString("stuvwx.0123456789stuvwx"));
            SyncPlan unrecorded = sync.plan(dir, BUCKET, "acc/", false, true);
            assertThat(unrecorded.uploads()).extracting(LocalObject::key).as("so is one without a recorded expiry")
                    .contains(key);
        }
    }

    private static void renewedRemotely(S3Client s3, String key, String token, String expires) {
        s3.putObject(p -> p.bucket(BUCKET).key(key).metadata(Map.of(S3Sync.EXPIRES_METADATA, expires)),
                RequestBody.fromString(token));
    }

    private static String object(S3Client s3, String key) {
        return s3.getObjectAsBytes(g -> g.bucket(BUCKET).key(key)).asString(StandardCharsets.UTF_8);
    }

    @Test
    void secretsAreEncryptedAndEveryObjectCarriesItsSha256() {
        try (S3Client s3 = client(moto.endpoint())) {
            S3Sync sync = new S3Sync(s3, 4);
            sync.apply(sync.plan(dir, BUCKET, "acc/", false), SyncListener.NONE);
            HeadObjectResponse key = s3.headObject(h -> h.bucket(BUCKET).key("acc/controller/secrets/pki/ca.key"));
            assertThat(key.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
            HeadObjectResponse config = s3.headObject(h -> h.bucket(BUCKET).key("acc/controller/config.ign"));
            assertThat(config.serverSideEncryption()).isNull();
            assertThat(config.contentType()).isEqualTo("application/vnd.coreos.ignition+json");
            assertThat(config.metadata()).containsEntry(S3Sync.SHA256_METADATA,
                    sha256("{\"ignition\":{\"version\":\"3.3.0\"}}\n"));
        }
    }

    @Test
    void anObjectWhoseEtagIsNoMd5IsComparedByItsStoredSha256() {
        try (S3Client s3 = client(moto.endpoint())) {
            S3Sync sync = new S3Sync(s3, 4);
            sync.apply(sync.plan(dir, BUCKET, "acc/", false), SyncListener.NONE);
            // A multipart upload (as other tools make for big files) has an ETag "md5-of-md5s-N", not the MD5.
            String key = "acc/controller/config.ign";
            String body = "{\"ignition\":{\"version\":\"3.3.0\"}}\n";
            putMultipart(s3, key, body);

            SyncPlan plan = sync.plan(dir, BUCKET, "acc/", false);
            assertThat(plan.uploads()).isEmpty();
            assertThat(plan.unchanged()).isEqualTo(43);
        }
    }

    @Test
    void aCurrentUploadManifestReplacesTheListingAndAStaleOneFallsBackToIt() {
        try (S3Client s3 = client(moto.endpoint())) {
            S3Sync sync = new S3Sync(s3, 4);
            SyncPlan first = sync.plan(dir, BUCKET, "acc/", false);
            assertThat(first.listed()).as("no manifest yet: listed").isTrue();
            sync.apply(first, SyncListener.NONE);
            assertThat(remoteKeys(s3)).contains("acc/" + UploadManifest.NAME);

            SyncPlan second = sync.plan(dir, BUCKET, "acc/", false);
            assertThat(second.listed()).as("a current manifest stands in for the listing").isFalse();
            assertThat(second.uploads()).isEmpty();
            assertThat(second.unchanged()).isEqualTo(43);

            // Behind Slipway's back, one file no sampled HEAD looks at (not a config) is deleted: the fast path
            // does not notice (S3Sync.current says so: the manifest stands in for the listing), --full-compare
            // lists, finds it missing and uploads it again.
            String unsampled = unsampledNonConfigKey(sync);
            s3.deleteObject(d -> d.bucket(BUCKET).key(unsampled));
            SyncPlan fast = sync.plan(dir, BUCKET, "acc/", false);
            assertThat(fast.listed()).isFalse();
            assertThat(fast.uploads()).isEmpty();
            SyncPlan full = sync.plan(dir, BUCKET, "acc/", false, true);
            assertThat(full.listed()).isTrue();
            assertThat(full.uploads()).extracting(LocalObject::key).containsExactly(unsampled);
            sync.apply(full, SyncListener.NONE);
            assertThat(remoteKeys(s3)).contains(unsampled);

            // Behind Slipway's back, every object it uploaded is deleted: the sampled HEADs notice, it lists.
            for (String k : remoteKeys(s3)) {
                if (!k.endsWith(UploadManifest.NAME)) {
                    s3.deleteObject(d -> d.bucket(BUCKET).key(k));
                }
            }
            SyncPlan third = sync.plan(dir, BUCKET, "acc/", false);
            assertThat(third.listed()).isTrue();
            assertThat(third.uploads()).hasSize(43);

            // A manifest that is not one (damaged, another format): listed too, and nothing is pruned from it.
            s3.putObject(p -> p.bucket(BUCKET).key("acc/" + UploadManifest.NAME), RequestBody.fromString("{oops"));
            SyncPlan fourth = sync.plan(dir, BUCKET, "acc/", true);
            assertThat(fourth.listed()).isTrue();
            assertThat(fourth.deletes()).isEmpty();
        }
    }

    @Test
    void configsAreUploadedAfterEverythingTheyPin() {
        write("worker-general/secrets/aaaa/early.key", "KEY", true);
        try (S3Client s3 = client(moto.endpoint())) {
            S3Sync sync = new S3Sync(s3, 1);
            List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
            sync.apply(sync.plan(dir, BUCKET, "acc/", false), new SyncListener() {
                @Override
                public void started(SyncPlan plan) {
                }

                @Override
                public void uploaded(LocalObject object) {
                    order.add(object.key());
                }

                @Override
                public void deleted(String key) {
                }

                @Override
                public void finished() {
                }
            });
            assertThat(order).hasSize(44).last().isEqualTo("acc/controller/config.ign");
            assertThat(order.indexOf("acc/controller/secrets/pki/ca.key"))
                    .isLessThan(order.indexOf("acc/controller/config.ign"));
        }
    }

    @Test
    void aSameSizeMultipartObjectWithOtherContentIsUploaded() {
        try (S3Client s3 = client(moto.endpoint())) {
            S3Sync sync = new S3Sync(s3, 4);
            sync.apply(sync.plan(dir, BUCKET, "acc/", false), SyncListener.NONE);
            // Another content of the same size, stored as a multipart upload (ETag not an MD5) carrying its own,
            // correct SHA-256: size and ETag cannot tell, only the content hash can.
            String key = "acc/controller/config.ign";
            String local = "{\"ignition\":{\"version\":\"3.3.0\"}}\n";
            String other = "{\"ignition\":{\"version\":\"3.4.0\"}}\n";
            assertThat(other).hasSameSizeAs(local).isNotEqualTo(local);
            putMultipart(s3, key, other);
            assertThat(remote(s3, key).size()).isEqualTo(local.length());

            SyncPlan plan = sync.plan(dir, BUCKET, "acc/", false);
            assertThat(plan.uploads()).extracting(LocalObject::key).containsExactly(key);
            assertThat(plan.unchanged()).isEqualTo(42);
            sync.apply(plan, SyncListener.NONE);
            assertThat(s3.getObjectAsBytes(g -> g.bucket(BUCKET).key(key)).asString(StandardCharsets.UTF_8))
                    .isEqualTo(local);
        }
    }

    @Test
    void pruneDeletesOnlyWhatSlipwayUploadedOnceNoKeptGenerationNeedsIt() throws Exception {
        try (S3Client s3 = client(moto.endpoint())) {
            S3Sync sync = new S3Sync(s3, 4);
            sync.apply(sync.plan(dir, BUCKET, "acc/", false), SyncListener.NONE);
            // Not Slipway's: an object under the prefix it never uploaded, another prefix, Terraform's state.
            s3.putObject(p -> p.bucket(BUCKET).key("acc/worker-old/config.ign"), RequestBody.fromString("{}"));
            s3.putObject(p -> p.bucket(BUCKET).key("acc2/keep.txt"), RequestBody.fromString("other env"));
            s3.putObject(p -> p.bucket(BUCKET).key("acc/terraform/terraform.tfstate"), RequestBody.fromString("{}"));

            // Three more generations, each dropping one file: f0 is needed by the first generation only.
            for (int i = 0; i < 3; i++) {
                Files.delete(dir.resolve("worker-general/files/f" + i + ".txt"));
                SyncPlan plan = sync.plan(dir, BUCKET, "acc/", false);
                // Generations 2 and 3: f0 is still in a kept generation (the first); from the fourth on it is not.
                assertThat(plan.prunable()).as("generation %d", i + 2)
                        .isEqualTo(i < 2 ? List.of() : List.of("acc/worker-general/files/f0.txt"));
                sync.apply(plan, SyncListener.NONE);
            }
            SyncPlan plan = sync.plan(dir, BUCKET, "acc/", false);
            assertThat(plan.deletes()).as("without --prune").isEmpty();
            assertThat(plan.prunable()).containsExactly("acc/worker-general/files/f0.txt");
            SyncPlan prune = sync.plan(dir, BUCKET, "acc/", true);
            assertThat(prune.deletes()).containsExactly("acc/worker-general/files/f0.txt");
            assertThat(sync.apply(prune, SyncListener.NONE).deleted()).isEqualTo(1);
            assertThat(remoteKeys(s3)).doesNotContain("acc/worker-general/files/f0.txt")
                    .contains("acc/worker-general/files/f1.txt", "acc/worker-general/files/f2.txt",
                            "acc/worker-old/config.ign", "acc2/keep.txt", "acc/terraform/terraform.tfstate");
            assertThat(sync.plan(dir, BUCKET, "acc/", true).isEmpty()).isTrue();
        }
    }

    @Test
    void aSyncInterruptedMidwayConvergesWhenRunAgain() throws Exception {
        for (int i = 40; i < 400; i++) {
            write("worker-general/files/f" + i + ".txt", "file " + i + "\n", false);
        }
        try (S3Client s3 = client(moto.endpoint())) {
            S3Sync sync = new S3Sync(s3, 4);
            SyncPlan plan = sync.plan(dir, BUCKET, "acc/", false);
            assertThat(plan.uploads()).hasSize(403);
            CountDownLatch some = new CountDownLatch(25);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread worker = new Thread(() -> {
                try {
                    sync.apply(plan, new CountingListener(some));
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            worker.start();
            assertThat(some.await(120, java.util.concurrent.TimeUnit.SECONDS)).as("25 uploads done").isTrue();
            worker.interrupt();
            worker.join(120_000);
            assertThat(worker.isAlive()).as("the interrupted sync stopped").isFalse();
            assertThat(thrown.get()).as("the interrupted sync fails").isInstanceOf(S3SyncException.class);
            java.util.Set<String> presentAfterKill = new java.util.HashSet<>(remoteKeys(s3));
            assertThat(presentAfterKill.size()).isBetween(25, 402);

            // The re-run uploads exactly what the interrupted one had not stored, and nothing it had.
            SyncPlan rerun = sync.plan(dir, BUCKET, "acc/", false);
            assertThat(rerun.uploads()).extracting(LocalObject::key).doesNotContainAnyElementsOf(presentAfterKill)
                    .containsExactlyInAnyOrderElementsOf(plan.uploads().stream().map(LocalObject::key)
                            .filter(k -> !presentAfterKill.contains(k)).toList());
            assertThat(rerun.unchanged()).isEqualTo(presentAfterKill.size());
            sync.apply(rerun, SyncListener.NONE);
            assertThat(sync.plan(dir, BUCKET, "acc/", false).isEmpty()).isTrue();
            for (String key : List.of("acc/worker-general/files/f0.txt", "acc/worker-general/files/f399.txt")) {
                String name = key.substring(key.lastIndexOf('f') + 1, key.length() - 4);
                assertThat(s3.getObjectAsBytes(g -> g.bucket(BUCKET).key(key)).asString(StandardCharsets.UTF_8))
                        .isEqualTo("file " + name + "\n");
            }
        }
    }

    @Test
    void aMissingBucketIsNamedInTheError() {
        try (S3Client s3 = client(moto.endpoint())) {
            assertThatThrownBy(() -> new S3Sync(s3, 2).plan(dir, "nobody-infra", "acc/", false))
                    .isInstanceOf(S3SyncException.class)
                    .hasMessageContaining("bucket 'nobody-infra' does not exist");
        }
    }

    @Test
    void anS3InternalErrorOnUploadNamesTheObject() throws Exception {
        try (FaultInjectingProxy proxy = new FaultInjectingProxy(moto.endpoint(),
                (method, path) -> method.equals("PUT") && path.contains("ca.key"));
                S3Client s3 = client(proxy.endpoint())) {
            S3Sync sync = new S3Sync(s3, 4);
            SyncPlan plan = sync.plan(dir, BUCKET, "acc/", false);
            assertThatThrownBy(() -> sync.apply(plan, SyncListener.NONE))
                    .isInstanceOf(S3SyncException.class)
                    .hasMessageContaining("cannot upload s3://yourcom-infra/acc/controller/secrets/pki/ca.key")
                    .hasMessageContaining("HTTP 500 InternalError")
                    .hasMessageNotContaining("TEST");
            assertThat(proxy.failedRequests()).as("retried before giving up").isGreaterThan(1);
        }
    }

    /** The credentials client() puts into system properties must not leak into later test classes. */
    @org.junit.jupiter.api.AfterEach
    void clearCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    private S3Client client(java.net.URI endpoint) {
        System.setProperty("aws.accessKeyId", MotoServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", MotoServer.SECRET_KEY);
        return S3Clients.create(new AwsSettings(Region.EU_WEST_1, Optional.of(endpoint)), 8);
    }

    private void write(String rel, String content, boolean secret) {
        AtomicFiles.writeString(dir.resolve(rel), content, secret);
    }

    private long sizeOfTree() throws Exception {
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /**
     * A key of the manifest that {@code S3Sync.current} does not HEAD: it samples {@value S3Sync#VERIFY_SAMPLES}
     * keys spread over the sorted 43 (the 1st, 11th, 22nd, 33rd) and every config; the 6th key (a worker's file,
     * after SHA256SUMS, the controller's config and CA key, f0 and f1) is none of them.
     */
    private String unsampledNonConfigKey(S3Sync sync) {
        List<String> keys = new ArrayList<>(sync.plan(dir, BUCKET, "acc/", false).manifest().objects().keySet());
        assertThat(keys).hasSize(43);
        assertThat(S3Sync.VERIFY_SAMPLES).isEqualTo(4);
        String key = keys.get(5);
        assertThat(key).isEqualTo("acc/worker-general/files/f10.txt");
        return key;
    }

    private static List<String> remoteKeys(S3Client s3) {
        List<String> keys = new ArrayList<>();
        s3.listObjectsV2Paginator(l -> l.bucket(BUCKET)).contents().forEach(o -> keys.add(o.key()));
        return keys;
    }

    /**
     * Stores {@code body} as a one-part multipart upload carrying its correct SHA-256, as another tool would: the
     * ETag is then "md5-of-md5s-1", not the content's MD5.
     */
    private static void putMultipart(S3Client s3, String key, String body) {
        String upload = s3.createMultipartUpload(c -> c.bucket(BUCKET).key(key)
                .metadata(Map.of(S3Sync.SHA256_METADATA, sha256(body)))).uploadId();
        String etag = s3.uploadPart(p -> p.bucket(BUCKET).key(key).uploadId(upload).partNumber(1),
                RequestBody.fromString(body)).eTag();
        s3.completeMultipartUpload(c -> c.bucket(BUCKET).key(key).uploadId(upload)
                .multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag(etag))));
        assertThat(remote(s3, key).eTag()).contains("-1");
    }

    private static S3Object remote(S3Client s3, String key) {
        return s3.listObjectsV2(l -> l.bucket(BUCKET).prefix(key)).contents().get(0);
    }

    private static String sha256(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts uploads down a latch, so a test can interrupt a sync part way. */
    private record CountingListener(CountDownLatch latch) implements SyncListener {
        @Override
        public void started(SyncPlan plan) {
        }

        @Override
        public void uploaded(LocalObject object) {
            latch.countDown();
        }

        @Override
        public void deleted(String key) {
        }

        @Override
        public void finished() {
        }
    }

}
