package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.CliRun;
import dev.slipway.testing.GoldenFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated bash completion, run by bash, offers the environments of platform.yaml where TAB is pressed. */
class CompletionTest {
    @TempDir
    Path dir;

    @Test
    void envCompletesToTheEnvironmentsOfTheSpecInTheCurrentFolder() throws Exception {
        Path script = Files.writeString(dir.resolve("completion.bash"), CliRun.of("generate-completion").out());
        Files.writeString(dir.resolve("platform.yaml"), Files.readString(GoldenFiles.repo()
                .resolve("examples/yourcom/platform.yaml")).replace("\n  acc:\n", "\n  staging:\n"));
        assertThat(complete(script, dir)).isEqualTo("staging prod");
        Path empty = Files.createDirectories(dir.resolve("elsewhere"));
        assertThat(complete(script, empty)).isEmpty();
    }

    private static String complete(Path script, Path cwd) throws Exception {
        String body = "source '" + script + "' 2>/dev/null; COMP_WORDS=(slipway plan --env ''); COMP_CWORD=3;"
                + " COMP_LINE='slipway plan --env '; COMP_POINT=${#COMP_LINE}; _complete_slipway 2>/dev/null;"
                + " echo \"${COMPREPLY[*]}\"";
        Process p = new ProcessBuilder("bash", "-c", body).directory(cwd.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
