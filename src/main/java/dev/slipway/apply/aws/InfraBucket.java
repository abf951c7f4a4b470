package dev.slipway.apply.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.render.aws.InfraBucketLifecycle;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The {@code NAME-infra} bucket, brought to the settings the state it holds needs: versioning (an overwritten
 * state entry or Terraform state can be rolled back), default encryption (SSE-S3), every public access blocked,
 * bucket-owner-enforced ownership (no ACLs), and, given {@link InfraBucketSettings}, its policy (who may read which
 * environment's keys) and lifecycle rules (replaced secrets and old backups expire). Reads each setting first and
 * changes only what differs, so a second run changes nothing and says so.
 */
public final class InfraBucket {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final S3Client s3;
    private final String bucket;
    private final Region region;
    private final InfraBucketSettings settings;

    /** The four base settings only; policy and lifecycle left as they are. */
    public InfraBucket(S3Client s3, String bucket, Region region) {
        this(s3, bucket, region, InfraBucketSettings.none());
    }

    public InfraBucket(S3Client s3, String bucket, Region region, InfraBucketSettings settings) {
        this.s3 = s3;
        this.bucket = bucket;
        this.region = region;
        this.settings = settings;
    }

    /** The policy document this bucket is brought to, or null when the policy is left alone. */
    public String desiredPolicy() {
        return settings.policy();
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
        if (settings.policy() != null && (!exists || !samePolicy(settings.policy(), currentPolicy()))) {
            changes.add((exists && currentPolicy() != null ? "replace" : "set") + " the bucket policy ("
                    + String.join(", ", sids(settings.policy())) + ")");
            if (apply) {
                s3.putBucketPolicy(b -> b.bucket(bucket).policy(settings.policy()));
            }
        }
        if (settings.lifecycle() != null && (!exists || !currentLifecycle().equals(settings.lifecycle()))) {
            changes.add("set lifecycle rules (" + settings.lifecycle().stream().map(InfraBucketLifecycle.Rule::id)
                    .collect(Collectors.joining(", ")) + ")");
            if (apply) {
                s3.putBucketLifecycleConfiguration(b -> b.bucket(bucket).lifecycleConfiguration(c -> c.rules(
                        settings.lifecycle().stream().map(InfraBucket::toS3).toList())));
            }
        }
        return changes;
    }

    private String currentPolicy() {
        try {
            return s3.getBucketPolicy(b -> b.bucket(bucket)).policy();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    /** Equal as JSON, not as text: S3 may hand the document back with other whitespace. */
    static boolean samePolicy(String desired, String current) {
        if (current == null) {
            return false;
        }
        try {
            return JSON.readTree(desired).equals(JSON.readTree(current));
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static List<String> sids(String policy) {
        List<String> sids = new ArrayList<>();
        try {
            JSON.readTree(policy).get("Statement").forEach(st -> sids.add(st.path("Sid").asText("?")));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return sids;
    }

    private List<InfraBucketLifecycle.Rule> currentLifecycle() {
        try {
            return s3.getBucketLifecycleConfiguration(b -> b.bucket(bucket)).rules().stream()
                    .map(InfraBucket::fromS3).toList();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return List.of();
            }
            throw e;
        }
    }

    private static LifecycleRule toS3(InfraBucketLifecycle.Rule r) {
        LifecycleRule.Builder b = LifecycleRule.builder().id(r.id()).status(ExpirationStatus.ENABLED)
                .filter(f -> f.prefix(r.prefix()));
        if (r.expirationDays() != null) {
            b.expiration(e -> e.days(r.expirationDays()));
        }
        if (r.noncurrentDays() != null) {
            b.noncurrentVersionExpiration(n -> n.noncurrentDays(r.noncurrentDays()));
        }
        if (r.abortIncompleteUploadDays() != null) {
            b.abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(r.abortIncompleteUploadDays()));
        }
        return b.build();
    }

    private static InfraBucketLifecycle.Rule fromS3(LifecycleRule r) {
        if (r.status() != ExpirationStatus.ENABLED) {
            return new InfraBucketLifecycle.Rule(r.id() + " (disabled)", null, null, null, null);
        }
        String prefix = r.filter() != null && r.filter().prefix() != null ? r.filter().prefix()
                : r.prefix() != null ? r.prefix() : "";
        return new InfraBucketLifecycle.Rule(r.id(), prefix,
                r.expiration() == null ? null : r.expiration().days(),
                r.noncurrentVersionExpiration() == null ? null : r.noncurrentVersionExpiration().noncurrentDays(),
                r.abortIncompleteMultipartUpload() == null ? null
                        : r.abortIncompleteMultipartUpload().daysAfterInitiation());
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
