package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.GoldenFiles;
import dev.slipway.testing.StubTerraform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code infra apply} on a real terminal: the CLI runs in its own JVM under {@code script}, which gives it a
 * pseudo-terminal (so {@code System.console()} is there, as for a person), and the answer is typed into that
 * terminal. The question must come after the plan's summary; "no" applies nothing, "yes" applies the saved plan.
 */
class InfraApprovalOnTerminalTest {
    @TempDir
    Path tmp;
    Path spec;
    Path log;

    @BeforeEach
    void setUp() throws IOException {
        spec = Files.createDirectories(tmp.resolve("platform")).resolve("platform.yaml");
        Files.copy(GoldenFiles.repo().resolve("examples/yourcom/platform.yaml"), spec);
        StubTerraform.install(tmp.resolve("bin"), "terraform");
        log = tmp.resolve("terraform.log");
    }

    private record Session(int code, String transcript) {
    }

    /** Runs {@code slipway ARGS} on a pseudo-terminal and types {@code answer} into it. */
    private Session onTerminal(String answer, String... args) throws Exception {
        String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        StringBuilder command = new StringBuilder("'" + javaBinary + "' -cp '" + System.getProperty("java.class.path")
                + "' dev.slipway.cli.Main");
        for (String a : args) {
            command.append(" '").append(a).append("'");
        }
        Path transcript = tmp.resolve("transcript.txt");
        ProcessBuilder pb = new ProcessBuilder("script", "-qec", command.toString(), "/dev/null")
                .redirectOutput(transcript.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(java.util.Map.of("PATH", tmp.resolve("bin") + ":/usr/bin:/bin",
                "HOME", tmp.toString(), "STUB_LOG", log.toString(), "TERM", "dumb"));
        Process p = pb.start();
        try {
            p.getOutputStream().write((answer + "\n").getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().flush();
            boolean finished = p.waitFor(120, TimeUnit.SECONDS);
            String text = Files.readString(transcript).replace("\r", "");
            assertThat(finished).as("slipway on the terminal finished (a second question would hang):\n" + text)
                    .isTrue();
            return new Session(p.exitValue(), text);
        } finally {
            // Closing the terminal's master side hangs up the JVM under it too.
            p.destroyForcibly();
        }
    }

    private List<String> calls() throws IOException {
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    @Test
    void theQuestionComesAfterTheSummaryAndNoAppliesNothing() throws Exception {
        Session no = onTerminal("no", "infra", "apply", "--env", "acc", "-f", spec.toString());
        String t = no.transcript();
        int summary = t.indexOf("Slipway plan summary for acc: 3 to add");
        int question = t.indexOf("To apply these 6 infrastructure changes on 'acc', type yes:");
        assertThat(summary).as(t).isNotNegative();
        assertThat(question).as("the question comes after the summary:\n" + t).isGreaterThan(summary);
        assertThat(t.substring(question)).contains("nothing was changed");
        assertThat(no.code()).as(t).isEqualTo(ExitCodes.FAILURE);
        assertThat(calls()).isNotEmpty().noneMatch(c -> c.contains(" apply "));

        Session yes = onTerminal("yes", "infra", "apply", "--env", "acc", "-f", spec.toString());
        assertThat(yes.code()).as(yes.transcript()).isZero();
        assertThat(calls()).last().asString().endsWith(" apply -input=false tfplan");
    }
}
