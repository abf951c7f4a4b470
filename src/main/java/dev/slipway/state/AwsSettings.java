package dev.slipway.state;

import java.net.URI;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileProperty;
import software.amazon.awssdk.regions.Region;

/**
 * Where Slipway's AWS calls go. The region is the spec's: the environment's resources live there (Terraform's
 * provider and backend name it), and a bucket is created in the region of the request that creates it, for good, so
 * a shell's {@code AWS_REGION} must not move them. Only without a spec region does it resolve the way the AWS CLI
 * does: {@code AWS_REGION}, {@code AWS_DEFAULT_REGION}, the profile ({@code AWS_PROFILE}) in {@code ~/.aws/config}.
 * The endpoint resolves as for the CLI, so that one shell setup serves both: {@code AWS_ENDPOINT_URL_S3}, else
 * {@code AWS_ENDPOINT_URL} (ignored when {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true}). Each variable can also be
 * given as the SDK's system property ({@code aws.region}, {@code aws.endpointUrlS3}, {@code aws.endpointUrl}).
 * Credentials are the SDK's default chain (environment, profiles, SSO, instance role), as for the CLI, and for an
 * environment with {@code aws.role} a session of that role on top of it ({@link EnvironmentCredentials}).
 *
 * @param s3Endpoint  a custom endpoint (moto, MinIO, a VPC endpoint); path-style addressing is used with it
 * @param credentials the environment's one credentials chain: every client built from these settings uses it
 */
public record AwsSettings(Region region, Optional<URI> s3Endpoint, EnvironmentCredentials credentials) {

    /** The caller's own credentials, no role. */
    public AwsSettings(Region region, Optional<URI> s3Endpoint) {
        this(region, s3Endpoint, EnvironmentCredentials.callers(region));
    }

    /** Resolves from the process environment and system properties; the caller's own credentials, no role. */
    public static AwsSettings resolve(String specRegion) {
        return resolve(specRegion, System::getenv, System::getProperty);
    }

    /**
     * {@code env}'s settings: its region, and its credentials chain (a session of its {@code aws.role} when it names
     * one). What every AWS client of an environment is built from.
     */
    public static AwsSettings resolve(dev.slipway.spec.Environment env) {
        AwsSettings s = resolve(env.aws().region());
        return new AwsSettings(s.region(), s.s3Endpoint(), EnvironmentCredentials.of(env, s.region()));
    }

    static AwsSettings resolve(String specRegion, Function<String, String> env, Function<String, String> props) {
        String region = first(specRegion);
        if (region == null) {
            region = first(env.apply("AWS_REGION"), env.apply("AWS_DEFAULT_REGION"), props.apply("aws.region"));
        }
        if (region == null) {
            region = profileRegion(env.apply("AWS_PROFILE")).orElseThrow(() -> new IllegalArgumentException(
                    "no AWS region: set aws.region in the spec"));
        }
        Optional<URI> endpoint = Optional.empty();
        if (!"true".equalsIgnoreCase(env.apply("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"))) {
            String url = first(env.apply("AWS_ENDPOINT_URL_S3"), props.apply("aws.endpointUrlS3"),
                    env.apply("AWS_ENDPOINT_URL"), props.apply("aws.endpointUrl"));
            endpoint = Optional.ofNullable(url).map(URI::create);
        }
        return new AwsSettings(Region.of(region), endpoint);
    }

    private static Optional<String> profileRegion(String profile) {
        try {
            return ProfileFile.defaultProfileFile().profile(profile == null || profile.isBlank() ? "default" : profile)
                    .flatMap(p -> p.property(ProfileProperty.REGION));
        } catch (RuntimeException e) {
            // An unreadable ~/.aws/config is not an error here: the spec's region still applies.
            return Optional.empty();
        }
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

}
