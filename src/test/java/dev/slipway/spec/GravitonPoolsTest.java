package dev.slipway.spec;

import static dev.slipway.spec.SpecValidationTest.problemsAfter;
import static dev.slipway.spec.SpecValidationTest.valid;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Graviton (arm64) worker pools and controllers (issue 28): the architecture comes from the instance type, a pool is
 * one architecture, and an app or cron job needs an untainted pool of an architecture its image runs on.
 */
class GravitonPoolsTest {

    /**
     * The rule of /work/shared/DEPENDENCIES.md "EC2 instance types": in Graviton families a {@code g} follows the
     * generation digit ({@code t4g}, {@code m7g}, {@code m7gd}, {@code c7gn}, {@code im4gn}, {@code g5g}; plus
     * {@code a1}); in {@code g5}, {@code g6} the {@code g} is the family letter (x86 GPUs). Types checked against
     * AWS' own naming (Graviton2: t4g, m6g, c6gn, im4gn, x2gd, g5g, a1 is the first Graviton; Graviton3/4: m7g,
     * m7gd, c7gn, r8g; x86: m7i, c7a, g5, g6, c5n).
     */
    @Test
    void theArchitectureFollowsTheInstanceType() {
        for (String arm : List.of("t4g.medium", "m7g.large", "m7gd.xlarge", "c7gn.large", "im4gn.large",
                "g5g.xlarge", "a1.large", "m6g.large", "x2gd.large", "r8g.large")) {
            assertThat(CpuArchitecture.ofInstanceType(arm)).as(arm).isEqualTo(CpuArchitecture.ARM64);
        }
        for (String x86 : List.of("g5.xlarge", "g6.xlarge", "m7i.large", "c7a.large", "t3.medium", "m6i.large",
                "c5n.large", "m7i-flex.large")) {
            assertThat(CpuArchitecture.ofInstanceType(x86)).as(x86).isEqualTo(CpuArchitecture.AMD64);
        }
        assertThat(CpuArchitecture.ARM64.ec2()).isEqualTo("arm64");
        assertThat(CpuArchitecture.AMD64.ec2()).as("EC2 spells amd64 images x86_64").isEqualTo("x86_64");
    }

    @Test
    void gravitonPoolsAndControllersValidate() {
        Platform p = SpecReader.parse(valid().replace("instanceType: t3.medium", "instanceType: t4g.medium")
                .replace("        taints: [\"dedicated=general:PreferNoSchedule\"]\n", "        taints:"
                        + " [\"dedicated=general:PreferNoSchedule\"]\n      - {name: graviton, instanceType: m7g.large, min: 1,"
                        + " desired: 1, max: 3}\n"), "platform.yaml");
        Environment acc = p.environment("acc").orElseThrow();
        assertThat(acc.controllers().architecture()).isEqualTo(CpuArchitecture.ARM64);
        assertThat(acc.workerPools()).extracting(WorkerPoolSpec::architecture)
                .containsExactly(CpuArchitecture.AMD64, CpuArchitecture.ARM64);
    }

    @Test
    void aPoolOfTwoArchitecturesIsOneMix() {
        assertThat(CpuArchitecture.mixed(List.of("m7g.large", "m6i.large", "c7g.large")))
                .isEqualTo("amd64: m6i.large; arm64: c7g.large, m7g.large");
        assertThat(CpuArchitecture.mixed(List.of("m7g.large", "c7g.large", "t4g.large"))).isNull();
        assertThat(CpuArchitecture.mixed(List.of("g5.xlarge", "m7i.large"))).isNull();
    }

    @Test
    void aGravitonTooSmallForAControllerIsStillRefused() {
        assertThat(problemsAfter("instanceType: t3.medium", "instanceType: t4g.micro")).containsExactly(
                "platform.yaml:48:21: environments.acc.controllers.instanceType: t4g.micro is too small for a"
                        + " controller (kubeadm asks for at least 2 CPUs and 1700 MB) (e.g. t3.medium or m6i.large)");
    }

    @Test
    void anAppIsAmd64UnlessItSaysMore() {
        Environment acc = SpecReader.parse(valid(), "platform.yaml").environment("acc").orElseThrow();
        assertThat(acc.apps().get(0).runsOn()).containsExactly(CpuArchitecture.AMD64);
        Environment both = SpecReader.parse(valid().replace("    healthPath: /healthz\n",
                "    healthPath: /healthz\n    architectures: [arm64, amd64]\n"), "platform.yaml")
                .environment("acc").orElseThrow();
        assertThat(both.apps().get(0).runsOn()).isEqualTo(Set.of(CpuArchitecture.AMD64, CpuArchitecture.ARM64));
    }

    @Test
    void anAmd64AppNeedsAnAmd64Pool() {
        // acc's only pool on Graviton: the app and the cron job (amd64 by default), the backup job's AWS CLI and
        // Grafana (amd64 only as far as Slipway knows) would never be scheduled.
        assertThat(problemsAfter("instanceType: t3.large", "instanceType: m7g.large")).containsExactly(
                "platform.yaml:15:3: mongo.backup: the MongoDB backup job's AWS CLI runs on amd64 only (its image is"
                        + " not published for the others as far as Slipway knows), but no untainted worker pool is"
                        + " amd64 (add a small worker pool of amd64 instance types, e.g. t3.medium)",
                "platform.yaml:23:5: apps[0].architectures: app 'api' runs on amd64 only (the default), but no"
                        + " untainted worker pool is amd64: general (m7g.large, arm64) (add a worker pool of amd64"
                        + " instance types, or declare architectures: [amd64, arm64] if the image publishes"
                        + " linux/arm64)",
                "platform.yaml:35:5: cronJobs[0].architectures: cron job 'report' runs on amd64 only (the default),"
                        + " but no untainted worker pool is amd64: general (m7g.large, arm64) (add a worker pool of"
                        + " amd64 instance types, or declare architectures: [amd64, arm64] if the image publishes"
                        + " linux/arm64)",
                "platform.yaml:41:3: environments.acc.addons.metrics.enabled: Grafana (addons.metrics) runs on amd64"
                        + " only (its image is not published for the others as far as Slipway knows), but no"
                        + " untainted worker pool is amd64 (add a small worker pool of amd64 instance types, e.g."
                        + " t3.medium)");
    }

    @Test
    void anArm64OnlyAppNeedsAnArm64Pool() {
        assertThat(problemsAfter("    healthPath: /healthz\n", "    healthPath: /healthz\n"
                + "    architectures: [arm64]\n")).containsExactly(
                "platform.yaml:34:20: apps[0].architectures: app 'api' runs on arm64 only, but no untainted worker"
                        + " pool is arm64: general (m6i.xlarge, amd64) (add a worker pool of arm64 instance types, or"
                        + " declare architectures: [arm64, amd64] if the image publishes linux/amd64)",
                "platform.yaml:34:20: apps[0].architectures: app 'api' runs on arm64 only, but no untainted worker"
                        + " pool is arm64: general (t3.large, amd64) (add a worker pool of arm64 instance types, or"
                        + " declare architectures: [arm64, amd64] if the image publishes linux/amd64)");
    }

    @Test
    void anUnknownArchitectureIsRefused() {
        assertThat(problemsAfter("    healthPath: /healthz\n", "    healthPath: /healthz\n"
                + "    architectures: [aarch64]\n")).singleElement().asString()
                .startsWith("platform.yaml:34:21: apps[0].architectures[0]: 'aarch64'");
    }
}
