package dev.slipway.cli;

import picocli.CommandLine.Command;

/** {@code slipway infra destroy}: plan the destruction, show it, apply exactly that plan. */
@Command(name = "destroy", mixinStandardHelpOptions = true,
        description = {"Plan the destruction of the environment's infrastructure, show it, then ask and apply it.",
            "Plans the destruction (terraform plan -destroy), prints the summary, then asks and applies exactly that"
                    + " plan (see infra apply for how it asks). Protected environments keep their app and log buckets:"
                    + " they are marked prevent_destroy. --dry-run stops after the plan and writes nothing."},
        footer = {"", "Examples:", "  slipway infra destroy --env acc --dry-run", "  slipway infra destroy --env acc"})
final class InfraDestroyCommand extends InfraSavedPlanAction {
    @Override
    String intent(int changes) {
        return "destroy its infrastructure (" + changes + " changes)";
    }

    @Override
    String[] planArguments() {
        return new String[] {"-destroy"};
    }
}
