package dev.slipway.state;

import java.time.Duration;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds the S3 client for {@link AwsSettings}: pooled connections sized for the sync's parallelism. */
public final class S3Clients {
    private S3Clients() {
    }

    /**
     * Checks first that the environment's credentials are in its declared account (throws
     * {@link AwsAccountMismatchException} before anything is sent otherwise).
     */
    public static S3Client create(AwsSettings settings, int parallelism) {
        settings.credentials().verify();
        S3ClientBuilder b = S3Client.builder()
                .region(settings.region())
                .credentialsProvider(settings.credentials())
                .httpClient(ApacheHttpClient.builder()
                        .maxConnections(Math.max(parallelism, 1) + 4)
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
