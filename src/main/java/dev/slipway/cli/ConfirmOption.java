package dev.slipway.cli;

import dev.slipway.spec.Environment;
import dev.slipway.spec.InvalidInputException;
import picocli.CommandLine.Option;

/** {@code --confirm ENV}: protected environments change only when the user names them again. */
public final class ConfirmOption {
    @Option(names = "--confirm", paramLabel = "ENV",
            description = "Required for changes to a protected environment (prod): repeat its name.")
    String confirm;

    /** Fails with bad input (exit 2, nothing changed) when {@code env} is protected and not confirmed. */
    public void require(Environment env, String action) {
        if (env.protectedEnv() && !env.name().equals(confirm)) {
            throw new InvalidInputException("environment " + env.name() + " is protected: " + action
                    + " needs --confirm " + env.name() + (confirm == null ? "" : " (got --confirm " + confirm + ")"));
        }
    }
}
