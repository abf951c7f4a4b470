package dev.slipway.cli;

import dev.slipway.apply.TerraformChanges;
import picocli.CommandLine.Mixin;

/**
 * {@code infra apply} and {@code infra destroy}: save a plan, print its summary, then ask (after showing, as
 * {@code terraform apply} does) and apply exactly that saved plan, so what runs is what was shown. On a terminal the
 * question is "type yes" (a protected environment: type its name); without one, {@code --yes} (plus
 * {@code --confirm ENV} for protected environments) is the answer, else nothing is applied. {@code --dry-run} stops
 * after the summary and never asks.
 */
abstract class InfraSavedPlanAction extends InfraAction {
    @Mixin
    YesOption yes;

    /** Who answers the question; the console unless a test stands in. */
    ChangeApproval approval = ChangeApproval.onConsole();

    /** What the user is asked to approve, e.g. "apply 12 infrastructure changes". */
    abstract String intent(int changes);

    /** Extra arguments for {@code terraform plan}, e.g. {@code -destroy}. */
    abstract String[] planArguments();

    @Override
    final int run() {
        TerraformChanges changes = planAndSummarize(planArguments());
        if (changes.isEmpty() || dryRun.enabled()) {
            return ExitCodes.OK;
        }
        if (!approval.approve(env, intent(changes.total().total()), yes, confirm)) {
            spec.commandLine().getErr().println("slipway: nothing was changed");
            return ExitCodes.FAILURE;
        }
        terraform.apply();
        return ExitCodes.OK;
    }
}
