package dev.slipway.cli;

import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --confirm ENV}: the deliberate second naming of a protected environment that a change there needs. */
public final class ConfirmOption {
    @Option(names = "--confirm", paramLabel = "ENV",
            description = "Confirm a change to a protected environment by naming it again (e.g. --confirm prod).")
    String confirm;

    public Optional<String> value() {
        return Optional.ofNullable(confirm);
    }
}
