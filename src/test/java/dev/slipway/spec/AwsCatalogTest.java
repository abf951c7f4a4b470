package dev.slipway.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.model.InstanceType;

/** The pinned AWS names are exactly the SDK's (regenerate the two files when the SDK is upgraded). */
class AwsCatalogTest {

    @Test
    void regionsAreTheSdksWithoutGlobalAndFipsPseudoRegions() {
        Set<String> sdk = Region.regions().stream().map(Region::id)
                .filter(id -> !id.contains("global") && !id.contains("fips"))
                .collect(Collectors.toSet());
        assertThat(AwsCatalog.regions()).isEqualTo(sdk).contains("eu-west-1", "us-gov-west-1");
        AwsCatalog.regions().forEach(r -> assertThat(r).as("matches the pattern Terraform checks too")
                .matches(SpecPatterns.AWS_REGION));
    }

    @Test
    void partitionOfARegionIsTheSdksWhereSlipwayNamesOne() {
        long named = 0;
        for (String r : AwsCatalog.regions()) {
            String ours = AwsCatalog.partitionOf(r);
            String sdk = Region.of(r).metadata() == null ? null : Region.of(r).metadata().partition().id();
            if (ours != null) {
                named++;
                assertThat(ours).as(r).isEqualTo(sdk);
            } else {
                assertThat(sdk).as(r + ": only aws, aws-cn and aws-us-gov are named").isNotIn("aws", "aws-cn",
                        "aws-us-gov");
            }
        }
        assertThat(named).isGreaterThan(20);
        assertThat(AwsCatalog.partitionOf("eu-west-1")).isEqualTo("aws");
    }

    @Test
    void instanceTypesAreTheEc2Models() {
        Set<String> sdk = Arrays.stream(InstanceType.values()).filter(t -> t != InstanceType.UNKNOWN_TO_SDK_VERSION)
                .map(InstanceType::toString).collect(Collectors.toSet());
        assertThat(AwsCatalog.instanceTypes()).isEqualTo(sdk).contains("t3.medium", "m7g.large");
        AwsCatalog.instanceTypes().forEach(t -> assertThat(t).as("matches the pattern Terraform checks too")
                .matches(SpecPatterns.INSTANCE_TYPE));
    }
}
