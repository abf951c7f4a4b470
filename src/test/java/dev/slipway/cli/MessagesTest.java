package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Messages name files as the user wrote them and never echo what is not a spec. Runs from the repository folder. */
class MessagesTest {

    @Test
    void locationsAreRelativeToTheCurrentFolder() throws Exception {
        Path bad = Files.createDirectories(Path.of("target/ux-bad/b2")).resolve("platform.yaml");
        String text = Files.readString(Path.of("examples/yourcom/platform.yaml")).replace("count: 3", "count: 4");
        Files.writeString(bad, text);
        // Where the example holds prod's count (the example grows: the line is looked up, the column is the value's).
        String[] lines = text.split("\n", -1);
        int line = java.util.stream.IntStream.range(0, lines.length).filter(i -> lines[i].contains("count: 4"))
                .findFirst().orElseThrow() + 1;
        int column = lines[line - 1].indexOf("count: 4") + "count: ".length() + 1;
        CliRun run = CliRun.of("validate", "-f", "target/ux-bad/b2/platform.yaml");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).startsWith("target/ux-bad/b2/platform.yaml:" + line + ":" + column
                + ": environments.prod.controllers.count");
        CliRun noEnv = CliRun.of("plan", "--env", "staging", "-f", "examples/yourcom/platform.yaml");
        assertThat(noEnv.err()).startsWith("error: examples/yourcom/platform.yaml: no environment named 'staging'");
    }

    @Test
    void aFolderGivenAsTheSpecGetsItsOwnMessage() {
        CliRun run = CliRun.of("validate", "-f", "examples/yourcom");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).isEqualTo("error: examples/yourcom is a folder; -f names the spec file itself: -f"
                + " examples/yourcom/platform.yaml\n");
    }

    @Test
    void aFileThatIsNoSpecIsNeverEchoed() throws Exception {
        CliRun passwd = CliRun.of("validate", "-f", "/etc/passwd");
        assertThat(passwd.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(passwd.err()).isEqualTo("error: /etc/passwd is not a platform spec: a spec is a YAML file such as"
                + " platform.yaml\n");
        Path yaml = Files.createDirectories(Path.of("target/ux-bad")).resolve("secrets.yaml");
        Files.writeString(yaml, "password: hunter2-do-not-print\ntoken: abc\n");
        CliRun other = CliRun.of("validate", "-f", yaml.toString());
        assertThat(other.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(other.err()).doesNotContain("hunter2").doesNotContain("password")
                .contains("not a platform spec: it has none of the keys name, domain, environments");
    }

    @Test
    void leavesNeverOutliveTheirCa() {
        CliRun run = CliRun.of("certs", "--env", "acc", "-f", "examples/yourcom/platform.yaml", "--leaf-days",
                "99999", "--dry-run");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("--leaf-days 99999 would outlive the CA (--ca-days 3650)");
    }

    @Test
    void hintsNameTheRealEnvironmentAndSpec() throws Exception {
        Path spec = Files.createDirectories(Path.of("target/ux-hint")).resolve("platform.yaml");
        Files.copy(Path.of("examples/yourcom/platform.yaml"), spec, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        CliRun run = CliRun.of("kubeconfig", "--env", "acc", "-f", "target/ux-hint/platform.yaml", "--output-file",
                "target/ux-hint/k.conf");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains("slipway certs --env acc -f target/ux-hint/platform.yaml")
                .doesNotContain("--env ENV");
    }
}
