package dev.slipway.cli;

import picocli.CommandLine.Option;

/** {@code --env ENV}: every command that touches an environment names it; there is no "current" cluster. */
public final class EnvOption {
    @Option(names = {"-e", "--env"}, paramLabel = "ENV", required = true,
            completionCandidates = CompletionCommand.EnvironmentCandidates.class,
            description = "The environment to act on, as named under 'environments:' in the spec (e.g. acc, prod).")
    String env;

    public String name() {
        return env;
    }
}
