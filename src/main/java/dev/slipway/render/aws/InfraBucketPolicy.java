package dev.slipway.render.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.slipway.render.terraform.NodeRoleNames;
import dev.slipway.spec.Environment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The infra bucket's policy ({@code NAME-infra}: every environment's PKI, state, Terraform state, backups and node
 * secrets). Identity policies grant; this policy only takes away, so that generic S3 read in the account (the managed
 * {@code ReadOnlyAccess} is enough) no longer reaches an environment's keys:
 * <ul>
 *   <li>every request not made over TLS is denied ({@code aws:SecureTransport}), as AWS recommends for S3;
 *   <li>reading {@code ENV/state/}, {@code ENV/backups/} and {@code ENV/terraform/} is denied to every principal
 *       but the environment's {@code aws.operatorRoles} (compared with {@code aws:PrincipalArn}, which for a role
 *       session is the role's ARN);
 *   <li>reading {@code ENV/nodes/*}{@code /secrets/} is denied to all but the operators and the environment's
 *       node roles, and each node role is denied reading anything outside its own {@code ENV/nodes/ROLE/} (so no
 *       other role's secrets, a removed pool's folder included, and no other environment's).
 * </ul>
 * Writes are not restricted here (the backup job writes dumps it cannot read back). An environment without operator
 * roles gets the TLS rule only ({@code validate} warns): denying its state to everyone would lock its operators out.
 * Node roles are named by ARN with the bucket owner's account; they need not exist yet (a condition, not a
 * {@code Principal}, names them, so S3 accepts the policy before Terraform has made them).
 */
public final class InfraBucketPolicy {
    /** What is read: an object's current content, and an older version's. */
    public static final List<String> READ_ACTIONS = List.of("s3:GetObject", "s3:GetObjectVersion");

    private InfraBucketPolicy() {
    }

    /**
     * The policy document for {@code bucket} in {@code partition} ({@code aws}, ...), owned by account
     * {@code account}, covering {@code environments} (those that keep their files in it), as S3's
     * {@code PutBucketPolicy} takes it.
     */
    public static String render(String bucket, String partition, String account, List<Environment> environments) {
        return render(bucket, partition, account, environments, true);
    }

    /**
     * The same; {@code requireTls} false leaves out the TLS rule, for an S3 endpoint that is reached over plain
     * HTTP only (a local S3 such as moto named by {@code AWS_ENDPOINT_URL=http://...}), which the rule would make
     * unusable: such a server does evaluate {@code aws:SecureTransport}.
     */
    public static String render(String bucket, String partition, String account, List<Environment> environments,
            boolean requireTls) {
        String bucketArn = "arn:" + partition + ":s3:::" + bucket;
        List<Map<String, Object>> statements = new ArrayList<>();
        if (requireTls) {
            statements.add(statement("DenyInsecureTransport", List.of("s3:*"), List.of(bucketArn, bucketArn + "/*"),
                    Map.of("Bool", Map.of("aws:SecureTransport", "false"))));
        }
        for (Environment env : environments) {
            List<String> operators = env.aws().operatorRoles();
            if (operators.isEmpty()) {
                continue;
            }
            String sid = sidPart(env.name());
            String prefix = bucketArn + "/" + env.name() + "/";
            statements.add(statement(sid + "StateReadOnlyByOperators", READ_ACTIONS,
                    List.of(prefix + "state/*", prefix + "backups/*", prefix + "terraform/*"),
                    exceptPrincipals(operators)));
            List<String> owners = new ArrayList<>(operators);
            for (String folder : NodeRoleNames.folders(env)) {
                owners.add(roleArn(partition, account, NodeRoleNames.of(env, folder)));
            }
            statements.add(statement(sid + "NodeSecretsReadOnlyByOwners", READ_ACTIONS,
                    List.of(bucketArn + "/" + env.provisioningPrefix() + "*/secrets/*"), exceptPrincipals(owners)));
            // A node role reads its own folder and nothing else of the bucket: named per role with NotResource,
            // since "every other folder's secrets" includes folders no current role owns (a removed pool's).
            for (String folder : NodeRoleNames.folders(env)) {
                Map<String, Object> s = statement(sid + sidPart(folder) + "RoleReadsOnlyItsOwnFolder", READ_ACTIONS,
                        List.of(), Map.of("ArnEquals", Map.of("aws:PrincipalArn",
                                List.of(roleArn(partition, account, NodeRoleNames.of(env, folder))))));
                s.remove("Resource");
                s.put("NotResource", List.of(bucketArn + "/" + env.provisioningPrefix() + folder + "/*"));
                statements.add(s);
            }
        }
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("Version", "2012-10-17");
        policy.put("Statement", statements);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(policy) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code arn:PARTITION:iam::ACCOUNT:role/NAME}: what {@code aws:PrincipalArn} is for a session of the role. */
    public static String roleArn(String partition, String account, String roleName) {
        return "arn:" + partition + ":iam::" + account + ":role/" + roleName;
    }

    private static Map<String, Object> exceptPrincipals(List<String> arns) {
        return Map.of("ArnNotLike", Map.of("aws:PrincipalArn", List.copyOf(arns)));
    }

    private static Map<String, Object> statement(String sid, List<String> actions, List<String> resources,
            Map<String, Object> condition) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("Sid", sid);
        s.put("Effect", "Deny");
        s.put("Principal", "*");
        s.put("Action", actions);
        s.put("Resource", resources);
        s.put("Condition", condition);
        return s;
    }

    /** {@code worker-general} as {@code WorkerGeneral}: statement ids are letters and digits only. */
    static String sidPart(String name) {
        StringBuilder b = new StringBuilder();
        for (String part : name.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return b.toString();
    }
}
