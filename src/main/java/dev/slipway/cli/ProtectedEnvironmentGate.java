package dev.slipway.cli;

import dev.slipway.spec.Environment;
import dev.slipway.spec.InvalidInputException;
import java.io.Console;
import java.util.Optional;

/**
 * Stands between a mutating command and a protected environment: the change goes ahead only when the user named the
 * environment twice, with {@code --confirm ENV} or by typing it at a prompt (offered only when a terminal is
 * attached, so scripts and CI never hang waiting). Otherwise: exit 2, saying exactly what to pass.
 */
final class ProtectedEnvironmentGate {

    /** Asks a person a question; empty when nobody can answer (no terminal). */
    interface Prompt {
        Optional<String> ask(String question);
    }

    private final Prompt prompt;

    ProtectedEnvironmentGate(Prompt prompt) {
        this.prompt = prompt;
    }

    /** A gate that prompts on the process's terminal, if there is one. */
    static ProtectedEnvironmentGate onConsole() {
        return new ProtectedEnvironmentGate(question -> {
            Console c = System.console();
            return c == null ? Optional.empty() : Optional.ofNullable(c.readLine("%s", question));
        });
    }

    /**
     * Returns when {@code action} (e.g. "rotate its certificates") may proceed on {@code env}; throws a bad-input
     * error otherwise.
     */
    void require(Environment env, String action, Optional<String> confirm) {
        if (!env.protectedEnv()) {
            return;
        }
        String name = env.name();
        if (confirm.isPresent()) {
            if (confirm.get().equals(name)) {
                return;
            }
            throw new InvalidInputException("--confirm " + confirm.get() + " does not match environment '" + name
                    + "'; to " + action + ", pass --confirm " + name);
        }
        Optional<String> typed = prompt.ask("Environment '" + name + "' is protected. To " + action
                + ", type its name: ");
        if (typed.isEmpty()) {
            throw new InvalidInputException("environment '" + name + "' is protected: to " + action + ", pass"
                    + " --confirm " + name + " (nothing was changed)");
        }
        if (!typed.get().trim().equals(name)) {
            throw new InvalidInputException("you typed '" + typed.get().trim() + "', not '" + name
                    + "'; nothing was changed (or pass --confirm " + name + ")");
        }
    }
}
