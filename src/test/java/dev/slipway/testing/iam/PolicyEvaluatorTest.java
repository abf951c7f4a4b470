package dev.slipway.testing.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.testing.iam.PolicyEvaluator.Decision;
import dev.slipway.testing.iam.PolicyEvaluator.Request;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Known answers from the IAM User Guide's pages on policy evaluation logic and condition operators, each case the
 * documented outcome of a documented example (or the rule stated there), so the evaluator the bucket and key policy
 * tests rely on is itself held to AWS's words.
 */
class PolicyEvaluatorTest {
    private static final String ROLE = "arn:aws:iam::111122223333:role/reader";
    /** The S3 part of the managed ReadOnlyAccess policy: {@code s3:Get*} and {@code s3:List*} on everything. */
    private static final String S3_READ = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":"*"}]}""";

    private static Request get(String resource, Map<String, List<String>> context) {
        return new Request(ROLE, "111122223333", "s3:GetObject", resource, context);
    }

    @Test
    void anAllowInAnIdentityPolicyAllowsAndNothingAtAllIsAnImplicitDeny() {
        assertThat(PolicyEvaluator.evaluate(get("arn:aws:s3:::b/k", Map.of()), List.of(S3_READ), null))
                .isEqualTo(Decision.ALLOW);
        assertThat(PolicyEvaluator.evaluate(get("arn:aws:s3:::b/k", Map.of()), List.of(), null))
                .isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void anExplicitDenyInTheResourcePolicyBeatsAnIdentityAllow() {
        String deny = """
                {"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b/*"}]}""";
        assertThat(PolicyEvaluator.evaluate(get("arn:aws:s3:::b/k", Map.of()), List.of(S3_READ), deny))
                .isEqualTo(Decision.EXPLICIT_DENY);
    }

    @Test
    void theDocumentedDenyInsecureTransportStatementDeniesOnlyPlainHttp() {
        // S3 User Guide, "Enforce encryption in transit": Bool aws:SecureTransport false.
        String policy = """
                {"Statement":[{"Sid":"RestrictToTLSRequestsOnly","Effect":"Deny","Principal":"*","Action":"s3:*",
                "Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],
                "Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}""";
        assertThat(PolicyEvaluator.evaluate(get("arn:aws:s3:::b/k", Map.of("aws:SecureTransport", List.of("false"))),
                List.of(S3_READ), policy)).isEqualTo(Decision.EXPLICIT_DENY);
        assertThat(PolicyEvaluator.evaluate(get("arn:aws:s3:::b/k", Map.of("aws:SecureTransport", List.of("true"))),
                List.of(S3_READ), policy)).isEqualTo(Decision.ALLOW);
    }

    @Test
    void aMissingKeyMakesPositiveOperatorsFalseNegatedOnesAndIfExistsTrue() {
        assertThat(PolicyEvaluator.condition("StringEquals", null, List.of("x"))).isFalse();
        assertThat(PolicyEvaluator.condition("StringLike", null, List.of("*"))).isFalse();
        assertThat(PolicyEvaluator.condition("StringNotEquals", null, List.of("x"))).isTrue();
        assertThat(PolicyEvaluator.condition("ArnNotLike", null, List.of("arn:aws:iam::*:role/x"))).isTrue();
        assertThat(PolicyEvaluator.condition("StringEqualsIfExists", null, List.of("x"))).isTrue();
    }

    @Test
    void aKeysValuesAreOredAndANegatedOperatorIsTrueOnlyWhenNoneMatches() {
        assertThat(PolicyEvaluator.condition("StringEquals", List.of("b"), List.of("a", "b"))).isTrue();
        assertThat(PolicyEvaluator.condition("StringNotEquals", List.of("b"), List.of("a", "b"))).isFalse();
        assertThat(PolicyEvaluator.condition("StringNotEquals", List.of("c"), List.of("a", "b"))).isTrue();
        assertThat(PolicyEvaluator.condition("StringEquals", List.of("A"), List.of("a"))).isFalse();
    }

    @Test
    void arnLikeComparesEachOfTheSixPartsOnItsOwn() {
        assertThat(PolicyEvaluator.arnLike("arn:aws:iam::*:role/ops", ROLE.replace("reader", "ops"))).isTrue();
        assertThat(PolicyEvaluator.arnLike("arn:aws:iam::111122223333:role/ops", ROLE)).isFalse();
        assertThat(PolicyEvaluator.arnLike("arn:aws:iam::111122223333:role/*", ROLE)).isTrue();
        // A wildcard does not reach across a colon into the account.
        assertThat(PolicyEvaluator.arnLike("arn:aws:iam::1*:role/reader", ROLE)).isTrue();
        assertThat(PolicyEvaluator.arnLike("arn:aws:iam:*", ROLE)).isFalse();
    }

    @Test
    void actionsMatchCaseInsensitivelyResourcesCaseSensitivelyAndStarCrossesSlashes() {
        String allow = """
                {"Statement":[{"Effect":"Allow","Action":"S3:get*","Resource":"arn:aws:s3:::b/a/*"}]}""";
        assertThat(PolicyEvaluator.evaluate(get("arn:aws:s3:::b/a/x/y/z", Map.of()), List.of(allow), null))
                .isEqualTo(Decision.ALLOW);
        assertThat(PolicyEvaluator.evaluate(get("arn:aws:s3:::b/A/x", Map.of()), List.of(allow), null))
                .isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(PolicyEvaluator.evaluate(get("arn:aws:s3:::b", Map.of()), List.of(S3_READ.replace("\"*\"",
                "\"arn:aws:s3:::b/*\"")), null)).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(PolicyEvaluator.wildcard("s3:GetObject?ersion", "s3:GetObjectVersion", true)).isTrue();
    }

    @Test
    void anAccountRootPrincipalGrantsNothingByItselfButADenyNamingItCoversTheAccount() {
        String rootAllow = """
                {"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},
                "Action":"kms:Decrypt","Resource":"*"}]}""";
        Request decrypt = new Request(ROLE, "111122223333", "kms:Decrypt", "*", Map.of());
        assertThat(PolicyEvaluator.evaluate(decrypt, List.of(), rootAllow)).isEqualTo(Decision.IMPLICIT_DENY);
        String roleAllow = rootAllow.replace("arn:aws:iam::111122223333:root", ROLE);
        assertThat(PolicyEvaluator.evaluate(decrypt, List.of(), roleAllow)).isEqualTo(Decision.ALLOW);
        String rootDeny = rootAllow.replace("Allow", "Deny");
        String identityAllow = """
                {"Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}]}""";
        assertThat(PolicyEvaluator.evaluate(decrypt, List.of(identityAllow), rootAllow)).isEqualTo(Decision.ALLOW);
        assertThat(PolicyEvaluator.evaluate(decrypt, List.of(identityAllow), rootDeny))
                .isEqualTo(Decision.EXPLICIT_DENY);
    }

    @Test
    void whatIsNotModelledIsRefusedRatherThanGuessed() {
        String numeric = """
                {"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*",
                "Condition":{"NumericLessThan":{"s3:TlsVersion":"1.2"}}}]}""";
        assertThatThrownBy(() -> PolicyEvaluator.evaluate(get("arn:aws:s3:::b/k",
                Map.of("s3:TlsVersion", List.of("1.0"))), List.of(), numeric))
                .hasMessageContaining("not modelled");
    }
}
