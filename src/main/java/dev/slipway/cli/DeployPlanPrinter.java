package dev.slipway.cli;

import dev.slipway.apply.kubernetes.ChangeType;
import dev.slipway.apply.kubernetes.DeployPlan;
import dev.slipway.apply.kubernetes.DeployResult;
import dev.slipway.apply.kubernetes.ObjectChange;
import dev.slipway.apply.kubernetes.ObjectRef;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints a deploy plan and its result, for people (grouped by component) or as JSON. Never a Secret value. */
final class DeployPlanPrinter {
    private final String env;
    private final boolean dryRun;

    DeployPlanPrinter(String env, boolean dryRun) {
        this.env = env;
        this.dryRun = dryRun;
    }

    void print(PrintWriter out, DeployPlan plan, boolean verbose) {
        Map<ChangeType, Integer> n = plan.counts();
        out.printf("Deploy plan for %s (server-side dry run): %d to create, %d to change, %d unchanged, %d to prune"
                        + "%s%n", env, n.get(ChangeType.CREATE), n.get(ChangeType.UPDATE), n.get(ChangeType.UNCHANGED),
                n.get(ChangeType.PRUNE), n.get(ChangeType.CONFLICT) > 0 ? ", " + n.get(ChangeType.CONFLICT)
                        + " in conflict" : "");
        String component = null;
        for (ObjectChange c : plan.changes()) {
            if (c.type() == ChangeType.UNCHANGED && !verbose) {
                continue;
            }
            if (!c.component().equals(component)) {
                component = c.component();
                out.println("  " + component);
            }
            out.println("    " + line(c));
        }
        if (!plan.leftovers().isEmpty()) {
            out.printf("  %d object%s no longer rendered (deploy --prune deletes %s): %s%n", plan.leftovers().size(),
                    plan.leftovers().size() == 1 ? " is" : "s are", plan.leftovers().size() == 1 ? "it" : "them",
                    String.join(", ", plan.leftovers().stream().map(ObjectRef::toString).toList()));
        }
        if (plan.writes() == 0 && plan.conflicts().isEmpty()) {
            out.println("  no changes: the cluster matches build/" + env + "/k8s/");
        } else if (dryRun) {
            out.println("  dry run: nothing was changed");
        }
    }

    private static String line(ObjectChange c) {
        String mark = switch (c.type()) {
            case CREATE -> "+ create  ";
            case UPDATE -> "~ change  ";
            case UNCHANGED -> "  unchanged ";
            case PRUNE -> "- prune   ";
            case CONFLICT -> "! conflict ";
        };
        StringBuilder s = new StringBuilder(mark).append(c.ref());
        if (!c.fields().isEmpty()) {
            s.append(": ").append(String.join(", ", c.fields()));
        }
        if (!c.detail().isEmpty()) {
            s.append(" (").append(c.detail()).append(")");
        }
        return s.toString();
    }

    void printResult(PrintWriter out, DeployResult result) {
        long created = result.applied().stream().filter(c -> c.type() == ChangeType.CREATE).count();
        long changed = result.applied().size() - created;
        out.printf("Deployed %s: %d created, %d changed, %d pruned%s; every component ready%n", env, created, changed,
                result.pruned().size(), result.conflicts().isEmpty() ? ""
                        : ", " + result.conflicts().size() + " not applied (conflict)");
    }

    Map<String, Object> json(DeployPlan plan, DeployResult result) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("environment", env);
        m.put("dryRun", dryRun);
        Map<String, Integer> counts = new LinkedHashMap<>();
        plan.counts().forEach((k, v) -> counts.put(k.verb(), v));
        m.put("counts", counts);
        List<Map<String, Object>> changes = new ArrayList<>();
        for (ObjectChange c : plan.changes()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("component", c.component());
            e.put("kind", c.ref().kind());
            e.put("group", c.ref().group());
            e.put("namespace", c.ref().namespace());
            e.put("name", c.ref().name());
            e.put("change", c.type().verb());
            e.put("fields", c.fields());
            e.put("detail", c.detail());
            changes.add(e);
        }
        m.put("changes", changes);
        m.put("noLongerRendered", plan.leftovers().stream().map(ObjectRef::toString).toList());
        if (result != null) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("applied", result.applied().size());
            r.put("pruned", result.pruned().size());
            r.put("conflicts", result.conflicts().stream().map(c -> c.ref() + ": " + c.detail()).toList());
            m.put("result", r);
        }
        return m;
    }
}
