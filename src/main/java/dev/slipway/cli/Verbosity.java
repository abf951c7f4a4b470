package dev.slipway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code -v} for more, {@code -q} for less: a mixin on the top-level command, inherited by every subcommand. */
public final class Verbosity {
    @Option(names = {"-v", "--verbose"}, description = "Print more detail (repeat for even more; stack traces on errors).",
            scope = CommandLine.ScopeType.INHERIT)
    boolean[] verbose = new boolean[0];

    @Option(names = {"-q", "--quiet"}, description = "Print only results and errors.",
            scope = CommandLine.ScopeType.INHERIT)
    boolean quiet;

    public boolean verbose() {
        return verbose.length > 0;
    }

    public boolean quiet() {
        return quiet;
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
