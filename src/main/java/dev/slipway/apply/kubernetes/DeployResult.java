package dev.slipway.apply.kubernetes;

import java.util.List;

/**
 * What a deploy did.
 *
 * @param applied   objects created or changed
 * @param pruned    objects deleted
 * @param conflicts objects not applied because another field manager owns some of their fields
 */
public record DeployResult(List<ObjectChange> applied, List<ObjectChange> pruned, List<ObjectChange> conflicts) {
    public DeployResult {
        applied = List.copyOf(applied);
        pruned = List.copyOf(pruned);
        conflicts = List.copyOf(conflicts);
    }
}
