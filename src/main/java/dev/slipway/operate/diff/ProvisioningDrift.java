package dev.slipway.operate.diff;

import dev.slipway.apply.LocalObject;
import dev.slipway.apply.SyncPlan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What nodes boot from against the render: every object a sync would upload is missing from the provisioning prefix
 * or is not what the spec renders (replaced by hand, or a sync not run since the spec changed).
 */
public final class ProvisioningDrift {
    public static final String AREA = "provisioning";

    private ProvisioningDrift() {
    }

    public static List<Drift> of(String env, SyncPlan plan) {
        List<Drift> out = new ArrayList<>();
        plan.uploads().stream().sorted(Comparator.comparing(LocalObject::key)).forEach(o -> out.add(new Drift(AREA,
                "s3://" + plan.bucket() + "/" + o.key(), "changed", "missing, or not what the spec renders;"
                        + " 'slipway sync --env " + env + "' uploads it")));
        return out;
    }
}
