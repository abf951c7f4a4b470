package dev.slipway.cli;

import dev.slipway.apply.nodes.DrainBlocker;
import dev.slipway.operate.rotate.PoolOutcome;
import dev.slipway.operate.rotate.PoolPlan;
import dev.slipway.operate.rotate.Replacement;
import dev.slipway.operate.rotate.RotationListener;
import dev.slipway.operate.rotate.RotationOptions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code slipway rotate}'s plan, progress and result, as text and as the {@code -o json} result. */
final class RotatePrinter {
    private final String env;
    private final RotationOptions options;
    private final boolean dryRun;

    RotatePrinter(String env, RotationOptions options, boolean dryRun) {
        this.env = env;
        this.options = options;
        this.dryRun = dryRun;
    }

    void printPlan(PrintWriter out, List<PoolPlan> plans) {
        out.println("Rotation plan for " + env + " (max unavailable " + options.maxUnavailable() + "):");
        for (PoolPlan p : plans) {
            String head = "  pool " + p.pool() + " (group " + p.group() + ", desired " + p.desired()
                    + (p.resuming() ? ", original " + p.originalDesired() + ": continuing an unfinished rotation" : "")
                    + ")";
            if (p.nothingToDo()) {
                out.println(head + ": every instance runs launch template version " + p.templateVersion()
                        + "; nothing to rotate");
                continue;
            }
            out.println(head + ": " + p.replacements().size() + " to replace with launch template version "
                    + p.templateVersion() + ", in this order:");
            int n = 1;
            for (Replacement r : p.replacements()) {
                out.println("    " + n++ + ". " + r.instanceId() + "  node "
                        + (r.node().isEmpty() ? "(none registered)" : r.node()) + "  version " + r.templateVersion());
            }
            int surge = p.originalDesired() + Math.min(options.maxUnavailable(), Math.max(1, p.replacements().size()));
            out.println("    each: grow the group to " + surge + ", wait until the new Node is Ready (up to "
                    + options.readyTimeout().toSeconds() + "s), cordon and drain the old Node through the Eviction"
                    + " API (disruption budgets respected, up to " + options.drainTimeout().toSeconds()
                    + "s), terminate it with the desired capacity decremented (back to " + p.originalDesired() + ")");
        }
        if (dryRun) {
            out.println("dry run: nothing was changed");
        }
    }

    void printOutcomes(PrintWriter out, List<PoolOutcome> outcomes) {
        for (PoolOutcome o : outcomes) {
            String what = switch (o.result()) {
                case ROTATED -> "rotated: " + o.replaced().size() + " replaced";
                case NOTHING_TO_DO -> "nothing to rotate";
                case ABORTED -> "ABORTED after " + o.replaced().size() + " replaced; old nodes kept";
                case BLOCKED -> "STOPPED (drain blocked) after " + o.replaced().size() + " replaced";
            };
            out.println("Pool " + o.pool() + " (" + o.group() + "): " + what + "; desired capacity "
                    + o.finalDesired());
        }
    }

    /** The {@code -o json} result: the plan per pool and, after a run, what happened to it. */
    Map<String, Object> json(List<PoolPlan> plans, List<PoolOutcome> outcomes) {
        List<Map<String, Object>> pools = new ArrayList<>();
        for (PoolPlan p : plans) {
            Map<String, Object> pool = new LinkedHashMap<>();
            pool.put("pool", p.pool());
            pool.put("group", p.group());
            pool.put("templateVersion", p.templateVersion());
            pool.put("originalDesired", p.originalDesired());
            pool.put("desired", p.desired());
            pool.put("resuming", p.resuming());
            pool.put("replacements", p.replacements().stream().map(RotatePrinter::json).toList());
            Optional<PoolOutcome> outcome = outcomes.stream().filter(o -> o.pool().equals(p.pool())).findFirst();
            pool.put("outcome", outcome.map(o -> o.result().name().toLowerCase(java.util.Locale.ROOT))
                    .orElse(p.nothingToDo() ? "nothing_to_do" : dryRun ? "planned" : "not_started"));
            outcome.ifPresent(o -> {
                pool.put("replaced", o.replaced().stream().map(RotatePrinter::json).toList());
                pool.put("finalDesired", o.finalDesired());
                if (!o.reason().isEmpty()) {
                    pool.put("reason", o.reason());
                }
            });
            pools.add(pool);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("dryRun", dryRun);
        result.put("maxUnavailable", options.maxUnavailable());
        result.put("pools", pools);
        return result;
    }

    private static Map<String, Object> json(Replacement r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("instance", r.instanceId());
        m.put("node", r.node().isEmpty() ? null : r.node());
        m.put("templateVersion", r.templateVersion());
        return m;
    }

    Progress progress(PrintWriter err, boolean quiet) {
        return new Progress(err, quiet);
    }

    /** Progress lines on stderr, one per step; refused evictions name the budget and the Pods in its way. */
    static final class Progress implements RotationListener {
        private final PrintWriter err;
        private final boolean quiet;

        Progress(PrintWriter err, boolean quiet) {
            this.err = err;
            this.quiet = quiet;
        }

        @Override
        public synchronized void step(String pool, String message) {
            print(pool + ": " + message);
        }

        @Override
        public synchronized void evicted(String node, String pod) {
            print("  evicted " + pod + " from " + node);
        }

        @Override
        public synchronized void blocked(String node, List<DrainBlocker> blockers) {
            for (DrainBlocker b : blockers) {
                print("  waiting on " + node + ": " + b.describe());
            }
        }

        private void print(String line) {
            if (!quiet) {
                err.println(line);
                err.flush();
            }
        }
    }
}
