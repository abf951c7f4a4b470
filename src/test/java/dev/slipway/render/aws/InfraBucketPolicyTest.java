package dev.slipway.render.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.spec.Platform;
import dev.slipway.spec.SpecReader;
import dev.slipway.testing.GoldenFiles;
import dev.slipway.testing.iam.PolicyEvaluator;
import dev.slipway.testing.iam.PolicyEvaluator.Decision;
import dev.slipway.testing.iam.PolicyEvaluator.Request;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The infra bucket's policy for the bundled example, evaluated (AWS's evaluation logic, {@link PolicyEvaluator}:
 * moto does not enforce bucket policies) for each principal and prefix. Every principal holds generic S3 read in
 * its identity policy ({@code s3:Get*} on {@code *}, as the managed ReadOnlyAccess), so what the table shows is
 * what the bucket policy alone leaves readable.
 */
class InfraBucketPolicyTest {
    private static final String ACCOUNT = "123456789012";
    private static final String BUCKET = "yourcom-infra";
    private static final String S3_READ = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","s3:List*","s3:Put*"],\
            "Resource":"*"}]}""";

    /** Principals, by the role name their session has. */
    private static final Map<String, String> PRINCIPALS = new LinkedHashMap<>();

    static {
        PRINCIPALS.put("acc-operator", "yourcom-operator");
        PRINCIPALS.put("prod-operator", "yourcom-prod-operator");
        PRINCIPALS.put("acc-controller", "yourcom-acc-controller");
        PRINCIPALS.put("acc-worker", "yourcom-acc-worker-general");
        PRINCIPALS.put("prod-controller", "yourcom-prod-controller");
        PRINCIPALS.put("prod-mongo", "yourcom-prod-worker-mongo");
        PRINCIPALS.put("read-only", "auditor");
    }

