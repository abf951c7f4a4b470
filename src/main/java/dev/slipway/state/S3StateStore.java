package dev.slipway.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The shared state store: objects under {@code s3://BUCKET/PREFIX} ({@code s3://NAME-infra/ENV/state/} by default),
 * every one server-side encrypted. The bucket is versioned ({@code slipway infra init} makes it so), so an
 * overwritten entry can be rolled back. {@link #create} is a conditional put ({@code If-None-Match: *}), which S3
 * executes atomically: of two operators creating the same entry, one wins and the other is told.
 */
public final class S3StateStore implements StateStore {
    /** Object metadata saying an entry is secret, so caches can give it owner-only permissions. */
    static final String SECRET_METADATA = "slipway-secret";

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    public S3StateStore(S3Client s3, String bucket, String prefix) {
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            throw new IllegalArgumentException("prefix must end with /: " + prefix);
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    @Override
    public String location() {
        return "s3://" + bucket + "/" + prefix;
    }

    @Override
    public Optional<byte[]> read(String key) {
        return readEntry(key).map(Entry::content);
    }

    /** An entry's content and whether it was written as a secret. */
    public record Entry(byte[] content, boolean secret) {
    }

    Optional<Entry> readEntry(String key) {
        try {
            var response = s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(prefix + key).build());
            boolean secret = !"false".equals(response.response().metadata().get(SECRET_METADATA));
            return Optional.of(new Entry(response.asByteArray(), secret));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw unavailable("read " + key, e);
        }
    }

    /** Every entry, by key: one listing and one GET each (a PKI is some thirty small objects). */
    public Map<String, Entry> readAll() {
        Map<String, Entry> all = new TreeMap<>();
        for (String key : list("")) {
            readEntry(key).ifPresent(e -> all.put(key, e));
        }
        return all;
    }

    @Override
    public void write(String key, byte[] content, boolean secret) {
        put(key, content, secret, false);
    }

    @Override
    public boolean create(String key, byte[] content, boolean secret) {
        return put(key, content, secret, true);
    }

    private boolean put(String key, byte[] content, boolean secret, boolean onlyIfAbsent) {
        PutObjectRequest.Builder b = PutObjectRequest.builder().bucket(bucket).key(prefix + key)
                .serverSideEncryption(ServerSideEncryption.AES256)
                .metadata(Map.of(SECRET_METADATA, Boolean.toString(secret)));
        if (onlyIfAbsent) {
            b.ifNoneMatch("*");
        }
        try {
            s3.putObject(b.build(), RequestBody.fromBytes(content));
            return true;
        } catch (S3Exception e) {
            // 412: the key exists. 409: a concurrent conditional write to the same key is in flight; it will win.
            if (onlyIfAbsent && (e.statusCode() == 412 || e.statusCode() == 409)) {
                return false;
            }
            throw unavailable("write " + key, e);
        } catch (SdkException e) {
            throw unavailable("write " + key, e);
        }
    }

    @Override
    public List<String> list(String folder) {
        String listed = prefix + (folder.isEmpty() || folder.endsWith("/") ? folder : folder + "/");
        List<String> keys = new ArrayList<>();
        try {
            for (S3Object o : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(listed)).contents()) {
                keys.add(o.key().substring(prefix.length()));
            }
        } catch (SdkException e) {
            throw unavailable("list " + listed, e);
        }
        keys.sort(null);
        return keys;
    }

    @Override
    public void delete(String key) {
        try {
            s3.deleteObject(r -> r.bucket(bucket).key(prefix + key));
        } catch (SdkException e) {
            throw unavailable("delete " + key, e);
        }
    }

    private StateStoreUnavailableException unavailable(String what, SdkException e) {
        String reason = e instanceof S3Exception s3e && s3e.awsErrorDetails() != null
                ? s3e.awsErrorDetails().errorCode() + " (HTTP " + s3e.statusCode() + ")" : e.getMessage();
        String advice = reason != null && reason.startsWith("NoSuchBucket")
                ? "the bucket does not exist yet: create it with 'slipway infra init --env ENV'"
                : "check AWS credentials, AWS_REGION and AWS_ENDPOINT_URL, then run the command again";
        return new StateStoreUnavailableException("cannot " + what + " in state store " + location() + ": " + reason
                + "; nothing was changed. " + advice + " (or set 'stateStore: local' in the spec to work offline,"
                + " alone)", e);
    }
}
