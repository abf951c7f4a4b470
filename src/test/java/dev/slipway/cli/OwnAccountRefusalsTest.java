package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.MotoSdkProperties;
import dev.slipway.testing.MotoServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * What AWS refuses, with a moto of its own per test that refuses it too: another account's bucket without a bucket
 * policy (moto's {@code MOTO_S3_ALLOW_CROSSACCOUNT_ACCESS=false}), and an AssumeRole the caller has no permission
 * for (moto enforcing IAM after the requests that make the caller, {@code INITIAL_NO_AUTH_ACTION_COUNT}).
 */
class OwnAccountRefusalsTest {
    @TempDir
    Path tmp;
    MotoServer moto;

    @AfterEach
    void stop() {
        MotoSdkProperties.clear();
        if (moto != null) {
            moto.close();
        }
    }

    private Path spec() throws IOException {
        Path spec = Files.createDirectories(tmp.resolve("platform")).resolve("platform.yaml");
        Files.writeString(spec, OwnAccountTest.ownAccountSpec(OwnAccountTest.PROD_ROLE));
        return spec;
    }

    private OwnAccountTest.Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Slipway.run(new PrintWriter(out), new PrintWriter(err), Map.of("HOME",
                tmp.resolve("home").toString()), args);
        return new OwnAccountTest.Run(code, out.toString(), err.toString());
    }

    @Test
    void prodsStoreIsReachedThroughItsRoleWhereTheCallersAccountIsRefused() throws IOException {
        moto = MotoServer.start(Map.of("MOTO_S3_ALLOW_CROSSACCOUNT_ACCESS", "false"));
        MotoSdkProperties.pointAt(moto);
        Path spec = spec();
        try (S3Client b = s3As(OwnAccountTest.PROD_ROLE); S3Client a = moto.s3()) {
            b.createBucket(r -> r.bucket("yourcom-prod-infra"));
            // The control: the caller's own credentials are refused this bucket, as AWS refuses another account's.
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> a.listObjectsV2(
                    r -> r.bucket("yourcom-prod-infra")))).hasMessageContaining("Access Denied");
        }
        OwnAccountTest.Run plan = run("plan", "--env", "prod", "--confirm", "prod", "-f", spec.toString());
        assertThat(plan.code()).as(plan.err()).isZero();
        try (S3Client b = s3As(OwnAccountTest.PROD_ROLE)) {
            assertThat(b.getObjectAsBytes(r -> r.bucket("yourcom-prod-infra").key("prod/state/aws-account"))
                    .asUtf8String()).isEqualTo(OwnAccountTest.PROD_ACCOUNT + "\n");
            assertThat(b.listObjectsV2(r -> r.bucket("yourcom-prod-infra").prefix("prod/state/pki/")).contents())
                    .isNotEmpty();
        }
    }

    @Test
    void aRoleTheCallerMayNotAssumeIsOneClearLineWithoutSecrets() throws IOException {
        // Two free requests make the operator and its key; from then on moto checks IAM as AWS does.
        moto = MotoServer.startEnforcingIamAfter(2);
        MotoSdkProperties.pointAt(moto);
        String accessKey;
        String secretKey;
        try (IamClient iam = IamClient.builder().endpointOverride(moto.endpoint()).region(Region.AWS_GLOBAL)
                .credentialsProvider(moto.credentials()).httpClient(UrlConnectionHttpClient.create()).build()) {
            iam.createUser(r -> r.userName("operator"));
            var key = iam.createAccessKey(r -> r.userName("operator")).accessKey();
            accessKey = key.accessKeyId();
            secretKey = key.secretAccessKey();
        }
        System.setProperty("aws.accessKeyId", accessKey);
        System.setProperty("aws.secretAccessKey", secretKey);
        Path spec = spec();

        OwnAccountTest.Run plan = run("plan", "--env", "prod", "--confirm", "prod", "-f", spec.toString());
        assertThat(plan.code()).isEqualTo(ExitCodes.FAILURE);
        // moto's refusal body is one the SDK does not parse (no error code): the status speaks. Against AWS the line
        // carries STS's code and message (AccessDenied, "User: ... is not authorized to perform: sts:AssumeRole").
        assertThat(plan.err()).endsWith("\nerror: environment 'prod': cannot assume role " + OwnAccountTest.PROD_ROLE
                + ": access denied (HTTP 403). Check that the role exists in account 222233334444, that its trust"
                + " policy lets your credentials assume it (sts:AssumeRole); nothing was changed\n");
        assertThat(plan.out() + plan.err()).doesNotContain(secretKey).doesNotContain(accessKey);
        assertThat(spec.resolveSibling(".slipway")).doesNotExist();
        assertThat(spec.resolveSibling("build")).doesNotExist();
    }

    private S3Client s3As(String roleArn) {
        try (StsClient sts = StsClient.builder().region(MotoServer.REGION).endpointOverride(moto.endpoint())
                .credentialsProvider(moto.credentials()).httpClient(UrlConnectionHttpClient.create()).build()) {
            var c = sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName("test")).credentials();
            return S3Client.builder().endpointOverride(moto.endpoint()).region(MotoServer.REGION)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                            c.accessKeyId(), c.secretAccessKey(), c.sessionToken())))
                    .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create()).build();
        }
    }
}
