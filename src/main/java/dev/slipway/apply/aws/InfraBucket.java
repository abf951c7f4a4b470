package dev.slipway.apply.aws;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The {@code NAME-infra} bucket, brought to the four settings the state it holds needs: versioning (an overwritten
 * state entry or Terraform state can be rolled back), default encryption (SSE-S3), every public access blocked,
 * and bucket-owner-enforced ownership (no ACLs). Reads each setting first and changes only what differs, so a second
 * run changes nothing and says so.
 */
public final class InfraBucket {
    private final S3Client s3;
    private final String bucket;
    private final Region region;

    public InfraBucket(S3Client s3, String bucket, Region region) {
        this.s3 = s3;
        this.bucket = bucket;
        this.region = region;
    }

    /** What {@link #ensure} would change, changing nothing. */
    public List<String> plan() {
        return decide(false);
    }

    /** Creates the bucket if missing and sets what differs; returns what it did, empty when nothing. */
    public List<String> ensure() {
        return decide(true);
    }

    private List<String> decide(boolean apply) {
        List<String> changes = new ArrayList<>();
        boolean exists = exists();
        if (!exists) {
            changes.add("create bucket " + bucket + " in " + region.id());
            if (apply) {
                s3.createBucket(b -> {
                    b.bucket(bucket);
                    // us-east-1 is the one region that takes no location constraint.
                    if (!region.equals(Region.US_EAST_1)) {
                        b.createBucketConfiguration(c -> c.locationConstraint(region.id()));
                    }
                });
            }
        }
        if (!exists || !versioned()) {
            changes.add("turn versioning on");
            if (apply) {
                s3.putBucketVersioning(b -> b.bucket(bucket)
                        .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
            }
        }
        if (!exists || !encrypted()) {
            changes.add("encrypt new objects by default (SSE-S3)");
            if (apply) {
                s3.putBucketEncryption(b -> b.bucket(bucket).serverSideEncryptionConfiguration(c -> c.rules(r ->
                        r.applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AES256)))));
            }
        }
        if (!exists || !publicAccessBlocked()) {
            changes.add("block all public access");
            if (apply) {
                s3.putPublicAccessBlock(b -> b.bucket(bucket).publicAccessBlockConfiguration(c -> c
                        .blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(true)
                        .restrictPublicBuckets(true)));
            }
        }
        if (!exists || !ownerEnforced()) {
            changes.add("enforce bucket-owner ownership (ACLs off)");
            if (apply) {
                s3.putBucketOwnershipControls(b -> b.bucket(bucket).ownershipControls(o -> o.rules(r ->
                        r.objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED))));
            }
        }
        return changes;
    }

    private boolean exists() {
        try {
            s3.headBucket(b -> b.bucket(bucket));
            return true;
        } catch (NoSuchBucketException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private boolean versioned() {
        return s3.getBucketVersioning(b -> b.bucket(bucket)).status() == BucketVersioningStatus.ENABLED;
    }

    private boolean encrypted() {
        try {
            return !s3.getBucketEncryption(b -> b.bucket(bucket)).serverSideEncryptionConfiguration().rules()
                    .isEmpty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private boolean publicAccessBlocked() {
        try {
            var c = s3.getPublicAccessBlock(b -> b.bucket(bucket)).publicAccessBlockConfiguration();
            return Boolean.TRUE.equals(c.blockPublicAcls()) && Boolean.TRUE.equals(c.ignorePublicAcls())
                    && Boolean.TRUE.equals(c.blockPublicPolicy()) && Boolean.TRUE.equals(c.restrictPublicBuckets());
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private boolean ownerEnforced() {
        try {
            return s3.getBucketOwnershipControls(b -> b.bucket(bucket)).ownershipControls().rules().stream()
                    .anyMatch(r -> r.objectOwnership() == ObjectOwnership.BUCKET_OWNER_ENFORCED);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }
}
