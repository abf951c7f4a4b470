package dev.slipway.operate.diff;

import dev.slipway.apply.kubernetes.DeployPlan;
import dev.slipway.apply.kubernetes.ObjectChange;
import dev.slipway.apply.kubernetes.ObjectRef;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster's drift as deploy's own plan sees it (a server-side dry run of every rendered object, without
 * {@code --prune}): what deploy would create was deleted, what it would change was changed, what another field
 * manager holds was taken over by hand, and what Slipway applied and no longer renders is left over.
 */
public final class KubernetesDrift {
    public static final String AREA = "kubernetes";

    private KubernetesDrift() {
    }

    public static List<Drift> of(DeployPlan plan) {
        List<Drift> out = new ArrayList<>();
        for (ObjectChange c : plan.changes()) {
            String subject = c.ref() + " (" + c.component() + ")";
            switch (c.type()) {
                case CREATE -> out.add(new Drift(AREA, subject, "missing",
                        "not in the cluster (deleted by hand, or never deployed); 'slipway deploy' creates it"));
                case UPDATE -> out.add(new Drift(AREA, subject, "changed",
                        "differs from the render in " + String.join(", ", c.fields())
                                + "; 'slipway deploy' puts it back"));
                case CONFLICT -> out.add(new Drift(AREA, subject, "taken",
                        "another field manager changed fields Slipway sets: " + c.detail()
                                + "; 'slipway deploy --force-conflicts' takes them back"));
                case PRUNE -> out.add(leftover(c.ref(), c.component()));
                case UNCHANGED -> {
                }
                default -> throw new IllegalStateException("unknown change type " + c.type());
            }
        }
        for (ObjectRef ref : plan.leftovers()) {
            out.add(leftover(ref, ""));
        }
        return out;
    }

    private static Drift leftover(ObjectRef ref, String component) {
        return new Drift(AREA, ref + (component.isEmpty() ? "" : " (" + component + ")"), "leftover",
                "applied by Slipway, no longer rendered; 'slipway deploy --prune' deletes it");
    }
}
