package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.CliRun;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

class HelpTest {

    @Test
    void anUnknownCommandIsAUsageErrorWithOrWithoutHelp() {
        for (String[] args : new String[][] {{"nosuchcommand"}, {"nosuchcommand", "--help"}, {"--help", "nosuchcommand"}}) {
            CliRun run = CliRun.of(args);
            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(run.out()).as("no help text for an unknown command").doesNotContain("Usage:");
            assertThat(run.err()).contains("nosuchcommand").contains("Try 'slipway --help'");
        }
    }

    @Test
    void topLevelHelpListsEveryCommand() {
        CliRun run = CliRun.of("--help");
        assertThat(run.exitCode()).isZero();
        for (String name : Slipway.commandLine().getSubcommands().keySet()) {
            assertThat(run.out()).contains("  " + name);
        }
        assertThat(run.out()).contains("plan");
    }

    @Test
    void everyOptionOfEveryCommandIsExplained() {
        assertExplained(Slipway.commandLine());
    }

    private static void assertExplained(CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        assertThat(spec.usageMessage().description()).as("description of %s", spec.qualifiedName()).isNotEmpty();
        for (OptionSpec o : spec.options()) {
            assertThat(String.join(" ", o.description()).trim())
                    .as("description of %s %s", spec.qualifiedName(), o.longestName()).isNotEmpty();
        }
        cl.getSubcommands().values().forEach(HelpTest::assertExplained);
    }

    @Test
    void everyCommandAnswersHelp() {
        for (String name : Slipway.commandLine().getSubcommands().keySet()) {
            CliRun run = CliRun.of(name, "--help");
            assertThat(run.exitCode()).as(name).isZero();
            assertThat(run.out()).as(name).startsWith("Usage: slipway " + name);
        }
    }

    @Test
    void versionNamesThePinnedKubernetes() {
        CliRun run = CliRun.of("--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("kubernetes v1.");
    }

    @Test
    void unknownOptionIsBadInput() {
        CliRun run = CliRun.of("plan", "--env", "acc", "--no-such-option");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("--no-such-option");
    }

    @Test
    void missingSpecFileIsBadInputWithAHint() {
        CliRun run = CliRun.of("plan", "--env", "acc", "-f", "/nonexistent/platform.yaml");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("no such spec file").contains("slipway init");
    }

    @Test
    void completionScriptIsGenerated() {
        CliRun run = CliRun.of("generate-completion");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("complete -F").contains("plan");
    }
}
