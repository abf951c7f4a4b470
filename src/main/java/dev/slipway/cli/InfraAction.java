package dev.slipway.cli;

import dev.slipway.apply.RenderedBuild;
import dev.slipway.apply.TerraformChanges;
import dev.slipway.apply.TerraformRunner;
import dev.slipway.plan.Workspace;
import dev.slipway.spec.Environment;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every {@code slipway infra} subcommand does first: load the spec, bring {@code build/ENV/} up to date (the
 * same rendering as {@code slipway plan}), find terraform or tofu, and run it in {@code build/ENV/terraform/}.
 */
abstract class InfraAction implements Callable<Integer> {
    static final String PLAN_FILE = "tfplan";

    @Mixin
    SpecOption specOption;
    @Mixin
    EnvOption envOption;
    @Spec
    CommandSpec spec;

    Environment env;
    Workspace workspace;
    TerraformRunner terraform;

    @Override
    public final Integer call() {
        Workspace ws = specOption.load();
        workspace = ws;
        env = ws.environment(envOption.name());
        beforeRender(env);
        RenderedBuild rendered = RenderedBuild.render(ws, env, false);
        PrintWriter err = spec.commandLine().getErr();
        if (rendered.pkiCreated() > 0) {
            err.println("slipway: created " + rendered.pkiCreated() + " PKI entries in .slipway/" + env.name()
                    + "/pki");
        }
        if (!rendered.diff().isEmpty()) {
            err.println("slipway: build/" + env.name() + "/ was out of date with the spec; rendered it again.");
        }
        Path dir = rendered.build().root().resolve("terraform");
        Map<String, String> environment = SlipwayCommand.environment(spec.commandLine());
        Path binary = TerraformRunner.locate(environment)
                .orElseThrow(() -> new IllegalStateException(TerraformRunner.installAdvice()));
        terraform = new TerraformRunner(binary, dir, environment, spec.commandLine().getOut(), err);
        if (!(this instanceof InfraInitCommand) && !Files.isDirectory(dir.resolve(".terraform"))) {
            err.println("slipway: " + dir + " is not initialised yet; running init first.");
            initOrHint();
        }
        run();
        return ExitCodes.OK;
    }

    /** {@code terraform init}; when it fails, the way to retry is Slipway's own command, not Terraform's. */
    void initOrHint() {
        try {
            terraform.run("init", "-input=false");
        } catch (dev.slipway.apply.TerraformFailedException e) {
            throw new dev.slipway.apply.TerraformFailedException(e.getMessage() + "; fix the cause shown above, then"
                    + " run '" + Hints.command(workspace, "infra init --env " + env.name()) + "'");
        }
    }

    /** Checks that need no rendering (confirmation of protected environments). */
    void beforeRender(Environment environment) {
    }

    abstract void run();

    /** {@code terraform plan -out=tfplan [extra]}, then the summary from {@code terraform show -json tfplan}. */
    TerraformChanges planAndSummarize(String... extra) {
        String[] args = new String[3 + extra.length];
        args[0] = "plan";
        args[1] = "-input=false";
        args[2] = "-out=" + PLAN_FILE;
        System.arraycopy(extra, 0, args, 3, extra.length);
        terraform.run(args);
        TerraformChanges changes = TerraformChanges.parse(terraform.capture("show", "-json", PLAN_FILE));
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
}
