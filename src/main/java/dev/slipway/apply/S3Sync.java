package dev.slipway.apply;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Brings an S3 prefix to the content of a local folder ({@code slipway sync}): uploads only what changed, optionally
 * deletes what is no longer there, in parallel.
 *
 * <p>"Changed" is decided by content, never by timestamps. One ListObjectsV2 page covers 1,000 objects, and for a
 * single-part upload without KMS the listed ETag is the content's MD5, so for 5,000 files the whole comparison
 * costs 5 requests instead of 5,000 HEADs. Only objects whose ETag is not an MD5 (multipart or KMS-encrypted,
 * e.g. uploaded by another tool) are HEADed, and compared by the SHA-256 Slipway stores with every object as
 * {@code x-amz-meta-slipway-sha256}. Each upload carries Content-MD5, so S3 rejects a corrupted body.
 *
 * <p>Safe to interrupt: S3 writes every object whole (with its metadata) or not at all, so a re-run compares again
 * and uploads only what is still missing or different.
 */
public final class S3Sync {
    public static final String SHA256_METADATA = "slipway-sha256";
    /** Objects HEADed to check that the upload manifest still describes the bucket. */
    static final int VERIFY_SAMPLES = 4;
    private static final Set<PosixFilePermission> SHARED = Set.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.OTHERS_READ);

    /** Metadata of objects whose content expires: the instant, as {@link java.time.Instant#toString()}. */
    public static final String EXPIRES_METADATA = dev.slipway.render.ignition.BootstrapTokenRenewal.EXPIRES_METADATA;

    /**
     * Which local objects hold something that expires (the bootstrap token at its fixed keys), and when. Such an
     * object is uploaded with its expiry as {@value #EXPIRES_METADATA} and never over an object that expires later:
     * the controllers renew the token there on their own (render/ignition, BootstrapTokenRenewal).
     */
    @FunctionalInterface
    public interface Expiries {
        Optional<java.time.Instant> of(LocalObject local);

        Expiries NONE = o -> Optional.empty();
    }

    private final S3Client s3;
    private final int parallelism;
    private final Expiries expiries;

    public S3Sync(S3Client s3, int parallelism) {
        this(s3, parallelism, Expiries.NONE);
    }

    public S3Sync(S3Client s3, int parallelism, Expiries expiries) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
        this.s3 = s3;
        this.parallelism = parallelism;
        this.expiries = expiries;
    }

    /**
     * Compares {@code localRoot} with {@code s3://bucket/prefix}; reads only. When the prefix holds a current
     * {@link UploadManifest} (a few sampled objects match it), the manifest stands in for the listing; otherwise
     * every key is listed. Prune candidates come from the manifest only: objects Slipway did not upload are never
     * deleted.
     */
    public SyncPlan plan(Path localRoot, String bucket, String prefix, boolean prune) {
        return plan(localRoot, bucket, prefix, prune, false);
    }

    /** As {@link #plan(Path, String, String, boolean)}; {@code fullCompare} lists every key even with a manifest. */
    public SyncPlan plan(Path localRoot, String bucket, String prefix, boolean prune, boolean fullCompare) {
        // Reading the bucket (network) and hashing (disk, CPU) overlap: neither waits for the other.
        java.util.concurrent.CompletableFuture<Remote> reading = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> remote(bucket, prefix, fullCompare), runner());
        List<LocalObject> local = scan(localRoot, prefix);
        Remote known = await(reading);
        Map<String, RemoteObject> remote = known.objects();
        List<LocalObject> uploads = new ArrayList<>();
        List<LocalObject> unknown = new ArrayList<>();
        int unchanged = 0;
        for (LocalObject o : local) {
            RemoteObject r = remote.get(o.key());
            if (r == null || r.size() != o.size()) {
                uploads.add(o);
            } else if (r.etagIsMd5()) {
                if (r.etag().equals(o.md5())) {
                    unchanged++;
                } else {
                    uploads.add(o);
                }
            } else {
                unknown.add(o);
            }
        }
        List<LocalObject> changedUnknown = headAll(bucket, unknown);
        uploads.addAll(changedUnknown);
        unchanged += unknown.size() - changedUnknown.size();
        List<String> keptLater = new ArrayList<>();
        for (LocalObject o : List.copyOf(uploads)) {
            Optional<java.time.Instant> expires = expiries.of(o);
            if (expires.isPresent() && remoteExpiresNoEarlier(bucket, o.key(), expires.get())) {
                uploads.remove(o);
                keptLater.add(o.key());
            }
        }
        Set<String> keys = new java.util.HashSet<>();
        local.forEach(o -> keys.add(o.key()));
        List<String> prunable = known.manifest().prunable(keys);
        List<String> deletes = prune ? prunable : List.of();
        uploads.sort(UPLOAD_ORDER);
        // A kept object is not recorded as ours: the manifest would otherwise claim content the bucket does not hold.
        UploadManifest next = known.manifest().next(local, deletes).forget(keptLater);
        // A re-sync with nothing changed would PUT the same manifest again: a write (a new object version, a
        // request a read-only credential is refused) that records nothing new.
        boolean manifestStored = known.manifestBytes() != null
                && java.util.Arrays.equals(known.manifestBytes(), next.toJson());
        return new SyncPlan(bucket, prefix, uploads, unchanged, deletes, prunable, known.listed(), next,
                manifestStored, keptLater);
    }

    /** Whether the object at {@code key} records an expiry no earlier than {@code local} (absent or unrecorded: no). */
    private boolean remoteExpiresNoEarlier(String bucket, String key, java.time.Instant local) {
        try {
            String recorded = s3.headObject(r -> r.bucket(bucket).key(key)).metadata().get(EXPIRES_METADATA);
            return recorded != null && !java.time.Instant.parse(recorded).isBefore(local);
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw failure("read metadata of", bucket, key, e);
        } catch (SdkException e) {
            throw failure("read metadata of", bucket, key, e);
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    /**
     * Upload order: Ignition configs after every other file, because a config pins (by key and hash) the files it
     * fetches; a node reading a config while a sync runs then finds everything it names.
     */
    static final java.util.Comparator<LocalObject> UPLOAD_ORDER = java.util.Comparator
            .comparing((LocalObject o) -> o.key().endsWith(".ign")).thenComparing(LocalObject::key);

    /** What the bucket holds under the prefix: from a current manifest, else from a listing. */
    /** @param manifestBytes the stored manifest as read, or null when there is none */
    private record Remote(Map<String, RemoteObject> objects, UploadManifest manifest, boolean listed,
            byte[] manifestBytes) {
    }

    private Remote remote(String bucket, String prefix, boolean fullCompare) {
        byte[] stored = readManifest(bucket, prefix);
        Optional<UploadManifest> manifest = stored == null ? Optional.empty() : UploadManifest.parse(stored);
        if (!fullCompare && manifest.isPresent() && current(bucket, manifest.get())) {
            Map<String, RemoteObject> objects = new TreeMap<>();
            manifest.get().objects().forEach((k, e) -> objects.put(k, new RemoteObject(k, e.size(), e.md5())));
            return new Remote(objects, manifest.get(), false, stored);
        }
        Map<String, RemoteObject> listed = list(bucket, prefix);
        listed.remove(UploadManifest.key(prefix));
        return new Remote(listed, manifest.orElse(UploadManifest.empty()), true, stored);
    }

    /** The stored upload manifest's bytes, or null when there is none. */
    private byte[] readManifest(String bucket, String prefix) {
        try {
            return s3.getObjectAsBytes(g -> g.bucket(bucket).key(UploadManifest.key(prefix))).asByteArray();
        } catch (NoSuchKeyException e) {
            return null;
        } catch (SdkException e) {
            throw failure("read", bucket, UploadManifest.key(prefix), e);
        }
    }

    /**
     * The cheap check that the manifest still describes the bucket: a few of its objects, spread over the key
     * range, and every Ignition config are HEADed and must have the recorded size and content. An object changed
     * behind Slipway's back that is none of these is not noticed: {@code --full-compare} lists every key. Anything else (a missing object, other
     * content) means someone changed the prefix behind Slipway's back: the caller lists instead.
     */
    private boolean current(String bucket, UploadManifest manifest) {
        List<Map.Entry<String, UploadManifest.Entry>> all = new ArrayList<>(manifest.objects().entrySet());
        if (all.isEmpty()) {
            return false;
        }
        // A few objects spread over the key range, and every Ignition config: a config is what a booting node
        // fetches first, and a wrong one stops the boot.
        java.util.LinkedHashSet<Map.Entry<String, UploadManifest.Entry>> sample = new java.util.LinkedHashSet<>();
        int samples = Math.min(VERIFY_SAMPLES, all.size());
        for (int i = 0; i < samples; i++) {
            sample.add(all.get((int) ((long) i * all.size() / samples)));
        }
        all.stream().filter(e -> e.getKey().endsWith(".ign")).forEach(sample::add);
        for (var e : sample) {
            try {
                HeadObjectResponse h = s3.headObject(r -> r.bucket(bucket).key(e.getKey()));
                String etag = stripQuotes(h.eTag());
                boolean same = h.contentLength() == e.getValue().size()
                        && (e.getValue().md5().equals(etag)
                                || e.getValue().sha256().equals(h.metadata().get(SHA256_METADATA)));
                if (!same) {
                    return false;
                }
            } catch (NoSuchKeyException e404) {
                return false;
            } catch (S3Exception se) {
                if (se.statusCode() == 404) {
                    return false;
                }
                throw failure("read metadata of", bucket, e.getKey(), se);
            } catch (SdkException se) {
                throw failure("read metadata of", bucket, e.getKey(), se);
            }
        }
        return true;
    }

    /**
     * Carries out {@code plan}: uploads in parallel (Ignition configs last), then records the upload manifest, then
     * deletes (1,000 keys per request). The manifest is written before the deletes, listing them as pending, so it
     * never claims an object that may be gone; it is not written when the bucket already holds it byte for byte.
     */
    public SyncResult apply(SyncPlan plan, SyncListener listener) {
        listener.started(plan);
        AtomicLong bytes = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, daemonThreads());
        try {
            // Two phases: everything a config pins is stored before any config that pins it.
            Map<Boolean, List<LocalObject>> phases = new TreeMap<>();
            plan.uploads().forEach(o -> phases.computeIfAbsent(o.key().endsWith(".ign"), k -> new ArrayList<>())
                    .add(o));
            for (List<LocalObject> phase : phases.values()) {
                List<Future<?>> futures = new ArrayList<>();
                for (LocalObject o : phase) {
                    futures.add(pool.submit(() -> {
                        put(plan.bucket(), o);
                        bytes.addAndGet(o.size());
                        listener.uploaded(o);
                    }));
                }
                for (Future<?> f : futures) {
                    await(f);
                }
            }
        } finally {
            stop(pool);
        }
        if (!plan.manifestStored()) {
            writeManifest(plan.bucket(), plan.prefix(), plan.manifest());
        }
        delete(plan.bucket(), plan.deletes(), listener);
        if (!plan.manifest().pendingDeletes().isEmpty() && !plan.deletes().isEmpty()) {
            writeManifest(plan.bucket(), plan.prefix(), plan.manifest().withoutPendingDeletes());
        }
        listener.finished();
        return new SyncResult(plan.bucket(), plan.prefix(), plan.uploads().size(), bytes.get(), plan.unchanged(),
                plan.deletes().size(), false);
    }

    private void put(String bucket, LocalObject o) {
        try {
            s3.putObject(p -> {
                p.bucket(bucket).key(o.key())
                        .contentType(contentType(o.key()))
                        .contentMD5(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(o.md5())))
                        .metadata(metadata(o));
                if (o.secret()) {
                    p.serverSideEncryption(ServerSideEncryption.AES256);
                }
            }, RequestBody.fromFile(o.file()));
        } catch (SdkException e) {
            throw failure("upload", bucket, o.key(), e);
        }
    }

    private Map<String, String> metadata(LocalObject o) {
        Map<String, String> m = new TreeMap<>(Map.of(SHA256_METADATA, o.sha256()));
        expiries.of(o).ifPresent(e -> m.put(EXPIRES_METADATA, e.toString()));
        return m;
    }

    private void writeManifest(String bucket, String prefix, UploadManifest manifest) {
        String key = UploadManifest.key(prefix);
        try {
            s3.putObject(p -> p.bucket(bucket).key(key).contentType("application/json"),
                    RequestBody.fromBytes(manifest.toJson()));
        } catch (SdkException e) {
            throw failure("record the upload manifest", bucket, key, e);
        }
    }

    private void delete(String bucket, List<String> keys, SyncListener listener) {
        for (int i = 0; i < keys.size(); i += 1000) {
            List<String> batch = keys.subList(i, Math.min(keys.size(), i + 1000));
            DeleteObjectsResponse r;
            try {
                r = s3.deleteObjects(d -> d.bucket(bucket).delete(Delete.builder().quiet(true)
                        .objects(batch.stream().map(k -> ObjectIdentifier.builder().key(k).build()).toList())
                        .build()));
            } catch (SdkException e) {
                throw failure("delete objects from", bucket, batch.get(0), e);
            }
            if (r.hasErrors() && !r.errors().isEmpty()) {
                var err = r.errors().get(0);
                throw new S3SyncException("cannot delete s3://" + bucket + "/" + err.key() + ": " + err.code() + " "
                        + err.message() + " (" + r.errors().size() + " keys failed)", null);
            }
            batch.forEach(listener::deleted);
        }
    }

    private Map<String, RemoteObject> list(String bucket, String prefix) {
        Map<String, RemoteObject> out = new TreeMap<>();
        try {
            for (S3Object o : s3.listObjectsV2Paginator(l -> l.bucket(bucket).prefix(prefix)).contents()) {
                out.put(o.key(), new RemoteObject(o.key(), o.size(), stripQuotes(o.eTag())));
            }
        } catch (SdkException e) {
            throw failure("list", bucket, prefix, e);
        }
        return out;
    }

    /** HEADs the objects whose listing could not tell; returns those whose stored SHA-256 differs. */
    private List<LocalObject> headAll(String bucket, List<LocalObject> objects) {
        if (objects.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, daemonThreads());
        try {
            List<Future<Boolean>> same = new ArrayList<>();
            for (LocalObject o : objects) {
                same.add(pool.submit(() -> {
                    try {
                        HeadObjectResponse h = s3.headObject(r -> r.bucket(bucket).key(o.key()));
                        return o.sha256().equals(h.metadata().get(SHA256_METADATA));
                    } catch (SdkException e) {
                        throw failure("read metadata of", bucket, o.key(), e);
                    }
                }));
            }
            List<LocalObject> changed = new ArrayList<>();
            for (int i = 0; i < objects.size(); i++) {
                if (!await(same.get(i))) {
                    changed.add(objects.get(i));
                }
            }
            return changed;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Every regular file below {@code root}, as objects under {@code prefix}; temp files of a killed write skipped. */
    static List<LocalObject> scan(Path root, String prefix) {
        List<LocalObject> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile).sorted()::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") && name.endsWith(".tmp")) {
                    continue;
                }
                String rel = root.relativize(p).toString().replace('\\', '/');
                out.add(hash(p, prefix + rel, isSecret(p, rel)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Secret files are the ones the renderer marked: written 0600, or under a {@code secrets/} folder. */
    private static boolean isSecret(Path p, String rel) throws IOException {
        if (rel.startsWith("secrets/") || rel.contains("/secrets/")) {
            return true;
        }
        try {
            return java.util.Collections.disjoint(Files.getPosixFilePermissions(p), SHARED);
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    private static LocalObject hash(Path p, String key, boolean secret) throws IOException {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long size = 0;
            try (InputStream in = new DigestInputStream(new DigestInputStream(Files.newInputStream(p), md5), sha)) {
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = in.read(buf)) > 0) {
                    size += n;
                }
            }
            return new LocalObject(key, p, size, HexFormat.of().formatHex(md5.digest()),
                    HexFormat.of().formatHex(sha.digest()), secret);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String contentType(String key) {
        if (key.endsWith(".ign")) {
            return "application/vnd.coreos.ignition+json";
        }
        return key.endsWith("SHA256SUMS") ? "text/plain; charset=utf-8" : "application/octet-stream";
    }

    private static String stripQuotes(String etag) {
        return etag == null ? null : etag.replace("\"", "");
    }

    /** A message a person can act on: what failed, where, and what S3 said. Never file contents. */
    static S3SyncException failure(String what, String bucket, String key, SdkException e) {
        String where = "s3://" + bucket + "/" + key;
        if (e instanceof NoSuchBucketException
                || (e instanceof S3Exception s && s.awsErrorDetails() != null
                        && "NoSuchBucket".equals(s.awsErrorDetails().errorCode()))) {
            return new S3SyncException("bucket '" + bucket + "' does not exist (NoSuchBucket). It holds Terraform's"
                    + " state, the state store and the nodes' files; create it with 'slipway infra init --env ENV'"
                    + " (or check the spec's name, AWS_REGION and AWS_ENDPOINT_URL)", e);
        }
        if (e instanceof S3Exception s) {
            String code = s.awsErrorDetails() == null ? "" : " " + s.awsErrorDetails().errorCode();
            String msg = s.awsErrorDetails() == null ? "" : ": " + s.awsErrorDetails().errorMessage();
            String hint = s.statusCode() == 403 ? "; check the credentials/profile in use and the bucket policy"
                    : s.statusCode() >= 500 ? "; S3 failed after retries, nothing is half-written: run the sync again"
                    : "";
            return new S3SyncException("cannot " + what + " " + where + ": HTTP " + s.statusCode() + code + msg + hint,
                    e);
        }
        if (e instanceof SdkClientException) {
            return new S3SyncException("cannot " + what + " " + where + ": " + e.getMessage(), e);
        }
        return new S3SyncException("cannot " + what + " " + where + ": " + e.getMessage(), e);
    }

    /**
     * Cancels what has not started and waits (bounded) for uploads in flight, so that when a failed or interrupted
     * sync returns, nothing it started is still writing to S3 behind the caller's back.
     */
    private static void stop(ExecutorService pool) {
        pool.shutdownNow();
        boolean interrupted = Thread.interrupted();
        try {
            pool.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static <T> T await(java.util.concurrent.Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new S3SyncException("sync interrupted; objects already uploaded are complete, run it again", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new S3SyncException(e.getCause().getMessage(), e.getCause());
        }
    }

    private static java.util.concurrent.Executor runner() {
        return r -> daemonThreads().newThread(r).start();
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, "s3-sync-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
