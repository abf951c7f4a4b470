package dev.slipway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.plan.Workspace;
import dev.slipway.spec.Problem;
import dev.slipway.spec.SpecException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code slipway validate}: check the spec and report every problem at once. */
@Command(name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Check the platform spec: keys, types, names, networks, node counts, apps, schedules and secret",
            "references, for every environment with its overrides applied. Prints every problem at once as",
            "FILE:LINE:COLUMN: path: what is wrong (what would be right), and exits 2; changes nothing.",
            "With --output json the result (ok, environments or problems) goes to stdout for tools and editors.",
        },
        footer = {
            "",
            "Examples:",
            "  slipway validate",
            "  slipway validate -f examples/yourcom/platform.yaml",
            "  slipway validate --output json",
        })
public final class ValidateCommand implements Callable<Integer> {
    @Mixin
    SpecOption specOption;
    @Mixin
    OutputOption output;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<String> names;
        List<Problem> warnings;
        try {
            dev.slipway.spec.Platform platform = specOption.load().platform();
            names = platform.environmentNames();
            warnings = platform.warnings();
        } catch (SpecException e) {
            if (!output.json()) {
                throw e; // Slipway prints the problems to stderr and exits 2
            }
            OutputOption.printJson(out, problems(e.problems()));
            return ExitCodes.BAD_INPUT;
        }
        warnings.forEach(w -> spec.commandLine().getErr().println("warning: " + w.format()));
        if (output.json()) {
            ObjectNode ok = new ObjectMapper().createObjectNode().put("ok", true);
            ArrayNode envs = ok.putArray("environments");
            names.forEach(envs::add);
            ok.set("warnings", problems(warnings).get("problems"));
            OutputOption.printJson(out, ok);
        } else {
            out.printf("ok: %d %s (%s)%n", names.size(), names.size() == 1 ? "environment" : "environments",
                    String.join(", ", names));
        }
        return ExitCodes.OK;
    }

    private static ObjectNode problems(List<Problem> problems) {
        ObjectNode result = new ObjectMapper().createObjectNode().put("ok", false);
        ArrayNode list = result.putArray("problems");
        for (Problem p : problems) {
            ObjectNode n = list.addObject();
            n.put("file", p.position().file());
            n.put("line", p.position().line());
            n.put("column", p.position().column());
            n.put("path", p.path());
            n.put("message", p.message());
            n.put("hint", p.hint());
        }
        return result;
    }
}
