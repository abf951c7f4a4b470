package dev.slipway.cli;

import dev.slipway.spec.Environment;
import dev.slipway.spec.InvalidInputException;
import java.io.Console;
import java.util.Optional;

/**
 * The question every command asks after it has shown what it will change in AWS or a cluster, and before it changes
 * anything, as {@code terraform apply} does. On a terminal: type {@code yes} (or the environment's name when it is
 * protected). Without a terminal nobody can answer, so the change needs {@code --yes}. Protected environments need
 * the deliberate second naming as well: {@code --confirm ENV}, or typing the name.
 *
 * <p>Ask only after the plan was printed, and only when it is not empty: a question about nothing trains people to
 * answer yes without reading.
 */
final class ChangeApproval {
    private final ProtectedEnvironmentGate.Prompt prompt;

    ChangeApproval(ProtectedEnvironmentGate.Prompt prompt) {
        this.prompt = prompt;
    }

    /** Asks on the process's terminal, if there is one. */
    static ChangeApproval onConsole() {
        return new ChangeApproval(question -> {
            Console c = System.console();
            return c == null ? Optional.empty() : Optional.ofNullable(c.readLine("%s", question));
        });
    }

    /**
     * Whether {@code action} (e.g. "apply these 12 changes") may go ahead on {@code env}. Returns false when the person
     * at the terminal declined (the caller says nothing was changed and exits 1); throws a bad-input error when the
     * flags needed without a terminal are missing or wrong.
     */
    boolean approve(Environment env, String action, YesOption yes, ConfirmOption confirm) {
        String name = env.name();
        Optional<String> confirmed = confirm.value();
        if (confirmed.isPresent() && !confirmed.get().equals(name)) {
            throw new InvalidInputException("--confirm " + confirmed.get() + " does not match environment '" + name
                    + "'; nothing was changed (to " + action + ", pass --confirm " + name + ")");
        }
        boolean namedTwice = !env.protectedEnv() || confirmed.isPresent();
        if (yes.enabled() && namedTwice) {
            return true;
        }
        String expected = env.protectedEnv() ? name : "yes";
        String question = env.protectedEnv()
                ? "Environment '" + name + "' is protected. To " + action + ", type its name: "
                : "To " + action + " on '" + name + "', type yes: ";
        Optional<String> typed = prompt.ask(question);
        if (typed.isEmpty()) {
            throw new InvalidInputException("no terminal to ask on: to " + action + " on '" + name + "', pass --yes"
                    + (env.protectedEnv() ? " --confirm " + name : "") + " (nothing was changed)");
        }
        return typed.get().trim().equals(expected);
    }
}
