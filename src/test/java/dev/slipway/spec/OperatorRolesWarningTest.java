package dev.slipway.spec;

import static dev.slipway.spec.SpecValidationTest.valid;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An environment without operator roles validates, with a warning that its keys are open to any S3 reader in the
 * account (the bucket policy can only name the operators it is given); an environment's own list replaces the
 * top-level one.
 */
class OperatorRolesWarningTest {

    @Test
    void noOperatorRolesIsFlaggedPerEnvironment() {
        assertThat(warnings(valid())).hasSize(2).allSatisfy(w -> assertThat(w).contains(
                "aws.operatorRoles: no operator roles: anyone in the AWS account with S3 read (the managed"
                        + " ReadOnlyAccess is enough) can read", "CA keys, state, backups and node secrets in"
                        + " demo-infra (name the IAM roles that operate"));
    }

    @Test
    void topLevelRolesCoverEveryEnvironmentAndAnEnvironmentsOwnReplaceThem() {
        String spec = valid().replace("  zones: [eu-west-1a, eu-west-1b]\n", """
                  zones: [eu-west-1a, eu-west-1b]
                  operatorRoles: [arn:aws:iam::123456789012:role/ops]
                """);
        Platform p = SpecReader.parse(spec, "platform.yaml");
        assertThat(warnings(spec)).isEmpty();
        assertThat(p.environment("prod").orElseThrow().aws().operatorRoles())
                .containsExactly("arn:aws:iam::123456789012:role/ops");
        String prodOwn = spec.replace("  prod:\n", """
                  prod:
                    aws:
                      operatorRoles: [arn:aws:iam::123456789012:role/prod-ops]
                """);
        Platform q = SpecReader.parse(prodOwn, "platform.yaml");
        assertThat(q.environment("prod").orElseThrow().aws().operatorRoles())
                .containsExactly("arn:aws:iam::123456789012:role/prod-ops");
        assertThat(q.environment("acc").orElseThrow().aws().operatorRoles())
                .containsExactly("arn:aws:iam::123456789012:role/ops");
        assertThat(q.environment("prod").orElseThrow().aws().region()).isEqualTo("eu-west-1");
    }

    private static List<String> warnings(String spec) {
        return SpecReader.parse(spec, "platform.yaml").warnings().stream().map(Problem::format)
                .filter(w -> w.contains("operatorRoles")).toList();
    }
}
