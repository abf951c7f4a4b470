package dev.slipway.render.ignition;

import dev.slipway.render.ignition.IgnitionConfig.File;
import dev.slipway.render.ignition.IgnitionConfig.Unit;
import dev.slipway.spec.Environment;
import dev.slipway.spec.OsFamily;
import java.util.List;

/**
 * How OS updates reboot nodes: never on their own, always one node at a time after a drain that honours
 * PodDisruptionBudgets.
 *
 * <ul>
 *   <li>Flatcar: update_engine downloads updates, but the reboot strategy is {@code off} and locksmithd is masked.
 *       The Flatcar Linux Update Operator (FLUO, deployed on the cluster side) sees the "reboot needed" state through
 *       its agent, drains the node through the Eviction API and reboots nodes one by one. Locksmith's etcd-lock was
 *       rejected: it reboots without draining, so PDBs are ignored and Pods die mid-request.</li>
 *   <li>Fedora CoreOS: Zincati's {@code fleet_lock} strategy asks a FleetLock server in the cluster (at a fixed
 *       ClusterIP, the 15th address of the service CIDR) for a reboot slot; the server drains before granting it.</li>
 * </ul>
 */
final class UpdateStrategy {
    private UpdateStrategy() {
    }

    static List<File> files(Environment env) {
        if (env.os().family() == OsFamily.FLATCAR) {
            return List.of(NodeFiles.text("/etc/flatcar/update.conf", 0644, """
                    GROUP=%s
                    REBOOT_STRATEGY=off
                    """.formatted(env.os().channel())));
        }
        return List.of(NodeFiles.text("/etc/zincati/config.d/55-updates-strategy.toml", 0644, """
                [updates]
                strategy = "fleet_lock"
                [updates.fleet_lock]
                base_url = "http://%s/"
                """.formatted(env.fleetLockAddress())));
    }

    static List<Unit> units(Environment env) {
        if (env.os().family() == OsFamily.FLATCAR) {
            return List.of(Unit.masked("locksmithd.service"));
        }
        return List.of();
    }
}
