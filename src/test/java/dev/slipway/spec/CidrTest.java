package dev.slipway.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CidrTest {

    @ParameterizedTest
    @CsvSource({
        "10.0.0.0/16, true",
        "0.0.0.0/0, true",
        "192.168.1.1/32, true",
        "10.0.0.1/16, false",
        "10.0.0.0/33, false",
        "10.0.0/16, false",
        "256.0.0.0/8, false",
        "010.0.0.0/8, false",
        "10.0.0.0, false",
        "10.0.0.0/, false",
    })
    void parsesOnlyCanonicalIpv4Blocks(String text, boolean valid) {
        assertThat(Cidr.parse(text)).as(text).isEqualTo(valid ? java.util.Optional.of(Cidr.of(text))
                : java.util.Optional.empty());
    }

    @Test
    void suggestsTheCanonicalFormWhenHostBitsAreSet() {
        assertThat(Cidr.canonical("10.0.3.7/16")).contains("10.0.0.0/16");
    }

    @Test
    void overlapAndContainment() {
        Cidr vpc = Cidr.of("10.10.0.0/16");
        assertThat(vpc.overlaps(Cidr.of("10.10.128.0/17"))).isTrue();
        assertThat(vpc.contains(Cidr.of("10.10.128.0/17"))).isTrue();
        assertThat(vpc.overlaps(Cidr.of("10.11.0.0/16"))).isFalse();
        assertThat(Cidr.of("10.0.0.0/8").overlaps(vpc)).isTrue();
    }

    @Test
    void addressesAndSubnetsCountLikeTerraform() {
        Cidr services = Cidr.of("10.210.0.0/16");
        assertThat(services.address(1)).isEqualTo("10.210.0.1");
        assertThat(services.address(10)).isEqualTo("10.210.0.10");
        // cidrsubnet("10.10.0.0/16", 4, 3) == "10.10.48.0/20"
        assertThat(Cidr.of("10.10.0.0/16").subnet(20, 3)).hasToString("10.10.48.0/20");
    }
}
