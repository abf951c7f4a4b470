package dev.slipway.cli;

import dev.slipway.apply.TerraformRunner;
import dev.slipway.apply.terraform.TerraformWorkspace;
import dev.slipway.spec.Environment;
import dev.slipway.plan.Workspace;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * The environment's Terraform folder for commands that may run Terraform later in a procedure (up, down, rotate
 * --controllers). A dry run never reaches a step that runs Terraform, so it needs no binary.
 */
final class EnvironmentTerraform {
    private EnvironmentTerraform() {
    }

    static TerraformWorkspace of(Workspace ws, Environment env, Map<String, String> environment, PrintWriter err,
            boolean dryRun) {
        Path binary = TerraformRunner.locate(environment).orElse(null);
        if (binary == null && !dryRun) {
            throw new IllegalStateException(TerraformRunner.installAdvice());
        }
        return new TerraformWorkspace(new TerraformRunner(binary == null ? Path.of("terraform") : binary,
                ws.buildDirectory(env.name()).resolve("terraform"), environment, err, err));
    }
}
