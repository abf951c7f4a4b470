package dev.slipway.render.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Names AWS limits (load balancers 32, IAM roles 64) stay within the limit, unique and stable. */
class AwsNameLengthTest {

    @Test
    void shortNamesAreKept() {
        assertThat(TerraformContext.fit("yourcom-prod-api", 32)).isEqualTo("yourcom-prod-api");
    }

    @Test
    void longNamesAreCutWithAHashOfTheWhole() {
        String a = TerraformContext.fit("averyverylongplatform-production-api", 32);
        String b = TerraformContext.fit("averyverylongplatform-productio2-api", 32);
        assertThat(a).hasSize(32).startsWith("averyverylongplatform-p").matches(".*-[0-9a-f]{8}");
        assertThat(b).hasSize(32).isNotEqualTo(a);
        assertThat(TerraformContext.fit("averyverylongplatform-production-api", 32)).isEqualTo(a);
        assertThat(TerraformContext.fit("abcdefghijklmnopqrstuv-------------x", 32)).doesNotContain("--");
    }
}
