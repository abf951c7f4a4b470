package dev.slipway.spec;

/**
 * What a container asks the scheduler for: CPU and memory requests (Kubernetes quantities). Memory is also the
 * limit, so a leaking container is restarted instead of starving its node; CPU has no limit (throttling a busy app
 * helps no one when the node has spare cycles).
 *
 * @param cpu    CPU request, e.g. {@code 100m}
 * @param memory memory request and limit, e.g. {@code 256Mi}
 */
public record ResourcesSpec(String cpu, String memory) {
    /** The default of an app or cron job container. */
    public static final ResourcesSpec APP_DEFAULT = new ResourcesSpec("100m", "256Mi");
    /** The default of a MongoDB member. */
    public static final ResourcesSpec MONGO_DEFAULT = new ResourcesSpec("250m", "1Gi");
}
