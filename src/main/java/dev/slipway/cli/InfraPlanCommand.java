package dev.slipway.cli;

import picocli.CommandLine.Command;

/** {@code slipway infra plan}: terraform plan, saved to tfplan, with a per-type summary. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Show what terraform would change in AWS, per resource type.",
            "Renders the environment if needed, then runs 'terraform plan -out=tfplan' in build/ENV/terraform/ and"
                    + " summarises it per resource type (add, change, replace, destroy). Changes nothing in AWS."
                    + " --dry-run plans in a temporary folder without the state lock."},
        footer = {"", "Examples:", "  slipway infra plan --env acc", "  slipway infra plan --env prod -f platform.yaml"})
final class InfraPlanCommand extends InfraAction {
    @Override
    boolean checksExistingVpc() {
        return true;
    }

    @Override
    int run() {
        planAndSummarize();
        return ExitCodes.OK;
    }
}
