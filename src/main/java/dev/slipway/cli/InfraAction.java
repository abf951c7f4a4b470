package dev.slipway.cli;

import dev.slipway.apply.RenderedBuild;
import dev.slipway.apply.TerraformChanges;
import dev.slipway.apply.TerraformRunner;
import dev.slipway.apply.terraform.TerraformWorkspace;
import dev.slipway.plan.Workspace;
import dev.slipway.spec.Environment;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every {@code slipway infra} subcommand does first: load the spec, bring {@code build/ENV/} up to date (the
 * same rendering as {@code slipway plan}), find terraform or tofu, and hand a {@link TerraformWorkspace} for
 * {@code build/ENV/terraform/} to the subcommand. With {@code --dry-run} everything happens in a temporary folder
 * that is removed afterwards, state is only read, and Terraform plans without taking its lock (an object in the
 * bucket): nothing under the spec's folder, in the state store or in any bucket is written.
 */
abstract class InfraAction implements Callable<Integer> {
    @Mixin
    SpecOption specOption;
    @Mixin
    EnvOption envOption;
    @Mixin
    DryRunOption dryRun;
    @Mixin
    ConfirmOption confirm;
    @Spec
    CommandSpec spec;

    Environment env;
    Workspace workspace;
    TerraformWorkspace terraform;

    @Override
    public final Integer call() throws IOException {
        Workspace ws = specOption.load();
        workspace = ws;
        env = ws.environment(envOption.name());
        Integer early = beforeRender(ws, env);
        if (early != null) {
            return early;
        }
        PrintWriter err = spec.commandLine().getErr();
        if (checksExistingVpc() && !ExistingVpcGate.ready(env, err)) {
            return ExitCodes.BAD_INPUT;
        }
        Path temporary = dryRun.enabled() ? Files.createTempDirectory("slipway-dry-run-" + env.name() + "-") : null;
        try {
            Path root = temporary != null ? temporary : ws.buildDirectory(env.name());
            RenderedBuild rendered = RenderedBuild.renderTo(ws, env, root, dryRun.enabled(),
                    StateStoreLine.mayCreateCa(env, confirm), true);
            StateStoreLine.print(spec.commandLine(), rendered.stateStore());
            if (rendered.pkiCreated() > 0) {
                err.println("slipway: " + (dryRun.enabled() ? "would create " : "created ") + rendered.pkiCreated()
                        + " PKI entries in the state store" + (dryRun.enabled() ? " (dry run: not stored)" : ""));
            }
            if (temporary != null) {
                err.println("slipway: dry run: rendered into " + temporary + " (removed afterwards); nothing is"
                        + " written under the spec's folder, in the state store or in any bucket.");
            } else if (!rendered.diff().isEmpty()) {
                err.println("slipway: build/" + env.name() + "/ was out of date with the spec; rendered it again.");
            }
            Path dir = rendered.build().root().resolve("terraform");
            Map<String, String> environment = SlipwayCommand.environment(spec.commandLine());
            Path binary = TerraformRunner.locate(environment)
                    .orElseThrow(() -> new IllegalStateException(TerraformRunner.installAdvice()));
            terraform = new TerraformWorkspace(new TerraformRunner(binary, dir, environment,
                    spec.commandLine().getOut(), err));
            if (!(this instanceof InfraInitCommand) && !terraform.isInitialised()) {
                err.println("slipway: " + dir + " is not initialised yet; running init first.");
                initOrHint();
            }
            return run();
        } finally {
            if (temporary != null) {
                deleteTree(temporary);
            }
        }
    }

    /**
     * Whether this subcommand first checks an existing VPC against EC2 (tags, routes, subnets in the right VPC and
     * zone): plan and apply do; init and destroy do not need the network to be ready.
     */
    boolean checksExistingVpc() {
        return false;
    }

    /** Work before rendering (the bucket of {@code infra init}); a non-null result ends the command with it. */
    Integer beforeRender(Workspace ws, Environment environment) {
        return null;
    }

    /** {@code terraform init}; when it fails, the way to retry is Slipway's own command, not Terraform's. */
    void initOrHint() {
        try {
            terraform.init();
        } catch (dev.slipway.apply.TerraformFailedException e) {
            throw new dev.slipway.apply.TerraformFailedException(e.getMessage() + "; fix the cause shown above, then"
                    + " run '" + Hints.command(workspace, "infra init --env " + env.name()) + "'");
        }
    }

    abstract int run();

    /** The saved plan's summary, printed; {@code extra} goes to {@code terraform plan} (e.g. {@code -destroy}). */
    TerraformChanges planAndSummarize(String... extra) {
        TerraformChanges changes = terraform.plan(!dryRun.enabled(), extra);
        print(spec.commandLine().getOut(), changes);
        return changes;
    }

    private void print(PrintWriter out, TerraformChanges changes) {
        TerraformChanges.Counts t = changes.total();
        out.printf("%nSlipway plan summary for %s: %d to add, %d to change, %d to replace, %d to destroy%n",
                env.name(), t.create(), t.update(), t.replace(), t.delete());
        if (changes.isEmpty()) {
            out.println("  no changes: the infrastructure matches the spec");
        } else {
            out.printf("  %-45s %6s %6s %7s %7s%n", "resource type", "add", "change", "replace", "destroy");
            changes.perType().forEach((type, c) -> out.printf("  %-45s %6d %6d %7d %7d%n", type, c.create(),
                    c.update(), c.replace(), c.delete()));
        }
        out.flush();
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the dry run's temporary folder " + root, e);
        }
    }
}
