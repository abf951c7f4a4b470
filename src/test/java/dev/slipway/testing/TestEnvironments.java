package dev.slipway.testing;

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
import java.util.List;
import java.util.Map;

/**
 * Resolved environments shaped like the example spec's acc and prod, built directly (no spec parsing), for tests of
 * the layers below the CLI.
 */
public final class TestEnvironments {
    private TestEnvironments() {
    }

    public static Environment acc() {
        return of("acc", false, 1, "10.210.0.0/16");
    }

    public static Environment prod() {
        return of("prod", true, 3, "10.220.0.0/16");
    }

    public static Environment of(String name, boolean protectedEnv, int controllers, String serviceCidr) {
        VolumeSpec vol = new VolumeSpec(20, "gp3");
        AddonSpec addon = new AddonSpec(true, 1, 14);
        return new Environment("yourcom", "your.com", name, protectedEnv,
                new AwsSpec("eu-west-1", List.of("203.0.113.0/24"), List.of("eu-west-1a")),
                List.of(), new KubernetesSpec("v1.36.3", "cluster.local"), new OsSpec(OsFamily.FLATCAR, "stable"),
                new NetworkSpec("10.10.0.0/16", "10.110.0.0/16", serviceCidr),
                new ControllersSpec(controllers, "t3.medium", 40), List.of(), new VolumesSpec(vol, vol, vol),
                new AddonsSpec(addon, addon, addon), new MongoSpec(false, "7.0", 1, false, "mongo"), Map.of(),
                List.of(), List.of());
    }
}
