package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.apply.aws.AwsClients;
import dev.slipway.plan.Workspace;
import dev.slipway.state.AwsSettings;
import dev.slipway.testing.GoldenFiles;
import dev.slipway.testing.MotoExtension;
import dev.slipway.testing.MotoSdkProperties;
import dev.slipway.testing.MotoServer;
import dev.slipway.testing.WriteWatch;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * One AWS account per environment, against moto's accounts: the example with the shared state store (moto's default
 * account 123456789012 for the caller and acc), prod naming {@code aws.role} in account 222233334444. moto gives an
 * AssumeRole session the role's account, and keeps each account's buckets, zones and requests apart, so where an
 * object or a zone lands shows which credentials made it.
 */
@ExtendWith(MotoExtension.class)
class OwnAccountTest {
    static final String CALLER_ACCOUNT = "123456789012";
    static final String PROD_ACCOUNT = "222233334444";
    static final String PROD_ROLE = "arn:aws:iam::" + PROD_ACCOUNT + ":role/yourcom-slipway";
    static final String OTHER_ACCOUNT = "333344445555";

    @TempDir
    Path tmp;
    Path spec;
    MotoServer moto;
    final Map<String, String> environment = new TreeMap<>();

    /** The example, state in S3, prod in an account of its own: {@code aws.role} and its session's name. */
    static String ownAccountSpec(String prodRole) throws IOException {
        String example = Files.readString(GoldenFiles.repo().resolve("examples/yourcom/platform.yaml"))
                .replace("\nstateStore: local\n", "\n");
        String prodAws = """
                    aws:
                      operatorRoles:
                        - arn:aws:iam::123456789012:role/yourcom-prod-operator
                """;
        assertThat(example).contains(prodAws);
        return example.replace(prodAws, """
                    aws:
                      role:
                        arn: %s
                        sessionName: yourcom-prod-ci
                      operatorRoles:
                        - %s
                """.formatted(prodRole, prodRole));
    }

    @BeforeEach
    void setUp(MotoServer moto) throws IOException {
        this.moto = moto;
        MotoSdkProperties.pointAt(moto);
        spec = Files.createDirectories(tmp.resolve("platform")).resolve("platform.yaml");
        Files.writeString(spec, ownAccountSpec(PROD_ROLE));
        environment.put("HOME", tmp.resolve("home").toString());
        try (S3Client a = moto.s3(); S3Client b = s3As(PROD_ROLE)) {
            a.createBucket(r -> r.bucket("yourcom-infra"));
            b.createBucket(r -> r.bucket("yourcom-prod-infra"));
        }
    }

    @AfterEach
    void clearProperties() {
        MotoSdkProperties.clear();
    }

