package dev.slipway.spec;

/**
 * @param enabled  whether the add-on is installed
 * @param replicas replicas of its main workload
 * @param retentionDays how long logging/metrics keep data (0 where it does not apply)
 */
public record AddonSpec(boolean enabled, int replicas, int retentionDays) {
}
