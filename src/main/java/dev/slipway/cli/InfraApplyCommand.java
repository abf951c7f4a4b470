package dev.slipway.cli;

import picocli.CommandLine.Command;

/** {@code slipway infra apply}: plan, show the summary, apply exactly that plan. */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Plan, show the summary, then apply exactly that saved plan.",
            "Renders the environment if needed, plans (terraform plan -out=tfplan), prints the summary, then applies"
                    + " exactly that saved plan. Protected environments need --confirm ENV. --dry-run stops after"
                    + " the plan."},
        footer = {"", "Examples:", "  slipway infra apply --env acc", "  slipway infra apply --env prod --confirm prod",
            "  slipway infra apply --env prod --dry-run"})
final class InfraApplyCommand extends InfraSavedPlanAction {
    @Override
    String intent() {
        return "apply infrastructure changes";
    }

    @Override
    String[] planArguments() {
        return new String[0];
    }
}
