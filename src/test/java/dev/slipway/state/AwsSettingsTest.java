package dev.slipway.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.regions.Region;

/**
 * The region is the spec's (an environment's buckets and resources live there, whatever the shell says); the
 * endpoint resolves as the AWS CLI resolves it; without a spec region, the region does too (table of
 * environment/property settings).
 */
class AwsSettingsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            spec region when nothing is set            | -                           | -         | eu-west-1 | -
            the spec's region wins over AWS_REGION     | AWS_REGION=us-east-2        | -         | eu-west-1 | -
            and over AWS_DEFAULT_REGION                | AWS_DEFAULT_REGION=ap-south-1 | -       | eu-west-1 | -
            and over the aws.region system property    | -                           | aws.region=ca-central-1 | eu-west-1 | -
            global endpoint                            | AWS_ENDPOINT_URL=http://127.0.0.1:5000 | - | eu-west-1 | http://127.0.0.1:5000
            S3 endpoint wins over the global one       | AWS_ENDPOINT_URL=http://a:1,AWS_ENDPOINT_URL_S3=http://s3:2 | - | eu-west-1 | http://s3:2
            endpoint from the SDK system property      | -                           | aws.endpointUrl=http://p:3 | eu-west-1 | http://p:3
            configured endpoints can be ignored        | AWS_ENDPOINT_URL=http://a:1,AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true | - | eu-west-1 | -
            """)
    void resolves(String name, String env, String props, String region, String endpoint) {
        Map<String, String> e = parse(env);
        Map<String, String> p = parse(props);
        // AWS_PROFILE names a profile no ~/.aws/config has, so the machine's own config cannot leak in.
        AwsSettings s = AwsSettings.resolve("eu-west-1",
                k -> k.equals("AWS_PROFILE") ? "slipway-test-no-such-profile" : e.get(k), p::get);
        assertThat(s.region()).isEqualTo(Region.of(region));
        assertThat(s.s3Endpoint()).isEqualTo(Optional.ofNullable(endpoint).map(URI::create));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            AWS_REGION first                           | AWS_REGION=us-east-2,AWS_DEFAULT_REGION=ap-south-1 | aws.region=ca-central-1 | us-east-2
            AWS_DEFAULT_REGION as the CLI reads it     | AWS_DEFAULT_REGION=ap-south-1 | -       | ap-south-1
            aws.region system property                 | -                           | aws.region=ca-central-1 | ca-central-1
            """)
    void withoutASpecRegionTheRegionResolvesAsForTheCli(String name, String env, String props, String region) {
        Map<String, String> e = parse(env);
        Map<String, String> p = parse(props);
        AwsSettings s = AwsSettings.resolve(null,
                k -> k.equals("AWS_PROFILE") ? "slipway-test-no-such-profile" : e.get(k), p::get);
        assertThat(s.region()).isEqualTo(Region.of(region));
    }

    private static Map<String, String> parse(String list) {
        Map<String, String> m = new java.util.HashMap<>();
        if (list != null) {
            for (String kv : list.split(",")) {
                String[] parts = kv.split("=", 2);
                m.put(parts[0].trim(), parts[1].trim());
            }
        }
        return m;
    }
}
