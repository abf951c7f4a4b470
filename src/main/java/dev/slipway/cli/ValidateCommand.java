package dev.slipway.cli;

import dev.slipway.spec.Environment;

import dev.slipway.spec.Platform;
import dev.slipway.spec.SpecException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code slipway validate}: check the spec and report every problem at once. */
@Command(name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Check the platform spec and report every problem at once.",
            "Checks keys, types, names, networks, regions, instance types, Kubernetes versions, node counts, apps,"
                    + " schedules and secret references, for every environment with its overrides applied. Prints"
                    + " every problem with its file, line and column, the path, what is wrong and what would be right,"
                    + " and exits 2;"
                    + " changes nothing. Warnings (a cluster nobody could reach) are printed too, with exit 0.",
            "With --output json the result (ok, environments or problems) goes to stdout for tools and editors.",
        },
        footer = {
            "",
            "Examples:",
            "  slipway validate",
            "  slipway validate -f examples/yourcom/platform.yaml",
            "  slipway validate --output json",
        })
public final class ValidateCommand implements Callable<Integer> {
    @Mixin
    SpecOption specOption;
    @Mixin
    OutputOption output;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Report report = new Report(spec, output);
        Platform platform;
        dev.slipway.plan.Workspace ws;
        try {
            ws = specOption.load();
            platform = ws.platform();
        } catch (SpecException e) {
            return output.specProblems(spec, null, e);
        }
        platform.warnings().forEach(w -> report.warn(w.format()));
        List<String> names = platform.environmentNames();
        if (report.json()) {
            Map<String, Object> ok = new LinkedHashMap<>();
            ok.put("ok", true);
            ok.put("environments", names);
            Map<String, Object> accounts = new LinkedHashMap<>();
            for (String name : names) {
                Environment env = platform.environment(name).orElseThrow();
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("account", env.aws().declaredAccount().orElse(null));
                a.put("role", env.aws().role() == null ? null : env.aws().role().arn());
                accounts.put(name, a);
            }
            ok.put("accounts", accounts);
            report.json(null, ok);
        } else if (!report.quiet()) {
            report.out().printf("ok: %d %s (%s)%s%n", names.size(), names.size() == 1 ? "environment" : "environments",
                    String.join(", ", names), platform.warnings().isEmpty() ? "" : ", "
                            + platform.warnings().size() + " warning" + (platform.warnings().size() == 1 ? "" : "s"));
            // Offline, from the spec: which account each environment's AWS calls go to, and where its state lives.
            for (String name : names) {
                Environment env = platform.environment(name).orElseThrow();
                var store = ws.stateStoreLocation(env);
                report.out().printf("%s: %s, state %s%n", name, env.aws().role() == null
                        ? "AWS account of your credentials (no aws.role; recorded in the state store at first use)"
                        : "AWS account " + env.aws().declaredAccount().orElseThrow() + " (aws.role "
                                + env.aws().role().arn() + ")",
                        store.isLocal() ? "local" : "s3://" + store.bucket().orElseThrow() + "/" + store.keyPrefix()
                                + env.statePrefix());
            }
        }
        return ExitCodes.OK;
    }
}
