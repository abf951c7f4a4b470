package dev.slipway.cli;

import dev.slipway.plan.Workspace;
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
        },
        footer = {
            "",
            "Examples:",
            "  slipway validate",
            "  slipway validate -f examples/yourcom/platform.yaml",
        })
public final class ValidateCommand implements Callable<Integer> {
    @Mixin
    SpecOption specOption;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Workspace ws = specOption.load();
        var names = ws.platform().environmentNames();
        spec.commandLine().getOut().printf("ok: %d %s (%s)%n", names.size(),
                names.size() == 1 ? "environment" : "environments", String.join(", ", names));
        return ExitCodes.OK;
    }
}
