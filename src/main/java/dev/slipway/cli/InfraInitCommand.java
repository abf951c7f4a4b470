package dev.slipway.cli;

import picocli.CommandLine.Command;

/** {@code slipway infra init}: terraform init in build/ENV/terraform/ (backend and providers). */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Connect the S3 state backend and install the pinned providers (terraform init).",
            "Renders the environment if needed, then runs 'terraform init' in build/ENV/terraform/. Safe to"
                    + " repeat."},
        footer = {"", "Examples:", "  slipway infra init --env acc -f examples/yourcom/platform.yaml"})
final class InfraInitCommand extends InfraAction {
    @Override
    void run() {
        initOrHint();
    }
}
