package dev.slipway.cli;

import picocli.CommandLine.Option;

/** {@code --yes}: approve the shown changes without a question (for scripts and CI, which have no terminal). */
public final class YesOption {
    @Option(names = {"-y", "--yes"},
            description = "Apply the changes shown without asking (needed when no terminal is attached). Protected"
                    + " environments also need --confirm ENV.")
    boolean yes;

    public boolean enabled() {
        return yes;
    }
}
