package dev.slipway.cli;

import picocli.CommandLine.Option;

/** {@code --dry-run}: show the plan of a mutating command and change nothing. */
public final class DryRunOption {
    @Option(names = "--dry-run", description = "Show what would change; change nothing.")
    boolean dryRun;

    public boolean enabled() {
        return dryRun;
    }
}
