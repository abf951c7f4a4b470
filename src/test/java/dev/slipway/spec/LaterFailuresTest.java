package dev.slipway.spec;

import static dev.slipway.spec.SpecValidationTest.problemsAfter;
import static dev.slipway.spec.SpecValidationTest.valid;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each spec a user tried that validated and then failed later (issue 10) gets a located error now, and a cluster
 * nobody could reach gets a located warning.
 */
class LaterFailuresTest {

    @Test
    void aMisspelledRegionIsNotARegion() {
        assertThat(problemsAfter("region: eu-west-1", "region: eu-wset-1")).containsExactly(
                "platform.yaml:4:11: aws.region: 'eu-wset-1' is not an AWS region (did you mean eu-west-1?)");
    }

    @Test
    void anUnsupportedKubernetesMinorIsRejected() {
        assertThat(problemsAfter("version: v1.36.3", "version: v1.99.0")).containsExactly(
                "platform.yaml:10:12: kubernetes.version: Kubernetes v1.99 is not supported by this Slipway (use a"
                        + " release of v1.34, v1.35, v1.36, e.g. v1.36.3)");
    }

    @Test
    void anInstanceTypeThatDoesNotExistIsRejected() {
        assertThat(problemsAfter("instanceType: t3.medium", "instanceType: t3.gigantic")).singleElement()
                .asString().startsWith("platform.yaml:48:21: environments.acc.controllers.instanceType: 't3.gigantic'"
                        + " is not an EC2 instance type (t3 comes as t3.2xlarge, t3.large, t3.medium,");
    }

    @Test
    void fiftyOneControllersAreTooMany() {
        assertThat(problemsAfter("count: 1", "count: 51")).containsExactly(
                "platform.yaml:47:14: environments.acc.controllers.count: 51 is too large (at most 5)");
    }

    @Test
    void aVolumeLargerThanEbsAllowsIsRejected() {
        assertThat(problemsAfter("  acc:\n    network:", "  acc:\n    volumes:\n      mongo: {sizeGb: 999999,"
                + " type: gp3}\n    network:")).containsExactly(
                "platform.yaml:43:23: environments.acc.volumes.mongo.sizeGb: 999999 is too large (at most 16384)");
    }

    @Test
    void theWholeInternetAsAdminNetworkIsRejectedAsTerraformWould() {
        assertThat(problemsAfter("adminCidrs: [203.0.113.0/24]", "adminCidrs: [0.0.0.0/0]")).containsExactly(
                "platform.yaml:5:16: aws.adminCidrs[0]: 0.0.0.0/0 would open the API server and SSH to the whole"
                        + " internet (name your office or VPN network, e.g. 203.0.113.0/24)");
    }

    @Test
    void aCountBeyond32BitsIsOneProblemNotTwo() {
        assertThat(problemsAfter("max: 3", "max: 99999999999")).containsExactly(
                "platform.yaml:54:14: environments.acc.workerPools[0].max: expected a whole number that fits in 32"
                        + " bits, found '99999999999'");
    }

    @Test
    void aClusterNobodyCanReachValidatesWithLocatedWarnings() {
        String text = valid().replace("adminCidrs: [203.0.113.0/24]", "adminCidrs: []")
                .replaceAll("(?s)sshAuthorizedKeys:\\n  - [^\\n]*\\n", "sshAuthorizedKeys: []\n");
        Platform p = SpecReader.parse(text, "platform.yaml");
        List<String> warnings = p.warnings().stream().map(Problem::format).toList();
        assertThat(warnings).contains(
                "platform.yaml:5:15: aws.adminCidrs: no admin network: nobody can reach the API server (6443) or SSH"
                        + " (22) of acc directly (add your office or VPN network, e.g. adminCidrs: [198.51.100.0/24])",
                "platform.yaml:7:20: sshAuthorizedKeys: no SSH key: nobody can log in to a node of prod (add your"
                        + " public key, e.g. the line in ~/.ssh/id_ed25519.pub)");
        assertThat(SpecReader.parse(valid().replace("203.0.113.0/24", "198.18.0.0/15"), "platform.yaml").warnings())
                .extracting(Problem::format).as("a real network and a key: no reachability warning")
                .allMatch(w -> w.contains("no alert receiver") || w.contains("no operator roles"));
    }

    @Test
    void theDocumentationRangePlaceholderIsFlagged() {
        Platform p = SpecReader.parse(valid(), "platform.yaml");
        // Warnings other rules give this spec (no alert receiver, no operator roles) are not this test's subject.
        assertThat(p.warnings()).extracting(Problem::format)
                .filteredOn(w -> !w.contains("no alert receiver") && !w.contains("no operator roles"))
                .containsExactly("platform.yaml:5:16: aws.adminCidrs[0]: 203.0.113.0/24 is a documentation range"
                        + " (a placeholder): nobody connects from there (replace it with your office or VPN network)");
    }

    @Test
    void architectureFollowsTheGravitonNamingRule() {
        for (String arm : List.of("t4g.small", "m7g.large", "m7gd.xlarge", "c7gn.large", "im4gn.large", "g5g.xlarge",
                "a1.large", "x2gd.large")) {
            assertThat(AwsCatalog.architecture(arm)).as(arm).isEqualTo("arm64");
        }
        for (String x86 : List.of("t3.medium", "m6i.large", "g5.xlarge", "g6.xlarge", "m7i-flex.large", "c5n.large",
                "u-6tb1.metal")) {
            assertThat(AwsCatalog.architecture(x86)).as(x86).isEqualTo("x86_64");
        }
    }
}
