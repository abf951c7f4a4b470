package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.CliRun;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Help that reads as written: whole-sentence summaries, paragraphs wrapped by picocli at word boundaries. */
class HelpTextTest {

    private static List<CommandLine> everyCommand() {
        List<CommandLine> all = new ArrayList<>();
        collect(Slipway.commandLine(), all);
        return all;
    }

    private static void collect(CommandLine cl, List<CommandLine> into) {
        into.add(cl);
        cl.getSubcommands().values().forEach(c -> collect(c, into));
    }

    @Test
    void everySummaryIsAWholeSentence() {
        for (CommandLine cl : everyCommand()) {
            String summary = cl.getCommandSpec().usageMessage().description()[0];
            assertThat(summary).as("summary of %s", cl.getCommandSpec().qualifiedName()).endsWith(".")
                    .doesNotContain("\n");
        }
        // What the user sees in the command lists: each summary line ends a sentence.
        for (String list : List.of(CliRun.of("--help").out(), CliRun.of("infra", "--help").out())) {
            String commands = list.substring(list.indexOf("Commands:"), list.indexOf("Examples:"));
            String joined = commands.replaceAll("\\n\\s{6,}", " ");
            joined.lines().skip(1).filter(l -> !l.isBlank())
                    .forEach(l -> assertThat(l).as("command list entry").endsWith("."));
        }
    }

    /**
     * No line of any {@code --help} is cut mid-word: the words of the help at 80 columns are exactly the words of the
     * same help at a width where nothing wraps. A word split over two lines would show up as two other words.
     */
    @Test
    void noLineOfAnyHelpIsCutMidWord() {
        for (CommandLine cl : everyCommand()) {
            String narrow = usage(cl, 80);
            String wide = usage(cl, 2000);
            List<String> cut = new ArrayList<>(words(narrow));
            cut.removeAll(words(wide));
            assertThat(cut).as("pieces of words cut at the line end in %s --help", cl.getCommandSpec().qualifiedName())
                    .isEmpty();
            assertThat(words(narrow)).as("words of %s --help", cl.getCommandSpec().qualifiedName())
                    .isEqualTo(words(wide));
            narrow.lines().forEach(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(80));
        }
    }

    private static String usage(CommandLine original, int width) {
        // A fresh command line per width: picocli caches the help layout.
        CommandLine cl = Slipway.commandLine();
        for (String name : original.getCommandSpec().qualifiedName(" ").split(" ")) {
            if (!name.equals("slipway")) {
                cl = cl.getSubcommands().get(name);
            }
        }
        cl.setUsageHelpWidth(width);
        cl.setUsageHelpLongOptionsMaxWidth(20);
        return cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }

    @Test
    void aMissingOptionIsOneLineAndWhereToReadMore() {
        CliRun run = CliRun.of("plan");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).isEqualTo("error: Missing required option: '--env=ENV'\n"
                + "Try 'slipway plan --help' for more information.\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void quietAndVerboseTogetherAreAUsageError() {
        CliRun run = CliRun.of("validate", "-q", "-v", "-f", "examples/yourcom/platform.yaml");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).startsWith("error: --quiet and --verbose contradict each other");
        assertThat(CliRun.of("-q", "validate", "-v", "-f", "examples/yourcom/platform.yaml").exitCode())
                .isEqualTo(ExitCodes.BAD_INPUT);
    }

    @Test
    void validateQuietPrintsNothingOnSuccess() {
        CliRun run = CliRun.of("validate", "-q", "-f", "examples/yourcom/platform.yaml");
        assertThat(run.exitCode()).isZero();
        assertThat(run.all()).isEmpty();
    }

    @Test
    void versionIsTheBuildsOwnAndThePinnedKubernetes() {
        CliRun run = CliRun.of("--version");
        assertThat(run.out()).startsWith("slipway 0.").doesNotContain("dev").contains("kubernetes v1.");
    }
}
