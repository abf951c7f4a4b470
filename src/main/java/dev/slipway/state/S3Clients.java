package dev.slipway.state;

import java.time.Duration;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Builds the S3 client for {@link AwsSettings}. Its transport is the SDK's URL-connection client (the JDK's
 * HttpURLConnection, whose classes the JDK's own class-data archive already holds) rather than Apache's: a no-op
 * sync sends one GET and a few HEADs, and loading and building Apache's pool cost more than those requests. The
 * JDK keeps idle connections for reuse, as many per host as {@code http.maxConnections} (raised here to the
 * sync's parallelism when nobody set it).
 */
public final class S3Clients {
    private S3Clients() {
    }

    /**
     * Checks first that the environment's credentials are in its declared account (throws
     * {@link AwsAccountMismatchException} before anything is sent otherwise).
     */
    public static S3Client create(AwsSettings settings, int parallelism) {
        settings.credentials().verify();
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", Integer.toString(Math.max(parallelism, 1) + 4));
        }
        S3ClientBuilder b = S3Client.builder()
                .region(settings.region())
                .credentialsProvider(settings.credentials())
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60))
                        .build())
                // Uploads carry Content-MD5 already; skip the SDK's extra CRC trailer (fewer bytes hashed twice).
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        settings.s3Endpoint().ifPresent(endpoint -> b.endpointOverride(endpoint).forcePathStyle(true));
        return b.build();
    }
}
