package dev.slipway.render.terraform;

import dev.slipway.spec.AddonSpec;
import dev.slipway.spec.AddonsSpec;
import dev.slipway.spec.AwsSpec;
import dev.slipway.spec.Environment;
import dev.slipway.spec.NetworkSpec;
import dev.slipway.spec.OsFamily;
import dev.slipway.spec.OsSpec;
import dev.slipway.spec.Platform;
import dev.slipway.spec.SpecReader;
import dev.slipway.testing.GoldenFiles;
import java.util.List;
import java.util.Map;

/**
 * The environments of examples/yourcom/platform.yaml, and one built directly to reach the renderer's other branches
 * (Fedora CoreOS, zones named in the spec, a smaller VPC, metrics off).
 */
final class ExampleEnvironments {
    private ExampleEnvironments() {
    }

    static Environment acc() {
        return example().environment("acc").orElseThrow();
    }

    static Environment prod() {
        return example().environment("prod").orElseThrow();
    }

    /** examples/yourcom/platform.yaml, read by the real spec reader. */
    static Platform example() {
        return SpecReader.read(GoldenFiles.repo().resolve("examples/yourcom/platform.yaml"));
    }

    /** Fedora CoreOS on three named zones: the other branches of the renderer. */
    static Environment fedoraThreeZones() {
        Environment a = acc();
        return new Environment(a.platformName(), a.domain(), "dev", false,
                new AwsSpec("us-east-2", List.of("198.51.100.0/24", "192.0.2.10/32"),
                        List.of("us-east-2a", "us-east-2b", "us-east-2c")),
                a.sshAuthorizedKeys(), a.kubernetes(), new OsSpec(OsFamily.FEDORA_COREOS, "stable"),
                new NetworkSpec("10.30.0.0/20", "10.130.0.0/16", "10.230.0.0/16"), a.controllers(),
                a.workerPools(), a.volumes(), new AddonsSpec(new AddonSpec(false, 1, 0), new AddonSpec(false, 1, 7),
                        new AddonSpec(false, 1, 7)),
                a.mongo(), Map.of(), List.of(), List.of());
    }

    /** src/test/resources/spec/existing-vpc.yaml's acc: an environment in a VPC that exists already. */
    static Environment existingVpc() {
        return SpecReader.read(GoldenFiles.repo().resolve("src/test/resources/spec/existing-vpc.yaml"))
                .environment("acc").orElseThrow();
    }
}
