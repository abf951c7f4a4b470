package dev.slipway.cli;

import dev.slipway.spec.Environment;
import dev.slipway.spec.InvalidInputException;
import picocli.CommandLine;

/**
 * The log line every command that reads state prints (stderr, not with -q): which store it used, so nobody mistakes
 * a local, unshared store for the team's. And the one rule for creating a PKI where none exists.
 */
final class StateStoreLine {
    private StateStoreLine() {
    }

    static void print(CommandLine cl, String location) {
        if (Verbosity.of(cl).quiet()) {
            return;
        }
        cl.getErr().println(location.startsWith("s3://") ? "state store: " + location
                : "state store: local " + location + " (not shared: set stateStore: s3://BUCKET in the spec to"
                        + " share it)");
    }

    /**
     * Whether the command may create the environment's first PKI: always for unprotected environments; for protected
     * ones only with {@code --confirm ENV} (a wrong name is bad input).
     */
    static boolean mayCreateCa(Environment env, ConfirmOption confirm) {
        if (confirm.value().isPresent() && !confirm.value().get().equals(env.name())) {
            throw new InvalidInputException("--confirm " + confirm.value().get() + " does not match environment '"
                    + env.name() + "' (nothing was changed)");
        }
        return !env.protectedEnv() || confirm.value().isPresent();
    }
}
