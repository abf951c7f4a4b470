package dev.slipway.cli;

import dev.slipway.spec.Environment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code slipway infra apply}: plan, show the summary, apply exactly that plan. */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Render the environment if needed, plan (terraform plan -out=tfplan), print the summary, then",
            "apply exactly that saved plan. Protected environments need --confirm ENV. --dry-run stops after the plan."},
        footer = {"", "Examples:", "  slipway infra apply --env acc", "  slipway infra apply --env prod --confirm prod",
            "  slipway infra apply --env prod --dry-run"})
final class InfraApplyCommand extends InfraAction {
    @Mixin
    ConfirmOption confirm;
    @Mixin
    DryRunOption dryRun;

    @Override
    void beforeRender(Environment environment) {
        if (!dryRun.enabled()) {
            ProtectedEnvironmentGate.onConsole().require(environment, "apply infrastructure changes",
                    confirm.value());
        }
    }

    @Override
    void run() {
        if (planAndSummarize().isEmpty() || dryRun.enabled()) {
            return;
        }
        terraform.run("apply", "-input=false", PLAN_FILE);
    }
}
