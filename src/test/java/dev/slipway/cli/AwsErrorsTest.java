package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.CliRun;
import dev.slipway.testing.GoldenFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AWS failures are one line saying what failed and what to do; the SDK's provider chain only with {@code -v}. The
 * real SDK runs with no credentials anywhere (empty AWS config files, no instance metadata).
 */
class AwsErrorsTest {
    private static final List<String> PROPERTIES = List.of("aws.configFile", "aws.sharedCredentialsFile",
            "aws.region", "aws.profile", "aws.disableEc2Metadata", "aws.endpointUrl", "aws.accessKeyId",
            "aws.secretAccessKey");
    @TempDir
    Path dir;
    Path spec;

    @BeforeEach
    void noCredentialsAnywhere() throws Exception {
        spec = dir.resolve("platform.yaml");
        Files.copy(GoldenFiles.repo().resolve("examples/yourcom/platform.yaml"), spec);
        assertThat(CliRun.of("plan", "--env", "acc", "-f", spec.toString()).exitCode()).isZero();
        System.setProperty("aws.configFile", Files.writeString(dir.resolve("config"), "").toString());
        System.setProperty("aws.sharedCredentialsFile", Files.writeString(dir.resolve("credentials"), "").toString());
        System.setProperty("aws.region", "eu-west-1");
        System.setProperty("aws.disableEc2Metadata", "true");
    }

    @AfterEach
    void clear() {
        PROPERTIES.forEach(System::clearProperty);
    }

    private String[] run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.remove("AWS_PROFILE");
        environment.putAll(env);
        int code = Slipway.run(new PrintWriter(out), new PrintWriter(err), environment, args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void missingCredentialsAreOneLineWithWhatToDo() {
        String[] r = run(Map.of(), "sync", "--env", "acc", "-f", spec.toString(), "--dry-run");
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[2]).isEqualTo("error: cannot read s3://yourcom-infra/acc/nodes/.slipway-uploads.json: no AWS credentials found: run 'aws"
                + " configure', or set AWS_PROFILE to a configured profile (or AWS_ACCESS_KEY_ID and"
                + " AWS_SECRET_ACCESS_KEY) (details: -v)\n");
        String[] verbose = run(Map.of(), "sync", "--env", "acc", "-f", spec.toString(), "--dry-run", "-v");
        assertThat(verbose[2]).contains("AwsCredentialsProviderChain");
    }

    @Test
    void anUnknownProfileIsNamed() {
        System.setProperty("aws.profile", "nope");
        String[] r = run(Map.of("AWS_PROFILE", "nope"), "sync", "--env", "acc", "-f", spec.toString(), "--dry-run");
        assertThat(r[2]).isEqualTo("error: cannot read s3://yourcom-infra/acc/nodes/.slipway-uploads.json: AWS_PROFILE names profile 'nope',"
                + " which has no credentials: configure it with 'aws configure --profile nope', or unset AWS_PROFILE"
                + " (details: -v)\n");
    }

    @Test
    void anUnreachableEndpointNamesIt() {
        System.setProperty("aws.endpointUrl", "http://127.0.0.1:9");
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
        String[] r = run(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9"), "sync", "--env", "acc", "-f",
                spec.toString(), "--dry-run");
        assertThat(r[2]).isEqualTo("error: cannot read s3://yourcom-infra/acc/nodes/.slipway-uploads.json: the endpoint http://127.0.0.1:9"
                + " (AWS_ENDPOINT_URL) cannot be reached: start it, or unset AWS_ENDPOINT_URL to use AWS"
                + " (details: -v)\n");
    }
}
