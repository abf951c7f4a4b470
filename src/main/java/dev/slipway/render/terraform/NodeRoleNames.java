package dev.slipway.render.terraform;

import dev.slipway.spec.Environment;
import dev.slipway.spec.WorkerPoolSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The IAM role names of an environment's nodes, {@code NAME-ENV-controller} and {@code NAME-ENV-worker-POOL} (made
 * to fit IAM's 64 characters): what {@code iam.tf} creates and what the infra bucket's policy names as the one
 * principal, beside the operators, that may read each {@code nodes/ROLE/secrets/}. One place, so they cannot differ.
 */
public final class NodeRoleNames {
    private NodeRoleNames() {
    }

    /** The role name for the provisioning folder {@code folder} ({@code controller}, {@code worker-POOL}). */
    public static String of(Environment env, String folder) {
        return TerraformContext.fit(env.clusterName() + "-" + folder, 64);
    }

    /** The provisioning folders of the environment's nodes, each read by one role: controller, then each pool. */
    public static List<String> folders(Environment env) {
        List<String> folders = new ArrayList<>();
        folders.add("controller");
        for (WorkerPoolSpec pool : env.workerPools()) {
            folders.add("worker-" + pool.name());
        }
        return folders;
    }
}
