package dev.slipway.apply.etcd;

import dev.slipway.apply.aws.S3UploadStream;
import dev.slipway.spec.Environment;
import java.io.IOException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Keeps etcd snapshots in the environment's infra bucket, under {@link Environment#etcdSnapshotPrefix()}
 * ({@code s3://NAME-infra/ENV/backups/etcd/}): streamed from a member straight into S3 ({@link S3UploadStream}, never
 * onto the operator's disk, since a snapshot holds every Secret of the cluster), checked on the way, and stored only
 * when the check passes. The bucket is versioned, encrypted by default and never public ({@code slipway infra init});
 * nodes' roles reach only {@code ENV/nodes/ROLE/}, and neither {@code sync --prune} nor the MongoDB backup job's
 * credentials (its own {@code ENV/backups/mongo/}) touch this prefix.
 */
public final class EtcdSnapshotArchive {
    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final int partBytes;

    public EtcdSnapshotArchive(S3Client s3, String bucket, String prefix, int partBytes) {
        if (!prefix.endsWith("/")) {
            throw new IllegalArgumentException("prefix must end with /: " + prefix);
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.partBytes = partBytes;
    }

    public static EtcdSnapshotArchive of(S3Client s3, Environment env) {
        return new EtcdSnapshotArchive(s3, env.infraBucket(), env.etcdSnapshotPrefix(),
                S3UploadStream.DEFAULT_PART_BYTES);
    }

    /** {@code s3://BUCKET/PREFIX}: where the snapshots go. */
    public String location() {
        return "s3://" + bucket + "/" + prefix;
    }

    /** A snapshot stored at {@code uri} ({@code s3://BUCKET/KEY}). */
    public record Stored(String uri, EtcdSnapshot snapshot) {
    }

    /**
     * Takes a snapshot from {@code member} and stores it as {@code name} below {@link #location()}. Nothing is stored
     * when the snapshot fails or does not verify.
     *
     * @throws EtcdException when etcd fails or the snapshot does not verify; nothing was stored
     * @throws IllegalStateException when S3 refuses it; nothing was stored
     */
    public Stored save(EtcdClient member, String name) {
        String key = prefix + name;
        String uri = "s3://" + bucket + "/" + key;
        try (S3UploadStream upload = new S3UploadStream(s3, bucket, key, partBytes)) {
            EtcdSnapshot snapshot = member.snapshot(upload);
            upload.complete();
            return new Stored(uri, snapshot);
        } catch (IOException e) {
            throw new IllegalStateException("cannot store the etcd snapshot at " + uri + ": " + e.getMessage()
                    + "; check AWS credentials and that the bucket exists (slipway infra init)", e);
        }
    }
}
