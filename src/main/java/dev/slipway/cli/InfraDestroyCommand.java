package dev.slipway.cli;

import dev.slipway.spec.Environment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code slipway infra destroy}: plan the destruction, show it, apply exactly that plan. */
@Command(name = "destroy", mixinStandardHelpOptions = true,
        description = {"Plan the destruction of the environment's infrastructure (terraform plan -destroy), print the",
            "summary, then apply exactly that plan. Protected environments need --confirm ENV (and keep their app",
            "bucket: it is marked prevent_destroy). --dry-run stops after the plan."},
        footer = {"", "Examples:", "  slipway infra destroy --env acc --dry-run", "  slipway infra destroy --env acc"})
final class InfraDestroyCommand extends InfraAction {
    @Mixin
    ConfirmOption confirm;
    @Mixin
    DryRunOption dryRun;

    @Override
    void beforeRender(Environment environment) {
        if (!dryRun.enabled()) {
            ProtectedEnvironmentGate.onConsole().require(environment, "destroy its infrastructure",
                    confirm.value());
        }
    }

    @Override
    void run() {
        if (planAndSummarize("-destroy").isEmpty() || dryRun.enabled()) {
            return;
        }
        terraform.run("apply", "-input=false", PLAN_FILE);
    }
}
