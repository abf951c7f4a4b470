package dev.slipway.cli;

import picocli.CommandLine.Command;

/** {@code slipway infra apply}: plan, show the summary, apply exactly that plan. */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Plan, show the summary, then ask and apply exactly that saved plan.",
            "Renders the environment if needed, plans (terraform plan -out=tfplan), prints the summary, then asks"
                    + " and applies exactly that saved plan. On a terminal: type yes (a protected environment: its"
                    + " name); without one, --yes (protected environments also --confirm ENV), else nothing is"
                    + " applied. --dry-run renders into a temporary folder, plans without the state lock and stops"
                    + " after the summary."},
        footer = {"", "Examples:", "  slipway infra apply --env acc", "  slipway infra apply --env prod --yes --confirm prod",
            "  slipway infra apply --env prod --dry-run"})
final class InfraApplyCommand extends InfraSavedPlanAction {
    @Override
    boolean checksExistingVpc() {
        return true;
    }

    @Override
    String intent(int changes) {
        return "apply these " + changes + " infrastructure changes";
    }

    @Override
    String[] planArguments() {
        return new String[0];
    }
}
