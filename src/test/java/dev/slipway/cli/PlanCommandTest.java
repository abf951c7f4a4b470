package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.testing.CliRun;
import dev.slipway.testing.GoldenFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slipway plan} on the bundled example, through the real command line. */
class PlanCommandTest {
    @TempDir
    Path dir;

    private Path copyExample(String name) throws Exception {
        Path target = dir.resolve(name);
        Files.createDirectories(target);
        Files.copy(GoldenFiles.repo().resolve("examples/yourcom/platform.yaml"), target.resolve("platform.yaml"));
        return target.resolve("platform.yaml");
    }

    @Test
    void rendersTheExampleAndPrintsASummary() throws Exception {
        Path spec = copyExample("a");
        CliRun run = CliRun.of("plan", "--env", "acc", "-f", spec.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("  new       terraform/network.tf\n")
                .contains(spec.resolveSibling("build/acc") + ": written, ");
        assertThat(spec.resolveSibling("build/acc")).isDirectory();
    }

    @Test
    void twoRunsGiveByteIdenticalTreesAndTheSecondChangesNothing() throws Exception {
        Path first = copyExample("one");
        Path second = copyExample("two");
        // The PKI is state, not output: share it so both trees derive from the same keys.
        // prod is protected: its first CA needs --confirm prod.
        CliRun refused = CliRun.of("plan", "--env", "prod", "-f", first.toString());
        assertThat(refused.exitCode()).as(refused.all()).isEqualTo(2);
        assertThat(refused.err()).contains("pass --confirm prod");
        assertThat(first.resolveSibling(".slipway")).doesNotExist();
        assertThat(first.resolveSibling("build")).doesNotExist();
        assertThat(CliRun.of("plan", "--env", "prod", "-f", first.toString(), "--confirm", "prod").exitCode())
                .isZero();
        copyTree(first.resolveSibling(".slipway"), second.resolveSibling(".slipway"));
        assertThat(CliRun.of("plan", "--env", "prod", "-f", second.toString()).exitCode()).isZero();

        Map<String, byte[]> a = GoldenFiles.readTree(first.resolveSibling("build/prod"));
        Map<String, byte[]> b = GoldenFiles.readTree(second.resolveSibling("build/prod"));
        assertThat(a).isNotEmpty();
        assertThat(a.keySet()).isEqualTo(b.keySet());
        // The build record holds the spec's path in its fingerprint: the one file that differs by design.
        a.forEach((path, bytes) -> {
            if (!path.equals(".slipway-build")) {
                assertThat(b.get(path)).as(path).isEqualTo(bytes);
            }
        });

        CliRun again = CliRun.of("plan", "--env", "prod", "-f", first.toString(), "-o", "json");
        JsonNode json = new ObjectMapper().readTree(again.out()).get("result");
        assertThat(json.at("/counts/new").asLong()).isZero();
        assertThat(json.at("/counts/changed").asLong()).isZero();
        assertThat(json.at("/counts/removed").asLong()).isZero();
        // a.size() counts the build record (.slipway-build) too, which is no rendered file.
        assertThat(json.at("/counts/unchanged").asLong()).isEqualTo(a.size() - 1);
        assertThat(GoldenFiles.readTree(first.resolveSibling("build/prod")).keySet()).isEqualTo(a.keySet());
    }

    @Test
    void dryRunWritesNothing() throws Exception {
        Path spec = copyExample("dry");
        CliRun run = CliRun.of("plan", "--env", "acc", "-f", spec.toString(), "--dry-run", "-o", "json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out()).get("result");
        assertThat(json.at("/dryRun").asBoolean()).isTrue();
        assertThat(json.at("/counts/new").asLong()).isEqualTo(json.at("/files").size()).isPositive();
        assertThat(spec.resolveSibling("build")).doesNotExist();
        assertThat(spec.resolveSibling(".slipway")).doesNotExist();
    }

    @Test
    void unknownEnvironmentIsBadInputNamingTheKnownOnes() throws Exception {
        Path spec = copyExample("env");
        CliRun run = CliRun.of("plan", "--env", "staging", "-f", spec.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("no environment named 'staging'").contains("acc, prod");
        assertThat(spec.resolveSibling("build")).doesNotExist();
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (var s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
