package dev.slipway.render.terraform;

import dev.slipway.spec.Environment;

/**
 * The tags {@code workers.tf} puts on each worker pool's Auto Scaling group (and, propagated, on its instances), and
 * by which {@code slipway rotate} finds the group again: never by a guessed name. One home for the keys, so the
 * Terraform that writes them and the Auto Scaling calls that read them cannot drift apart.
 */
public final class WorkerPoolTags {
    /** The environment's name (the key Terraform's default tags use too). */
    public static final String ENV = Environment.TERRAFORM_ENV_TAG;
    /** The platform's name. */
    public static final String PLATFORM = "slipway/platform";
    /** The node's role: {@value #WORKER} on a worker pool's group. */
    public static final String ROLE = "slipway/role";
    /** The {@link #ROLE} of a worker pool's group. */
    public static final String WORKER = "worker";
    /** The worker pool's name from the spec. */
    public static final String POOL = "slipway/pool";

    private WorkerPoolTags() {
    }
}
