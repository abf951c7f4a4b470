package dev.slipway.render.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.spec.Environment;
import dev.slipway.testing.GoldenFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * checkov (pinned in testing/checkov-requirements.txt, installed by testing/install-checkov.sh into its own virtual
 * environment) on the rendered acc and prod Terraform: no failed check, and every skipped one carries a written
 * reason in the HCL ({@code #checkov:skip=CKV_...:reason}), which a user running the scanner sees too.
 */
class CheckovTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void accHasNoFailedChecksWithoutAReason() throws Exception {
        assertClean(ExampleEnvironments.acc());
    }

    @Test
    void prodHasNoFailedChecksWithoutAReason() throws Exception {
        assertClean(ExampleEnvironments.prod());
    }

    @Test
    void anExistingVpcHasNoFailedChecksWithoutAReason() throws Exception {
        assertClean(ExampleEnvironments.existingVpc());
    }

    /** Issue 28: the spot pool's mixed instances policy, the interruption queue, its rules and the handler's IAM. */
    @Test
    void aSpotPoolHasNoFailedChecksWithoutAReason() throws Exception {
        assertClean(dev.slipway.testing.SpotFixture.prod(), "prod-spot");
    }

    /** Graviton controllers and a mixed pool set (issue 28): the arm64 image lookup and launch template too. */
    @Test
    void gravitonHasNoFailedChecksWithoutAReason() throws Exception {
        assertClean(dev.slipway.render.ignition.IgnitionFixtures.graviton());
    }

    private void assertClean(Environment env) throws Exception {
        assertClean(env, env.name());
    }

    private void assertClean(Environment env, String folder) throws Exception {
        Path tf = TerraformTrees.write(TerraformTrees.render(env), dir.resolve(folder));
        JsonNode report = checkov(tf);
        List<String> failed = new ArrayList<>();
        for (JsonNode c : report.path("results").path("failed_checks")) {
            failed.add(c.path("check_id").asText() + " " + c.path("resource").asText() + " ("
                    + c.path("check_name").asText() + ") " + c.path("file_path").asText() + ":"
                    + c.path("file_line_range"));
        }
        assertThat(failed).as("checkov failed checks on %s's Terraform (fix, or skip with a reason)", env.name())
                .isEmpty();
        List<String> unexplained = new ArrayList<>();
        for (JsonNode c : report.path("results").path("skipped_checks")) {
            String reason = c.path("check_result").path("suppress_comment").asText("").strip();
            if (reason.length() < 15) {
                unexplained.add(c.path("check_id").asText() + " " + c.path("resource").asText() + ": '" + reason
                        + "'");
            }
        }
        assertThat(unexplained).as("skips without a written reason").isEmpty();
        assertThat(report.path("summary").path("passed").asInt()).as("checks that passed").isGreaterThan(100);
    }

    private static JsonNode checkov(Path tf) throws IOException, InterruptedException {
        Process install = new ProcessBuilder("bash", GoldenFiles.repo().resolve("testing/install-checkov.sh")
                .toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String checkov = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(install.waitFor(20, TimeUnit.MINUTES) && install.exitValue() == 0)
                .as("testing/install-checkov.sh installs checkov").isTrue();
        Path out = tf.resolveSibling("checkov.json");
        Process p = new ProcessBuilder(checkov, "-d", tf.toString(), "--framework", "terraform", "--output", "json",
                "--quiet", "--compact", "--skip-download")
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("checkov finished").isTrue();
        // Exit 1 means failed checks: the report says which, and the assertions name them.
        assertThat(p.exitValue()).as("checkov exit status (0 clean, 1 failed checks)").isIn(0, 1);
        JsonNode report = JSON.readTree(Files.readString(out));
        return report.isArray() ? report.get(0) : report;
    }
}
