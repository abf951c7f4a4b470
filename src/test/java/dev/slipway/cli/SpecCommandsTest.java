package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.spec.SpecReader;
import dev.slipway.spec.SpecSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** validate, init, schema and plan's bad-spec path, run through the real command line. */
class SpecCommandsTest {
    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Slipway.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    static Path copyResource(String resource, Path dir) throws IOException {
        Path spec = dir.resolve("platform.yaml");
        try (InputStream in = SpecCommandsTest.class.getResourceAsStream(resource)) {
            Files.write(spec, in.readAllBytes());
        }
        return spec;
    }

    @Test
    void validateAcceptsTheExample() {
        Result r = run("validate", "-f", "examples/yourcom/platform.yaml");
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).isEqualTo("ok: 2 environments (acc, prod)\n");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void validateReportsEveryProblemAndExits2(@TempDir Path dir) throws IOException {
        Path spec = copyResource("/spec/ten-mistakes.yaml", dir);
        Result r = run("validate", "-f", spec.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().filter(l -> l.matches("platform\\.yaml:\\d+:\\d+: .*"))).hasSize(12);
        assertThat(r.err()).contains("platform.yaml:34:14: environments.acc.controllers.count: 2 is even")
                .endsWith("12 problems found; nothing was written.\n");
    }

    @Test
    void validateNamesAMissingFile(@TempDir Path dir) {
        Result r = run("validate", "-f", dir.resolve("nope.yaml").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("nope.yaml: no such spec file");
    }

    @Test
    void validateReportsYamlSyntaxErrorsWithTheirPosition(@TempDir Path dir) throws IOException {
        Path spec = dir.resolve("platform.yaml");
        Files.writeString(spec, "name: demo\ndomain: [unclosed\n");
        Result r = run("validate", "-f", spec.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("platform.yaml:3:1: invalid YAML");
    }

    @Test
    void planOnABadSpecExits2WithEveryProblemAndWritesNothing(@TempDir Path dir) throws IOException {
        Path spec = copyResource("/spec/ten-mistakes.yaml", dir);
        Result r = run("plan", "--env", "acc", "-f", spec.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines().filter(l -> l.matches("platform\\.yaml:\\d+:\\d+: .*"))).hasSize(12);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("platform.yaml");
        }
    }

    @Test
    void schemaPrintsTheGeneratedSchema() {
        Result r = run("schema");
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).isEqualTo(SpecSchema.json());
    }

    @Test
    void initScaffoldsAValidRepository(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("acme-platform");
        Result r = run("init", dir.toString(), "--name", "acme", "--domain", "acme.io", "--region", "us-east-2");
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("wrote " + dir.resolve("platform.yaml"), "slipway plan --env acc");
        var platform = SpecReader.read(dir.resolve("platform.yaml"));
        assertThat(platform.name()).isEqualTo("acme");
        assertThat(platform.environmentNames()).containsExactly("acc", "prod");
        assertThat(platform.environment("prod").orElseThrow().protectedEnv()).isTrue();
        assertThat(platform.environment("acc").orElseThrow().aws().region()).isEqualTo("us-east-2");
        assertThat(Files.readAllLines(dir.resolve(".gitignore")))
                .contains(".slipway/", "build/", "*.key", ".terraform/", "*.tfstate*");
        assertThat(Files.readString(dir.resolve("README.md"))).contains("# acme platform", "slipway validate",
                "slipway plan --env acc");
        assertThat(run("validate", "-f", dir.resolve("platform.yaml").toString()).out())
                .isEqualTo("ok: 2 environments (acc, prod)\n");
    }

    @Test
    void initRefusesANonEmptyFolderUnlessForced(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "mine");
        Result refused = run("init", dir.toString(), "--name", "acme", "--domain", "acme.io");
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("folder is not empty (use --force");
        assertThat(dir.resolve("platform.yaml")).doesNotExist();

        Result forced = run("init", dir.toString(), "--name", "acme", "--domain", "acme.io", "--force");
        assertThat(forced.code()).isEqualTo(0);
        assertThat(dir.resolve("platform.yaml")).exists();
        assertThat(dir.resolve("notes.txt")).hasContent("mine");
    }

    @Test
    void initChecksNameAndDomainUpFrontWithTheSpecRules(@TempDir Path tmp) {
        Path dir = tmp.resolve("x");
        Result r = run("init", dir.toString(), "--name", "Acme.Corp", "--domain", "acme_io", "--region", "mars-1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(
                "--name: 'Acme.Corp' is not a valid platform name",
                "--domain: 'acme_io' is not a valid DNS domain",
                "--region: 'mars-1' is not an AWS region");
        assertThat(dir).doesNotExist();
    }

    @Test
    void initDryRunListsFilesAndWritesNothing(@TempDir Path tmp) {
        Path dir = tmp.resolve("p");
        Result r = run("init", dir.toString(), "--name", "acme", "--domain", "acme.io", "--dry-run");
        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).contains("would write " + dir.resolve("platform.yaml"),
                "would write " + dir.resolve(".gitignore"), "would write " + dir.resolve("README.md"));
        assertThat(dir).doesNotExist();
    }

    @Test
    void initQuotesOddInputSoItFailsValidationNotYamlParsing(@TempDir Path tmp) {
        Result r = run("init", tmp.resolve("q").toString(), "--name", "a: b", "--domain", "acme.io");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--name: 'a: b' is not a valid platform name");
    }

    @Test
    void everyNewCommandHasHelpWithExamples() {
        for (String cmd : new String[] {"validate", "init", "schema"}) {
            Result r = run(cmd, "--help");
            assertThat(r.code()).isEqualTo(0);
            assertThat(r.out()).contains("Usage: slipway " + cmd, "Examples:");
        }
        assertThat(run("--help").out()).contains("init", "validate", "schema");
    }

    @Test
    void theFileNameInMessagesIsTheSpecsOwn(@TempDir Path dir) throws IOException {
        Path spec = dir.resolve("other.yaml");
        Files.writeString(spec, Files.readString(Path.of("examples/yourcom/platform.yaml"), StandardCharsets.UTF_8)
                .replace("count: 3", "count: 4"));
        Result r = run("validate", "-f", spec.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("other.yaml:");
    }
}
