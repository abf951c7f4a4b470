package dev.slipway.render.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.render.RenderedFile;
import dev.slipway.spec.Environment;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ARNs and AWS service names come from the provider's partition, never from literals: an ARN starts
 * {@code arn:PARTITION:} (aws, aws-cn, aws-us-gov, ...) and a VPC endpoint's service name is
 * {@code REVERSE_DNS_PREFIX.REGION.SERVICE} ({@code com.amazonaws} in aws, {@code cn.com.amazonaws} in aws-cn; the
 * {@code aws_partition} data source's {@code reverse_dns_prefix}), with the region the configuration's variable.
 */
class PartitionTest {

    @ParameterizedTest
    @ValueSource(strings = {"acc", "prod", "fcos"})
    void noArnOrEndpointServiceNameIsALiteral(String which) {
        Environment env = switch (which) {
            case "acc" -> ExampleEnvironments.acc();
            case "prod" -> ExampleEnvironments.prod();
            default -> ExampleEnvironments.fedoraThreeZones();
        };
        StringBuilder all = new StringBuilder();
        for (RenderedFile f : TerraformTrees.render(env).files().values()) {
            if (f.path().endsWith(".tf")) {
                String text = new String(f.content(), StandardCharsets.UTF_8);
                assertThat(text).as(f.path()).doesNotContain("arn:aws:", "com.amazonaws.");
                all.append(text);
            }
        }
        assertThat(all).contains("data \"aws_partition\" \"current\"",
                "service_name      = \"${data.aws_partition.current.reverse_dns_prefix}.${var.region}.s3\"",
                "arn:${data.aws_partition.current.partition}:s3:::");
    }
}
