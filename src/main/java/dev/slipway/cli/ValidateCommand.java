package dev.slipway.cli;

import dev.slipway.spec.Platform;
import dev.slipway.spec.SpecException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code slipway validate}: check the spec and report every problem at once. */
@Command(name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Check the platform spec and report every problem at once.",
            "Checks keys, types, names, networks, regions, instance types, Kubernetes versions, node counts, apps,"
                    + " schedules and secret references, for every environment with its overrides applied. Prints"
                    + " every problem with its file, line and column, the path, what is wrong and what would be right,"
                    + " and exits 2;"
                    + " changes nothing. Warnings (a cluster nobody could reach) are printed too, with exit 0.",
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
        Report report = new Report(spec, output);
        Platform platform;
        try {
            platform = specOption.load().platform();
        } catch (SpecException e) {
            return output.specProblems(spec, null, e);
        }
        platform.warnings().forEach(w -> report.warn(w.format()));
        List<String> names = platform.environmentNames();
        if (report.json()) {
            Map<String, Object> ok = new LinkedHashMap<>();
            ok.put("ok", true);
            ok.put("environments", names);
            report.json(null, ok);
        } else if (!report.quiet()) {
            report.out().printf("ok: %d %s (%s)%s%n", names.size(), names.size() == 1 ? "environment" : "environments",
                    String.join(", ", names), platform.warnings().isEmpty() ? "" : ", "
                            + platform.warnings().size() + " warning" + (platform.warnings().size() == 1 ? "" : "s"));
        }
        return ExitCodes.OK;
    }
}
