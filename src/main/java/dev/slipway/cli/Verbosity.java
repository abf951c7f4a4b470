package dev.slipway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code -v} for more, {@code -q} for less: a mixin on the top-level command, inherited by every subcommand. */
public final class Verbosity {
    @Option(names = {"-v", "--verbose"}, description = "Print more detail: unchanged files, inventories, the causes behind an error and stack traces.",
            scope = CommandLine.ScopeType.INHERIT)
    boolean[] verbose = new boolean[0];

    @Option(names = {"-q", "--quiet"}, description = "Print only errors and what was asked for: no progress, no summaries, no warnings.",
            scope = CommandLine.ScopeType.INHERIT)
    boolean quiet;

    public boolean verbose() {
        return verbose.length > 0;
    }

    public boolean quiet() {
        return quiet;
    }

    /** {@code -q} and {@code -v} together contradict each other: a usage error, not a silent choice of one. */
    void requireOneDirection(CommandLine.ParseResult parseResult) {
        if (quiet && verbose()) {
            throw new CommandLine.ParameterException(parseResult.subcommand() == null ? parseResult.commandSpec()
                    .commandLine() : last(parseResult).commandSpec().commandLine(),
                    "--quiet and --verbose contradict each other; give one of them");
        }
    }

    private static CommandLine.ParseResult last(CommandLine.ParseResult r) {
        while (r.subcommand() != null) {
            r = r.subcommand();
        }
        return r;
    }

    /** The verbosity in force for the command being run. */
    static Verbosity of(CommandLine cl) {
        CommandLine root = cl;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Object cmd = root.getCommand();
        return cmd instanceof SlipwayCommand s ? s.verbosity : new Verbosity();
    }
}
