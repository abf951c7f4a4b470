package dev.slipway.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code slipway infra}: the environment's AWS infrastructure, through terraform or tofu. */
@Command(name = "infra", mixinStandardHelpOptions = true,
        description = {"Run terraform or tofu on the environment's rendered infrastructure.",
            "Runs terraform (or tofu, whichever is on PATH) in build/ENV/terraform/ from any folder, rendering first"
                    + " when the build tree is out of date. Terraform gets -no-color when the output is not a"
                    + " terminal."},
        footer = {"", "Examples:", "  slipway infra init --env acc", "  slipway infra plan --env acc",
            "  slipway infra apply --env prod --confirm prod", "  slipway infra destroy --env acc --dry-run",
            "", "Exit codes: 0 ok, 1 terraform failed (or is missing), 2 bad input (nothing changed)."},
        subcommands = {InfraInitCommand.class, InfraPlanCommand.class, InfraApplyCommand.class,
            InfraDestroyCommand.class})
public final class InfraCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required: init, plan, apply or destroy");
    }
}
