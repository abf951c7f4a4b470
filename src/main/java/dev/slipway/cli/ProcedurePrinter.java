package dev.slipway.cli;

import dev.slipway.operate.Procedure;
import dev.slipway.operate.Step;
import dev.slipway.operate.StepOutcome;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How {@code up} and {@code down} show a {@link Procedure}: its plan (each step done, to do, or pending) before
 * asking, each phase as it starts and ends (stderr), and the outcome per step (stdout, or the JSON result).
 */
final class ProcedurePrinter {
    private ProcedurePrinter() {
    }

    static void printPlan(PrintWriter out, String title, List<StepOutcome> plan) {
        out.println(title);
        int i = 1;
        for (StepOutcome o : plan) {
            out.printf("  %d. %-14s %-13s %s%n", i++, o.step(), o.status().word(), o.detail());
        }
        out.flush();
    }

    static void printOutcomes(PrintWriter out, String title, List<StepOutcome> outcomes) {
        printPlan(out, title, outcomes);
    }

    /** Phases as they run, on stderr ({@code -q}: nothing). */
    static Procedure.Listener phases(PrintWriter err, Procedure procedure, boolean quiet) {
        if (quiet) {
            return Procedure.Listener.NONE;
        }
        int count = procedure.steps().size();
        return new Procedure.Listener() {
            int index;

            @Override
            public void started(Step step) {
                index++;
                err.printf("%s [%d/%d] %s ...%n", procedure.name(), index, count, step.name());
                err.flush();
            }

            @Override
            public void finished(StepOutcome outcome) {
                err.printf("%s [%d/%d] %s: %s: %s%n", procedure.name(), index, count, outcome.step(),
                        outcome.status().word(), outcome.detail());
                err.flush();
            }
        };
    }

    /** The JSON result: {@code dryRun}, {@code ok} and the steps with their typed outcome. */
    static Map<String, Object> json(boolean dryRun, List<StepOutcome> outcomes, Map<String, Object> extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dryRun", dryRun);
        m.put("ok", Procedure.succeeded(outcomes));
        List<Map<String, Object>> steps = new ArrayList<>();
        for (StepOutcome o : outcomes) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("step", o.step());
            s.put("status", o.status().word());
            s.put("detail", o.detail());
            steps.add(s);
        }
        m.put("steps", steps);
        m.putAll(extra);
        return m;
    }
}
