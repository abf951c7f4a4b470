package dev.slipway.apply.aws;

import java.util.List;
import java.util.OptionalInt;

/**
 * A worker pool's Auto Scaling group as read from AWS: its size, the launch template version new instances get, its
 * instances, and the sizes a rotation in progress recorded on it (tags, so a run killed half way can be continued
 * by the next one).
 *
 * @param name             the group's name
 * @param pool             the worker pool (tag {@link dev.slipway.render.terraform.WorkerPoolTags#POOL})
 * @param desired          desired capacity now
 * @param max              maximum size now
 * @param currentVersion   the launch template version the group launches now (resolved from $Latest / $Default)
 * @param instances        instances that are not terminating, in the order AWS lists them
 * @param originalDesired  the desired capacity before the rotation in progress, if one is
 * @param originalMax      the maximum size before the rotation raised it, if it did
 */
public record WorkerGroup(String name, String pool, int desired, int max, String currentVersion,
        List<PoolInstance> instances, OptionalInt originalDesired, OptionalInt originalMax) {
    public WorkerGroup {
        instances = List.copyOf(instances);
    }

    /** Instances launched from another template version than the group's current one: the ones to replace. */
    public List<PoolInstance> outdated() {
        return instances.stream().filter(i -> !i.templateVersion().equals(currentVersion)).toList();
    }

    public List<PoolInstance> current() {
        return instances.stream().filter(i -> i.templateVersion().equals(currentVersion)).toList();
    }

    /** Whether a rotation started and did not finish (its recorded original size is still on the group). */
    public boolean rotationInProgress() {
        return originalDesired.isPresent();
    }

    /** The group's size before any rotation: the recorded one during a rotation, else today's. */
    public int baseline() {
        return originalDesired.orElse(desired);
    }
}
