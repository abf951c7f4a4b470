package dev.slipway.cli;

import picocli.CommandLine.Command;

/** {@code slipway infra destroy}: plan the destruction, show it, apply exactly that plan. */
@Command(name = "destroy", mixinStandardHelpOptions = true,
        description = {"Plan the destruction of the environment's infrastructure, show it, then apply it.",
            "Plans the destruction (terraform plan -destroy), prints the summary, then applies exactly that plan."
                    + " Protected environments need --confirm ENV (and keep their app bucket: it is marked"
                    + " prevent_destroy). --dry-run stops after the plan."},
        footer = {"", "Examples:", "  slipway infra destroy --env acc --dry-run", "  slipway infra destroy --env acc"})
final class InfraDestroyCommand extends InfraSavedPlanAction {
    @Override
    String intent() {
        return "destroy its infrastructure";
    }

    @Override
    String[] planArguments() {
        return new String[] {"-destroy"};
    }
}
