package dev.slipway.cli;

import dev.slipway.spec.Environment;
import picocli.CommandLine.Mixin;

/**
 * {@code infra apply} and {@code infra destroy}: save a plan, print its summary, then apply exactly that saved plan,
 * so what runs is what was shown. Protected environments need {@code --confirm ENV}; {@code --dry-run} stops after
 * the plan.
 */
abstract class InfraSavedPlanAction extends InfraAction {
    @Mixin
    ConfirmOption confirm;
    @Mixin
    DryRunOption dryRun;

    /** What the user is asked to confirm, e.g. "apply infrastructure changes". */
    abstract String intent();

    /** Extra arguments for {@code terraform plan}, e.g. {@code -destroy}. */
    abstract String[] planArguments();

    @Override
    final void beforeRender(Environment environment) {
        if (!dryRun.enabled()) {
            ProtectedEnvironmentGate.onConsole().require(environment, intent(), confirm.value());
        }
    }

    @Override
    final void run() {
        if (planAndSummarize(planArguments()).isEmpty() || dryRun.enabled()) {
            return;
        }
        terraform.run("apply", "-input=false", PLAN_FILE);
    }
}
