package dev.slipway.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top-level {@code slipway} command: lists the subcommands. */
@Command(name = "slipway",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Turns a declarative platform spec (platform.yaml) into a Kubernetes platform on AWS, and operates it.",
            "",
            "Every command that touches an environment names it with --env; protected environments (prod) need"
                    + " --confirm ENV for changes. Results go to stdout, logs and warnings to stderr; -q prints"
                    + " only errors and what was asked for, -v adds detail, -o json gives one JSON object per run.",
        },
        footer = {
            "",
            "Examples:",
            "  slipway init my-platform --name yourcom --domain your.com",
            "  slipway plan --env acc -f examples/yourcom/platform.yaml",
            "",
            "Exit codes: 0 ok, 1 failure, 2 bad input (nothing changed).",
        })
// No `subcommands` here: picocli would build every command's model by reflection on every run. Slipway adds
// them in Slipway.commandLine, only the one a run names (see SUBCOMMANDS).
public final class SlipwayCommand implements Runnable {
    /**
     * The subcommands by name, in the order a user meets them (the order of {@code slipway --help}). Each name is
     * its class's {@code @Command(name)} (HelpTest checks it).
     */
    static final Map<String, Class<?>> SUBCOMMANDS = ordered(
            Map.entry("init", InitCommand.class),
            Map.entry("validate", ValidateCommand.class),
            Map.entry("plan", PlanCommand.class),
            Map.entry("certs", CertsCommand.class),
            Map.entry("kubeconfig", KubeconfigCommand.class),
            Map.entry("dashboards", DashboardsCommand.class),
            Map.entry("infra", InfraCommand.class),
            Map.entry("sync", SyncCommand.class),
            Map.entry("cron", CronCommand.class),
            Map.entry("deploy", DeployCommand.class),
            Map.entry("status", StatusCommand.class),
            Map.entry("diff", DiffCommand.class),
            Map.entry("up", UpCommand.class),
            Map.entry("down", DownCommand.class),
            Map.entry("doctor", DoctorCommand.class),
            Map.entry("rotate", RotateCommand.class),
            Map.entry("upgrade", UpgradeCommand.class),
            Map.entry("schema", SchemaCommand.class),
            Map.entry("generate-completion", CompletionCommand.class));

    @SafeVarargs
    private static Map<String, Class<?>> ordered(Map.Entry<String, Class<?>>... entries) {
        Map<String, Class<?>> m = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Class<?>> e : entries) {
            m.put(e.getKey(), e.getValue());
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    @Mixin
    Verbosity verbosity = new Verbosity();

    @Spec
    CommandSpec spec;

    /** The process environment tools run with (PATH above all); tests pass their own through {@link Slipway}. */
    private final Map<String, String> environment;

    public SlipwayCommand() {
        this(System.getenv());
    }

    public SlipwayCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** The environment of the {@code slipway} invocation that {@code cl} belongs to. */
    static Map<String, String> environment(CommandLine cl) {
        CommandLine root = cl;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        return root.getCommand() instanceof SlipwayCommand s ? s.environment : System.getenv();
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is required; see 'slipway --help'");
    }
}
