package dev.slipway.spec;

import static dev.slipway.spec.SpecValidationTest.problemsAfter;
import static dev.slipway.spec.SpecValidationTest.valid;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code aws.role}: the role Slipway assumes for an environment. Its account (read from the ARN) is the account the
 * environment is in; the ARN must be a role's, with a 12-digit account, in the partition of the environment's region
 * (AwsCatalog's partition, held against the SDK's partition metadata by AwsCatalogTest).
 */
class AwsRoleSpecTest {
    private static final String PROD = "  prod:\n";

    private static String prodRole(String roleYaml) {
        return PROD + "    aws:\n      role:\n" + roleYaml.indent(8);
    }

    @Test
    void theRolesAccountIsTheEnvironmentsAndItHasABucketOfItsOwn() {
        String spec = valid().replace(PROD, prodRole("""
                arn: arn:aws:iam::222233334444:role/platform/slipway
                externalId: demo-prod-7f3a
                """));
        Platform p = SpecReader.parse(spec, "platform.yaml");
        Environment prod = p.environment("prod").orElseThrow();
        assertThat(prod.aws().declaredAccount()).contains("222233334444");
        assertThat(prod.aws().role().sessionNameFor(prod.clusterName())).isEqualTo("slipway-demo-prod");
        assertThat(prod.infraBucket()).isEqualTo("demo-prod-infra");
        Environment acc = p.environment("acc").orElseThrow();
        assertThat(acc.aws().declaredAccount()).isEmpty();
        assertThat(acc.infraBucket()).isEqualTo("demo-infra");
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("arn: arn:aws:iam::2222333344:role/slipway",
                        "aws.role.arn: 'arn:aws:iam::2222333344:role/slipway' is not an IAM role ARN"
                                + " (arn:aws:iam::ACCOUNT:role/NAME with a 12-digit account"),
                Arguments.of("arn: arn:aws:iam::222233334444:user/slipway",
                        "aws.role.arn: 'arn:aws:iam::222233334444:user/slipway' is not an IAM role ARN"),
                Arguments.of("arn: arn:aws:sts::222233334444:assumed-role/slipway/me",
                        "aws.role.arn: 'arn:aws:sts::222233334444:assumed-role/slipway/me' is not an IAM role ARN"),
                Arguments.of("arn: arn:aws-cn:iam::222233334444:role/slipway",
                        "aws.role.arn: 'arn:aws-cn:iam::222233334444:role/slipway' is in partition aws-cn, the"
                                + " region eu-west-1 is in aws (write arn:aws:iam::…, or name a region of partition"
                                + " aws-cn)"),
                Arguments.of("externalId: only-an-external-id",
                        "aws.role.arn: is required (arn:aws:iam::ACCOUNT:role/NAME"),
                Arguments.of("arn: arn:aws:iam::222233334444:role/slipway\nsessionName: has spaces in it",
                        "aws.role.sessionName: 'has spaces in it' is not a role session name"),
                Arguments.of("arn: arn:aws:iam::222233334444:role/slipway\nexternalId: \"secret with spaces\"",
                        "aws.role.externalId: is not an external id STS accepts"));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void aBadRoleIsLocatedAndSaysWhatWouldBeRight(String roleYaml, String expected) {
        var problems = problemsAfter(PROD, prodRole(roleYaml));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("environments.prod." + expected));
        // The external id is not echoed back.
        assertThat(String.join("\n", problems)).doesNotContain("secret with spaces");
    }
}