    record Run(int code, String out, String err) {
    }

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Slipway.run(new PrintWriter(out), new PrintWriter(err), environment, args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void validateShowsEachEnvironmentsAccountOffline() {
        Run r = run("validate", "-f", spec.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains(
                "acc: AWS account of your credentials (no aws.role; recorded in the state store at first use), state"
                        + " s3://yourcom-infra/acc/state/\n",
                "prod: AWS account 222233334444 (aws.role " + PROD_ROLE + "), state s3://yourcom-prod-infra/prod/state/\n");
    }

    @Test
    void theStateStoreTerraformAndEverySdkClientOfProdUseItsRole() throws IOException {
        Run plan = run("plan", "--env", "prod", "--confirm", "prod", "-f", spec.toString());
        assertThat(plan.code()).as(plan.err()).isZero();
        assertThat(plan.err()).contains("state store: s3://yourcom-prod-infra/prod/state/ (cache ",
                ", AWS account 222233334444, role " + PROD_ROLE + ")");

        // The state landed in prod's own bucket, in prod's account, with the account recorded; the caller's
        // account has no such bucket.
        try (S3Client b = s3As(PROD_ROLE); S3Client a = moto.s3()) {
            assertThat(b.getObjectAsBytes(r -> r.bucket("yourcom-prod-infra").key("prod/state/aws-account"))
                    .asUtf8String()).isEqualTo(PROD_ACCOUNT + "\n");
            assertThat(b.listObjectsV2(r -> r.bucket("yourcom-prod-infra").prefix("prod/state/pki/")).contents())
                    .isNotEmpty();
            assertThat(b.listBuckets().buckets()).extracting(x -> x.name()).containsExactly("yourcom-prod-infra");
            assertThat(a.listBuckets().buckets()).extracting(x -> x.name()).containsExactly("yourcom-infra");
            assertThat(a.listObjectsV2(r -> r.bucket("yourcom-infra")).contents()).isEmpty();
        }

        // Terraform: the backend and both providers assume the same role; the providers refuse any other account.
        Path tf = spec.resolveSibling("build/prod/terraform");
        assertThat(Files.readString(tf.resolve("backend.tf"))).contains("bucket       = \"yourcom-prod-infra\"",
                "assume_role = {\n      role_arn     = \"" + PROD_ROLE + "\"\n      session_name = \"yourcom-prod-ci\"\n    }");
        String providers = Files.readString(tf.resolve("providers.tf"));
        assertThat(providers.split("allowed_account_ids = \\[\"222233334444\"\\]", -1)).hasSize(3);
        assertThat(providers.split("assume_role \\{\n    role_arn     = \"" + PROD_ROLE.replace("/", "/")
                + "\"\n    session_name = \"yourcom-prod-ci\"\n  \\}", -1)).hasSize(3);

        // Every other SDK client built for prod: a zone made through AwsClients is in prod's account only.
        var prod = Workspace.load(spec).environment("prod");
        try (AwsClients clients = new AwsClients(AwsSettings.resolve(prod))) {
            assertThat(clients.sts().getCallerIdentity().arn())
                    .isEqualTo("arn:aws:sts::222233334444:assumed-role/yourcom-slipway/yourcom-prod-ci");
            clients.route53().createHostedZone(r -> r.name("prod.your.com").callerReference("own-account-test"));
        }
        try (Route53Client a = route53(null); Route53Client b = route53(PROD_ROLE)) {
            assertThat(b.listHostedZones().hostedZones()).extracting(z -> z.name()).containsExactly("prod.your.com.");
            assertThat(a.listHostedZones().hostedZones()).isEmpty();
        }
    }

    @Test
    void aDryRunOnAFreshStoreRecordsNoAccount() {
        WriteWatch watch = WriteWatch.start(List.of(spec.getParent(), tmp.resolve("home")), moto, null);
        Run dry = run("plan", "--env", "prod", "--dry-run", "-f", spec.toString());
        assertThat(dry.code()).as(dry.err()).isZero();
        assertThat(writesBesideAssumeRole(watch)).isEmpty();
        try (S3Client b = s3As(PROD_ROLE)) {
            assertThat(b.listObjectVersions(r -> r.bucket("yourcom-prod-infra")).versions()).isEmpty();
        }
    }

    @Test
    void credentialsOfAnotherAccountThanTheRecordedOneAreRefusedWithNothingWritten() throws IOException {
        Run first = run("plan", "--env", "acc", "-f", spec.toString());
        assertThat(first.code()).as(first.err()).isZero();
        try (S3Client a = moto.s3()) {
            assertThat(a.getObjectAsBytes(r -> r.bucket("yourcom-infra").key("acc/state/aws-account"))
                    .asUtf8String()).isEqualTo(CALLER_ACCOUNT + "\n");
        }
        Files.writeString(spec, Files.readString(spec) + "\n# an edit, so that plan has something to write\n");

        // The wrong AWS_PROFILE: a session in another account. acc names no role, so only the record catches it.
        MotoSdkProperties.pointAtAs(moto, "arn:aws:iam::" + OTHER_ACCOUNT + ":role/someone-else");
        WriteWatch watch = WriteWatch.start(List.of(spec.getParent(), tmp.resolve("home")), moto, null);
        Run wrong = run("plan", "--env", "acc", "-f", spec.toString());
        assertThat(wrong.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(wrong.err()).contains("error: environment 'acc' is in AWS account 123456789012 (recorded in its"
                + " state store s3://yourcom-infra/acc/state/aws-account the first time), but the credentials resolve"
                + " to account 333344445555; nothing was changed.");
        assertThat(watch.writes()).isEmpty();
    }

    @Test
    void aRoleInAnotherAccountThanTheRecordedOneIsRefusedWithNothingWritten() throws IOException {
        Run first = run("plan", "--env", "prod", "--confirm", "prod", "-f", spec.toString());
        assertThat(first.code()).as(first.err()).isZero();
        Map<String, String> before = versions(PROD_ROLE, "yourcom-prod-infra");

        // The spec now names a role of another account for prod (a copy-paste from another platform, say).
        String other = "arn:aws:iam::" + OTHER_ACCOUNT + ":role/yourcom-slipway";
        Files.writeString(spec, ownAccountSpec(other));
        WriteWatch watch = WriteWatch.start(List.of(spec.getParent(), tmp.resolve("home")), moto, null);
        Run wrong = run("plan", "--env", "prod", "--confirm", "prod", "-f", spec.toString());
        assertThat(wrong.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(wrong.err()).contains("error: environment 'prod' is in AWS account 222233334444 (recorded in its"
                + " state store s3://yourcom-prod-infra/prod/state/aws-account the first time), but the credentials"
                + " resolve to account 333344445555 (aws.role " + other + "); nothing was changed.");
        assertThat(writesBesideAssumeRole(watch)).isEmpty();
        // moto's own view of the caller's account does not list prod's bucket: compared in prod's account.
        assertThat(versions(PROD_ROLE, "yourcom-prod-infra")).isEqualTo(before);
    }

    /**
     * What the watch saw, but the role's AssumeRole (an STS session, which changes nothing in any account): the one
     * request a command of an environment with a role always sends first.
     */
    private static List<String> writesBesideAssumeRole(WriteWatch watch) {
        return watch.writes().stream().filter(w -> !(w.startsWith("AWS POST ") && w.endsWith(" AssumeRole")))
                .toList();
    }

    private Map<String, String> versions(String role, String bucket) {
        Map<String, String> m = new TreeMap<>();
        try (S3Client s3 = s3As(role)) {
            s3.listObjectVersions(r -> r.bucket(bucket)).versions()
                    .forEach(v -> m.put(v.key() + "@" + v.versionId(), v.eTag() + " " + v.lastModified()));
        }
        return m;
    }

    /** An S3 client with a session of {@code roleArn}: moto puts its requests in the role's account. */
    S3Client s3As(String roleArn) {
        return S3Client.builder().endpointOverride(moto.endpoint()).region(MotoServer.REGION)
                .credentialsProvider(sessionOf(roleArn)).forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private Route53Client route53(String roleArn) {
        return Route53Client.builder().endpointOverride(moto.endpoint()).region(software.amazon.awssdk.regions.Region.AWS_GLOBAL)
                .credentialsProvider(roleArn == null ? moto.credentials() : sessionOf(roleArn))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private StaticCredentialsProvider sessionOf(String roleArn) {
        try (StsClient sts = StsClient.builder().region(MotoServer.REGION).endpointOverride(moto.endpoint())
                .credentialsProvider(moto.credentials()).httpClient(UrlConnectionHttpClient.create()).build()) {
            var c = sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName("test")).credentials();
            return StaticCredentialsProvider.create(AwsSessionCredentials.create(c.accessKeyId(),
                    c.secretAccessKey(), c.sessionToken()));
        }
    }
}
