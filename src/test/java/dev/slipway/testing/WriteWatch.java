package dev.slipway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;

/**
 * Everything a command wrote, everywhere a test can look, between {@link #start} and {@link #writes}: what proves
 * "nothing written" for a {@code --dry-run}, and (the positive control) sees a real run's writes with the same eyes.
 *
 * <ul>
 *   <li>Files: every file and folder under the given roots (the spec's folder, the HOME the command sees), by content
 *       (SHA-256), permissions and symbolic-link target, not by name: a dry run that rewrites a state entry, a token
 *       or a kubeconfig in place is a write.</li>
 *   <li>AWS: every request moto received that may change something ({@link MotoRecording}: the query and JSON
 *       protocols' actions, every non-GET of the REST services), and every bucket's object versions and delete
 *       markers with ETag and time (a rewrite with the same bytes still adds a version or moves the time).</li>
 *   <li>Kubernetes: every request through the recording {@link KubernetesApiProxy} that could change the cluster
 *       (a non-GET that is not a server-side dry run). The command must reach the API server through the proxy
 *       (a kubeconfig naming {@link KubernetesApiProxy#url()}); {@link #apiRequests()} tells whether it did.</li>
 * </ul>
 *
 * <p>Commands run in-process and return only when done, so whatever they wrote is recorded before
 * {@link #writes()} reads it: no wait, no sleep.
 */
public final class WriteWatch {
    private final List<Path> roots;
    private final MotoServer moto;
    private final KubernetesApiProxy proxy;
    private final Map<String, String> filesBefore;
    private final Map<String, String> objectsBefore;
    private final MotoRecording recording;
    private final int proxyStart;

    private WriteWatch(List<Path> roots, MotoServer moto, KubernetesApiProxy proxy) {
        this.roots = List.copyOf(roots);
        this.moto = moto;
        this.proxy = proxy;
        this.filesBefore = files(this.roots);
        this.objectsBefore = moto == null ? Map.of() : objectVersions(moto);
        this.proxyStart = proxy == null ? 0 : proxy.requests().size();
        this.recording = moto == null ? null : MotoRecording.start(moto);
    }

    /**
     * Starts watching: {@code roots} (folders; one that does not exist yet is watched for being created),
     * {@code moto} and {@code proxy} (either may be null when the command cannot reach it).
     */
    public static WriteWatch start(List<Path> roots, MotoServer moto, KubernetesApiProxy proxy) {
        return new WriteWatch(roots, moto, proxy);
    }

    /** Every write seen since {@link #start}, one line each; empty when nothing was written anywhere. */
    public List<String> writes() {
        List<String> out = new ArrayList<>();
        if (recording != null) {
            recording.stop();
            recording.requests().stream().filter(MotoRecording.Request::writes)
                    .forEach(r -> out.add("AWS " + r.method() + " " + r.url() + (r.action().isEmpty() ? ""
                            : " " + r.action())));
        }
        out.addAll(differences("file", filesBefore, files(roots)));
        if (moto != null) {
            out.addAll(differences("S3 object version", objectsBefore, objectVersions(moto)));
        }
        if (proxy != null) {
            apiRequests().stream().filter(KubernetesApiProxy.Request::writes)
                    .forEach(r -> out.add("Kubernetes API " + r.method() + " " + r.pathAndQuery() + " -> "
                            + r.status()));
        }
        return out;
    }

    /** Every request the proxy passed since {@link #start}, reads included. */
    public List<KubernetesApiProxy.Request> apiRequests() {
        if (proxy == null) {
            return List.of();
        }
        List<KubernetesApiProxy.Request> all = proxy.requests();
        return all.subList(Math.min(proxyStart, all.size()), all.size());
    }

    private static List<String> differences(String what, Map<String, String> before, Map<String, String> after) {
        List<String> out = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String k : keys) {
            String b = before.get(k);
            String a = after.get(k);
            if (b == null) {
                out.add(what + " added: " + k);
            } else if (a == null) {
                out.add(what + " removed: " + k);
            } else if (!a.equals(b)) {
                out.add(what + " changed: " + k + " (" + b + " -> " + a + ")");
            }
        }
        return out;
    }

    /** Every path under each root, with its kind, permissions and content hash (or link target). */
    private static Map<String, String> files(List<Path> roots) {
        Map<String, String> m = new TreeMap<>();
        for (Path root : roots) {
            if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(root)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    m.put(p.toString(), describe(p));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return m;
    }

    private static String describe(Path p) throws IOException {
        if (Files.isSymbolicLink(p)) {
            return "link to " + Files.readSymbolicLink(p);
        }
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            return "dir " + mode;
        }
        try {
            return mode + " sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(p)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every bucket, every object version and delete marker, with its ETag and time. */
    private static Map<String, String> objectVersions(MotoServer moto) {
        Map<String, String> m = new TreeMap<>();
        try (S3Client s3 = moto.s3()) {
            for (Bucket b : s3.listBuckets().buckets()) {
                m.put(b.name(), "bucket");
                for (var page : s3.listObjectVersionsPaginator(r -> r.bucket(b.name()))) {
                    page.versions().forEach(v -> m.put(b.name() + "/" + v.key() + "@" + v.versionId(),
                            v.eTag() + " " + v.lastModified()));
                    page.deleteMarkers().forEach(d -> m.put(b.name() + "/" + d.key() + "@" + d.versionId(),
                            "delete marker " + d.lastModified()));
                }
                // The bucket's policy and lifecycle rules (infra init sets both; a dry run must not).
                m.put(b.name() + " policy", orNone(() -> s3.getBucketPolicy(r -> r.bucket(b.name())).policy()));
                m.put(b.name() + " lifecycle", orNone(() -> s3.getBucketLifecycleConfiguration(
                        r -> r.bucket(b.name())).rules().toString()));
            }
        }
        return m;
    }

    /** What {@code read} returns, or "none" with S3's status when the bucket has none (404). */
    private static String orNone(java.util.function.Supplier<String> read) {
        try {
            return read.get();
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            return "none (" + e.statusCode() + ")";
        }
    }
}
