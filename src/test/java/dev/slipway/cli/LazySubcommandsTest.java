package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.CliRun;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

/** A run builds the picocli model of the command it names only (start-up cost); nothing a user sees changes. */
class LazySubcommandsTest {

    @Test
    void everyCommandIsListedUnderItsOwnNameInHelpOrder() {
        SlipwayCommand.SUBCOMMANDS.forEach((name, type) ->
                assertThat(type.getAnnotation(Command.class).name()).as(type.getSimpleName()).isEqualTo(name));
        assertThat(List.copyOf(Slipway.commandLine().getSubcommands().keySet()))
                .containsExactlyElementsOf(SlipwayCommand.SUBCOMMANDS.keySet());
    }

    @Test
    void aRunNamingACommandNeedsThatCommandOnly() {
        String[] args = {"-q", "plan", "--env", "acc", "-f", "validate"};
        assertThat(needed(args)).containsExactly("plan");
        assertThat(needed("validate", "-f", "x.yaml")).containsExactly("validate");
        assertThat(needed("infra", "plan", "--env", "acc")).containsExactly("infra");
        assertThat(needed("--version")).isEmpty();
    }

    @Test
    void helpWithoutACommandATypoAndCompletionNeedEveryCommand() {
        List<String> all = List.copyOf(SlipwayCommand.SUBCOMMANDS.keySet());
        assertThat(needed("--help")).isEqualTo(all);
        assertThat(needed("-v", "-h")).isEqualTo(all);
        assertThat(needed("plna", "--env", "acc")).isEqualTo(all);
        assertThat(needed("generate-completion")).isEqualTo(all);
    }

    @Test
    void aTypoStillGetsTheCommandItMeant() {
        CliRun run = CliRun.of("valdiate");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("validate");
    }

    private static List<String> needed(String... args) {
        return SlipwayCommand.SUBCOMMANDS.keySet().stream().filter(name -> Slipway.needs(name, args)).toList();
    }
}
