package dev.slipway.testing;

import java.util.List;

/**
 * Points the AWS SDK's default chain (and so Slipway's own S3 clients, which resolve endpoint, region and
 * credentials the way the AWS CLI does) at a moto server through the SDK's system properties, for in-process CLI
 * runs; {@link #clear()} afterwards, so no other test talks to moto by accident.
 */
public final class MotoSdkProperties {
    private static final List<String> NAMES = List.of("aws.endpointUrl", "aws.region", "aws.accessKeyId",
            "aws.secretAccessKey", "aws.sessionToken");
    /** The example's operator role of acc (examples/yourcom/platform.yaml, aws.operatorRoles), in moto's account. */
    public static final String EXAMPLE_OPERATOR = "arn:aws:iam::123456789012:role/yourcom-operator";
    /** The example's operator role of prod. */
    public static final String EXAMPLE_PROD_OPERATOR = "arn:aws:iam::123456789012:role/yourcom-prod-operator";

    private MotoSdkProperties() {
    }

    public static void pointAt(MotoServer moto) {
        pointAt(moto.endpoint().toString());
    }

    /** The same, at any endpoint (e.g. a closed port, for an unreachable store). */
    public static void pointAt(String endpoint) {
        System.setProperty("aws.endpointUrl", endpoint);
        System.setProperty("aws.region", MotoServer.REGION.id());
        System.setProperty("aws.accessKeyId", MotoServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", MotoServer.SECRET_KEY);
    }

    /**
     * Points at moto with the credentials of a session of {@code roleArn} (moto's STS AssumeRole; moto does not
     * check that the role exists or trusts the caller), as an operator who assumed that role would run Slipway:
     * {@code GetCallerIdentity} then answers {@code arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION}.
     */
    public static void pointAtAs(MotoServer moto, String roleArn) {
        pointAt(moto);
        try (var sts = software.amazon.awssdk.services.sts.StsClient.builder().region(MotoServer.REGION)
                .endpointOverride(moto.endpoint()).credentialsProvider(moto.credentials()).build()) {
            var c = sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName("slipway-test")).credentials();
            System.setProperty("aws.accessKeyId", c.accessKeyId());
            System.setProperty("aws.secretAccessKey", c.secretAccessKey());
            System.setProperty("aws.sessionToken", c.sessionToken());
        }
    }

    public static void clear() {
        NAMES.forEach(System::clearProperty);
    }
}
