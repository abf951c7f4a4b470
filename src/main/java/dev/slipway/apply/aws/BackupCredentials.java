package dev.slipway.apply.aws;

import dev.slipway.render.k8s.workloads.MongoNames;
import dev.slipway.spec.Environment;
import dev.slipway.state.StateStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/**
 * The AWS credentials of MongoDB's backup job: an IAM user per environment ({@code NAME-ENV-mongo-backup}) whose only
 * policy allows Put/Get/Delete under {@link MongoNames#backupPrefix} in the infra bucket and listing that prefix, and
 * one access key, kept in the environment's state store (secret entries), from where {@code SecretValues} fills the
 * job's Secrets. Pods get no other AWS access (they cannot reach the instance metadata, contract 9).
 *
 * <p>Idempotent: a second run with the user, the policy and a key the store knows changes nothing. A key in the store
 * that IAM no longer has (deleted by hand) is replaced; keys of this user the store does not know are deleted, since
 * the user exists only for Slipway.
 */
public final class BackupCredentials {
    static final String POLICY = "mongo-backup-prefix";
    /** How the line announcing a new access key starts (the key's Secrets change once it exists). */
    static final String NEW_KEY = "create an access key for ";
    private final IamClient iam;

    public BackupCredentials(IamClient iam) {
        this.iam = iam;
    }

    public static String userName(Environment env) {
        return env.clusterName() + "-mongo-backup";
    }

    /** The inline policy: this environment's backup prefix and nothing else. */
    public static String policy(Environment env) {
        String bucket = "arn:aws:s3:::" + env.infraBucket();
        String prefix = MongoNames.backupPrefix(env);
        return """
                {"Version":"2012-10-17","Statement":[\
                {"Sid":"Dumps","Effect":"Allow","Action":["s3:PutObject","s3:GetObject","s3:DeleteObject"],\
                "Resource":"%s/%s*"},\
                {"Sid":"ListPrefix","Effect":"Allow","Action":"s3:ListBucket","Resource":"%s",\
                "Condition":{"StringLike":{"s3:prefix":["%s*"]}}}]}""".formatted(bucket, prefix, bucket, prefix);
    }

    /**
     * Brings user, policy and key to the desired state; returns what it changed (or, with {@code dryRun}, would
     * change), as lines without any key material.
     */
    public List<String> ensure(Environment env, StateStore state, boolean dryRun) {
        List<String> changes = new ArrayList<>();
        String user = userName(env);
        boolean exists;
        try {
            iam.getUser(r -> r.userName(user));
            exists = true;
        } catch (NoSuchEntityException e) {
            exists = false;
        }
        if (!exists) {
            changes.add("create IAM user " + user);
            if (!dryRun) {
                iam.createUser(r -> r.userName(user).tags(t -> t.key("slipway.dev/environment").value(env.name())));
            }
        }
        String wanted = policy(env);
        Optional<String> current = Optional.empty();
        if (exists) {
            try {
                current = Optional.of(java.net.URLDecoder.decode(iam.getUserPolicy(r -> r.userName(user)
                        .policyName(POLICY)).policyDocument(), StandardCharsets.UTF_8));
            } catch (NoSuchEntityException e) {
                current = Optional.empty();
            }
        }
        if (current.map(c -> !sameJson(c, wanted)).orElse(true)) {
            changes.add("put policy " + POLICY + " on " + user + " (s3 " + env.infraBucket() + "/"
                    + MongoNames.backupPrefix(env) + "*)");
            if (!dryRun) {
                iam.putUserPolicy(r -> r.userName(user).policyName(POLICY).policyDocument(wanted));
            }
        }
        Optional<String> storedId = state.read(MongoNames.BACKUP_KEY_ID_STATE)
                .map(b -> new String(b, StandardCharsets.UTF_8));
        List<AccessKeyMetadata> keys = exists ? iam.listAccessKeys(r -> r.userName(user)).accessKeyMetadata()
                : List.of();
        boolean known = storedId.isPresent() && state.read(MongoNames.BACKUP_SECRET_KEY_STATE).isPresent()
                && keys.stream().anyMatch(k -> k.accessKeyId().equals(storedId.get()));
        for (AccessKeyMetadata k : keys) {
            if (!known || !k.accessKeyId().equals(storedId.get())) {
                changes.add("delete access key " + k.accessKeyId() + " of " + user + " (not in the state store)");
                if (!dryRun) {
                    iam.deleteAccessKey(r -> r.userName(user).accessKeyId(k.accessKeyId()));
                }
            }
        }
        if (!known) {
            changes.add(NEW_KEY + user + " into " + state.location());
            if (!dryRun) {
                AccessKey key = iam.createAccessKey(r -> r.userName(user)).accessKey();
                state.write(MongoNames.BACKUP_SECRET_KEY_STATE,
                        key.secretAccessKey().getBytes(StandardCharsets.UTF_8), true);
                state.write(MongoNames.BACKUP_KEY_ID_STATE, key.accessKeyId().getBytes(StandardCharsets.UTF_8), true);
            }
        }
        return changes;
    }

    /** Whether {@code changes} (from {@link #ensure}) include a new access key, so the stored one is not final. */
    public static boolean createsKey(List<String> changes) {
        return changes.stream().anyMatch(c -> c.startsWith(NEW_KEY));
    }

    private static boolean sameJson(String a, String b) {
        try {
            var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
            return mapper.readTree(a).equals(mapper.readTree(b));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return false;
        }
    }
}
