package dev.slipway.cli;

import dev.slipway.plan.Workspace;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code -f/--file}: which platform spec a command works on. */
public final class SpecOption {
    @Option(names = {"-f", "--file"}, paramLabel = "SPEC", defaultValue = "platform.yaml",
            description = "The platform spec (default: ${DEFAULT-VALUE} in the current folder). Rendered files go"
                    + " beside it in build/ENV/, state in .slipway/ENV/ there.")
    Path file;

    public Workspace load() {
        return Workspace.load(file);
    }
}
