package dev.slipway.render.terraform;

import dev.slipway.spec.AddonSpec;
import dev.slipway.spec.AddonsSpec;
import dev.slipway.spec.AwsSpec;
import dev.slipway.spec.ControllersSpec;
import dev.slipway.spec.Environment;
import dev.slipway.spec.KubernetesSpec;
import dev.slipway.spec.MongoSpec;
import dev.slipway.spec.NetworkSpec;
import dev.slipway.spec.OsFamily;
import dev.slipway.spec.OsSpec;
import dev.slipway.spec.VolumeSpec;
import dev.slipway.spec.VolumesSpec;
import dev.slipway.spec.WorkerPoolSpec;
import java.util.List;
import java.util.Map;

/**
 * The environments of examples/yourcom/platform.yaml, built directly (only the parts Terraform reads), for tests
 * that must not depend on the spec reader.
 */
final class ExampleEnvironments {
    private ExampleEnvironments() {
    }

    static Environment acc() {
        return new Environment("yourcom", "your.com", "acc", false,
                new AwsSpec("eu-west-1", List.of("203.0.113.0/24"), List.of()),
                List.of("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFhxvEJ4pC3VS1dn3p2XxGoUG2D6aK6GmS0kqG7W4x1b ops@your.com"),
                new KubernetesSpec("v1.36.3", "cluster.local"),
                new OsSpec(OsFamily.FLATCAR, "stable"),
                new NetworkSpec("10.10.0.0/16", "10.110.0.0/16", "10.210.0.0/16"),
                new ControllersSpec(1, "t3.medium", 30),
                List.of(new WorkerPoolSpec("general", "t3.large", 2, 2, 4, 40, Map.of(), List.of())),
                new VolumesSpec(new VolumeSpec(20, "gp3"), new VolumeSpec(50, "gp3"), new VolumeSpec(20, "gp3")),
                addons(14),
                new MongoSpec(true, "7.0", 1, true, "mongo-credentials"),
                Map.of(), List.of(), List.of());
    }

    static Environment prod() {
        return new Environment("yourcom", "your.com", "prod", true,
                new AwsSpec("eu-west-1", List.of("203.0.113.0/24"), List.of()),
                List.of("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFhxvEJ4pC3VS1dn3p2XxGoUG2D6aK6GmS0kqG7W4x1b ops@your.com"),
                new KubernetesSpec("v1.36.3", "cluster.local"),
                new OsSpec(OsFamily.FLATCAR, "stable"),
                new NetworkSpec("10.20.0.0/16", "10.120.0.0/16", "10.220.0.0/16"),
                new ControllersSpec(3, "m6i.large", 30),
                List.of(new WorkerPoolSpec("general", "m6i.xlarge", 3, 3, 6, 40, Map.of(), List.of()),
                        new WorkerPoolSpec("mongo", "r6i.large", 1, 1, 1, 40, Map.of("yourcom.com/pool", "mongo"),
                                List.of("dedicated=mongo:NoSchedule"))),
                new VolumesSpec(new VolumeSpec(200, "gp3"), new VolumeSpec(200, "gp3"), new VolumeSpec(100, "gp3")),
                addons(30),
                new MongoSpec(true, "7.0", 3, true, "mongo-credentials"),
                Map.of(), List.of(), List.of());
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

    private static AddonsSpec addons(int loggingDays) {
        return new AddonsSpec(new AddonSpec(true, 1, 0), new AddonSpec(true, 1, loggingDays),
                new AddonSpec(true, 1, 30));
    }
}
