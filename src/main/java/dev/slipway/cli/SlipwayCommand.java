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
        },
        subcommands = {
            // Subcommands, one class each; keep in the order a user meets them.
            InitCommand.class,
            ValidateCommand.class,
            PlanCommand.class,
            CertsCommand.class,
            KubeconfigCommand.class,
            DashboardsCommand.class,
            InfraCommand.class,
            SyncCommand.class,
            CronCommand.class,
            DeployCommand.class,
            StatusCommand.class,
            DiffCommand.class,
            UpCommand.class,
            DownCommand.class,
            DoctorCommand.class,
            RotateCommand.class,
            UpgradeCommand.class,
            SchemaCommand.class,
            CompletionCommand.class,
        })
public final class SlipwayCommand implements Runnable {
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
