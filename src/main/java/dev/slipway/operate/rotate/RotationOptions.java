package dev.slipway.operate.rotate;

import java.time.Duration;

/**
 * How a worker rotation paces itself.
 *
 * @param maxUnavailable how many old nodes are replaced at once (that many surge instances at a time)
 * @param readyTimeout   how long a new instance may take to become a Ready Node before the rotation aborts
 * @param drainTimeout   how long a drain may be held by disruption budgets before the rotation stops
 * @param pollInterval   how often AWS and the cluster are read while waiting
 */
public record RotationOptions(int maxUnavailable, Duration readyTimeout, Duration drainTimeout, Duration pollInterval) {
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofMinutes(15);

    public RotationOptions {
        if (maxUnavailable < 1) {
            throw new IllegalArgumentException("maxUnavailable must be at least 1, not " + maxUnavailable);
        }
    }

    public static RotationOptions defaults() {
        return new RotationOptions(1, DEFAULT_READY_TIMEOUT, DEFAULT_DRAIN_TIMEOUT, Duration.ofSeconds(5));
    }
}
