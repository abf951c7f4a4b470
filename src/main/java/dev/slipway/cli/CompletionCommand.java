package dev.slipway.cli;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code slipway generate-completion}: picocli's bash/zsh completion script, with one addition: {@code --env} completes
 * to the environments of {@code platform.yaml} in the folder where you press TAB (read when completing, so a new
 * environment needs no new script).
 */
@Command(name = "generate-completion", mixinStandardHelpOptions = true,
        description = {"Print a bash/zsh completion script for slipway.",
            "Load it with: source <(slipway generate-completion). --env completes to the environments of"
                    + " platform.yaml in the current folder."})
public final class CompletionCommand implements Callable<Integer> {
    /** Stands in for the environment names in picocli's script until they are made a shell expression. */
    static final String PLACEHOLDER = "__SLIPWAY_ENVIRONMENTS__";

    @Spec
    CommandSpec spec;

    /** The candidates picocli writes into the script for {@code --env}: only the placeholder. */
    public static final class EnvironmentCandidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of(PLACEHOLDER).iterator();
        }
    }

    @Override
    public Integer call() {
        CommandLine root = spec.commandLine().getParent();
        String script = AutoComplete.bash("slipway", root);
        // The environments are the keys indented by two spaces under 'environments:' (as slipway init writes them).
        String names = "$(sed -n '/^environments:/,/^[^ #]/s/^  \\([a-z][a-z0-9-]*\\):.*/\\1/p' platform.yaml"
                + " 2>/dev/null)";
        script = script.replace("(\"" + PLACEHOLDER + "\")", "(" + names + ")");
        spec.commandLine().getOut().print(script);
        return ExitCodes.OK;
    }
}
