package dev.slipway.render.ignition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.slipway.render.RenderedFile;
import dev.slipway.spec.Environment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rendered Ignition config (pointer and full, every role, every fixture environment) is valid spec 3.3.0:
 * checked against a strict JSON schema of the spec (unknown keys rejected), by walking the keys against the set the
 * records may produce, and with Debian's {@code ignition-validate} (required: the test fails without it).
 */
class IgnitionValidationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> configs() {
        List<Arguments> out = new ArrayList<>();
        for (Environment env : List.of(IgnitionFixtures.example("acc"), IgnitionFixtures.example("prod"),
                IgnitionFixtures.acc(), IgnitionFixtures.prod(), IgnitionFixtures.fedoraCoreOs())) {
            for (Map.Entry<String, RenderedFile> e : IgnitionFixtures.render(env).files().entrySet()) {
                if (e.getKey().endsWith(".ign")) {
                    out.add(Arguments.of(env.platformName() + "-" + env.name() + "/" + env.os().family().specName() + ":" + e.getKey(),
                            e.getValue().content()));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void matchesTheStrictSchema(String name, byte[] config) throws IOException {
        Schema schema;
        try (InputStream in = getClass().getResourceAsStream("/ignition/ignition-3.3.0.strict.schema.json")) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(in);
        }
        var errors = schema.validate(new String(config, StandardCharsets.UTF_8), InputFormat.JSON);
        assertThat(errors).as(name).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void usesOnlyKeysOfTheSpec(String name, byte[] config) throws IOException {
        List<String> unknown = new ArrayList<>();
        walk(JSON.readTree(config), "", unknown);
        assertThat(unknown).as(name + ": keys outside Ignition 3.3.0").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void passesIgnitionValidate(String name, byte[] config) throws Exception {
        String tool = findOnPath("ignition-validate");
        if (tool == null) {
            // Never a skip: a missing validator would make this test pass without checking anything.
            fail("ignition-validate is not installed: apt-get install ignition (.ci/run does)");
        }
        Path file = Files.createTempFile("slipway-", ".ign");
        try {
            Files.write(file, config);
            Process p = new ProcessBuilder(tool, file.toString()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(name + ": " + output).isZero();
            // Unknown keys are only warnings to ignition-validate: treat any output as a failure.
            assertThat(output.strip()).as(name).isEmpty();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The keys each object of a config may have (the paths our records can produce, all in the 3.3.0 spec). */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("", Set.of("ignition", "passwd", "storage", "systemd")),
            Map.entry("ignition", Set.of("version", "config")),
            Map.entry("ignition.config", Set.of("merge")),
            Map.entry("ignition.config.merge[]", Set.of("source", "verification")),
            Map.entry("ignition.config.merge[].verification", Set.of("hash")),
            Map.entry("passwd", Set.of("users")),
            Map.entry("passwd.users[]", Set.of("name", "sshAuthorizedKeys")),
            Map.entry("storage", Set.of("directories", "files", "links")),
            Map.entry("storage.directories[]", Set.of("path", "mode")),
            Map.entry("storage.files[]", Set.of("path", "overwrite", "mode", "contents")),
            Map.entry("storage.files[].contents", Set.of("source", "verification")),
            Map.entry("storage.files[].contents.verification", Set.of("hash")),
            Map.entry("systemd", Set.of("units")),
            Map.entry("systemd.units[]", Set.of("name", "enabled", "mask", "contents", "dropins")),
            Map.entry("systemd.units[].dropins[]", Set.of("name", "contents")));

    private static void walk(JsonNode node, String path, List<String> unknown) {
        if (node.isObject()) {
            Set<String> allowed = ALLOWED.get(path);
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (allowed == null || !allowed.contains(key)) {
                    unknown.add(path.isEmpty() ? key : path + "." + key);
                } else {
                    walk(node.get(key), path.isEmpty() ? key : path + "." + key, unknown);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                walk(item, path + "[]", unknown);
            }
        }
    }

    private static String findOnPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }
}