    /** Keys, one per prefix the policy guards (and two it leaves to IAM: configs, what no rule names). */
    private static final Map<String, String> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put("acc/state", "acc/state/pki/ca.key");
        KEYS.put("acc/backups", "acc/backups/mongo/2026-12-01.archive.gz");
        KEYS.put("acc/tf", "acc/terraform/terraform.tfstate");
        KEYS.put("acc/ctl-sec", "acc/nodes/controller/secrets/ab12/sa.key");
        KEYS.put("acc/wg-sec", "acc/nodes/worker-general/secrets/cd34/bootstrap-token");
        KEYS.put("acc/gone-sec", "acc/nodes/worker-removed/secrets/ef56/bootstrap-token");
        KEYS.put("acc/ctl-cfg", "acc/nodes/controller/config.ab12.ign");
        KEYS.put("prod/state", "prod/state/pki/ca.key");
        KEYS.put("prod/backups", "prod/backups/etcd/snapshot.db");
        KEYS.put("prod/ctl-sec", "prod/nodes/controller/secrets/ab12/etcd-ca.key");
        KEYS.put("prod/mg-sec", "prod/nodes/worker-mongo/secrets/cd34/bootstrap-token");
        KEYS.put("other", "README");
    }

    /**
     * R: s3:GetObject and s3:GetObjectVersion allowed; - : explicitly denied. Columns in the order of {@link #KEYS}.
     * A node role reads its own {@code nodes/ROLE/} folder and nothing else of the bucket; a removed pool's folder
     * ({@code acc/gone-sec}) only the operators.
     */
    private static final String TABLE = """
            principal        acc/state acc/backups acc/tf acc/ctl-sec acc/wg-sec acc/gone-sec acc/ctl-cfg prod/state prod/backups prod/ctl-sec prod/mg-sec other
            acc-operator     R         R           R      R           R          R            R           -          -            -            -           R
            prod-operator    -         -           -      -           -          -            R           R          R            R            R           R
            acc-controller   -         -           -      R           -          -            R           -          -            -            -           -
            acc-worker       -         -           -      -           R          -            -           -          -            -            -           -
            prod-controller  -         -           -      -           -          -            -           -          -            R            -           -
            prod-mongo       -         -           -      -           -          -            -           -          -            -            R           -
            read-only        -         -           -      -           -          -            R           -          -            -            -           R
            """;

    private static String policy() {
        Platform p = SpecReader.read(GoldenFiles.repo().resolve("examples/yourcom/platform.yaml"));
        return InfraBucketPolicy.render(BUCKET, "aws", ACCOUNT, List.copyOf(p.environments().values()));
    }

    private static Decision read(String policy, String principal, String key, String action, boolean tls) {
        Request r = new Request(InfraBucketPolicy.roleArn("aws", ACCOUNT, PRINCIPALS.get(principal)), ACCOUNT,
                action, "arn:aws:s3:::" + BUCKET + "/" + key,
                Map.of("aws:SecureTransport", List.of(String.valueOf(tls))));
        return PolicyEvaluator.evaluate(r, List.of(S3_READ), policy);
    }

    @Test
    void eachPrincipalReadsExactlyWhatTheTableSays() {
        String policy = policy();
        List<String> lines = TABLE.lines().filter(l -> !l.isBlank()).toList();
        List<String> columns = List.of(lines.get(0).trim().split("\\s+")).subList(1, KEYS.size() + 1);
        assertThat(columns).containsExactlyElementsOf(KEYS.keySet());
        List<String> wrong = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.trim().split("\\s+");
            for (int i = 0; i < columns.size(); i++) {
                for (String action : InfraBucketPolicy.READ_ACTIONS) {
                    Decision d = read(policy, cells[0], KEYS.get(columns.get(i)), action, true);
                    String got = d == Decision.ALLOW ? "R" : d == Decision.EXPLICIT_DENY ? "-" : "?";
                    if (!got.equals(cells[i + 1])) {
                        wrong.add(cells[0] + " " + action + " " + columns.get(i) + ": " + got + ", table says "
                                + cells[i + 1]);
                    }
                }
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(lines).hasSize(PRINCIPALS.size() + 1);
    }

    @Test
    void plainHttpIsRefusedToEveryoneEvenTheOperators() {
        String policy = policy();
        for (String principal : PRINCIPALS.keySet()) {
            assertThat(read(policy, principal, "other", "s3:GetObject", false)).as(principal)
                    .isEqualTo(Decision.EXPLICIT_DENY);
            assertThat(read(policy, principal, "acc/nodes/x", "s3:PutObject", false)).as(principal)
                    .isEqualTo(Decision.EXPLICIT_DENY);
        }
    }

    @Test
    void writesAreLeftToIdentityPoliciesSoTheBackupJobStillWritesWhatItCannotRead() {
        String policy = policy();
        assertThat(read(policy, "read-only", "prod/backups/mongo/d.gz", "s3:PutObject", true))
                .isEqualTo(Decision.ALLOW);
        assertThat(read(policy, "read-only", "prod/backups/mongo/d.gz", "s3:GetObject", true))
                .isEqualTo(Decision.EXPLICIT_DENY);
    }

    @Test
    void anEnvironmentWithoutOperatorsGetsTheTlsRuleOnlyAndArnsFollowThePartition() {
        Platform p = SpecReader.read(GoldenFiles.repo().resolve("examples/yourcom/platform.yaml"));
        var acc = p.environment("acc").orElseThrow();
        var bare = new dev.slipway.spec.Environment(acc.platformName(), acc.domain(), acc.name(),
                acc.protectedEnv(), new dev.slipway.spec.AwsSpec("cn-north-1", List.of(), List.of()),
                acc.sshAuthorizedKeys(), acc.kubernetes(), acc.os(), acc.network(), acc.controllers(),
                acc.workerPools(), acc.volumes(), acc.addons(), acc.mongo(), acc.secrets(), acc.apps(),
                acc.cronJobs());
        String policy = InfraBucketPolicy.render(BUCKET, "aws-cn", ACCOUNT, List.of(bare));
        assertThat(policy).contains("\"DenyInsecureTransport\"", "arn:aws-cn:s3:::yourcom-infra/*")
                .doesNotContain("arn:aws:", "AccStateReadOnlyByOperators");
    }

    @Test
    void theDocumentIsDeterministicAndWithinS3sTwentyKilobytes() {
        assertThat(policy()).isEqualTo(policy());
        assertThat(policy().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThan(20 * 1024);
    }
}
