package dev.slipway.cli;

import picocli.CommandLine.Option;

/** {@code -o/--output text|json}: results for people or for machines. */
public final class OutputOption {
    public enum Format { text, json }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "Result format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    public boolean json() {
        return format == Format.json;
    }
}
