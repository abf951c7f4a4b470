package dev.slipway.testing;

import java.util.List;

/**
 * Points the AWS SDK's default chain (and so Slipway's own S3 clients, which resolve endpoint, region and
 * credentials the way the AWS CLI does) at a moto server through the SDK's system properties, for in-process CLI
 * runs; {@link #clear()} afterwards, so no other test talks to moto by accident.
 */
public final class MotoSdkProperties {
    private static final List<String> NAMES = List.of("aws.endpointUrl", "aws.region", "aws.accessKeyId",
            "aws.secretAccessKey");

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

    public static void clear() {
        NAMES.forEach(System::clearProperty);
    }
}
