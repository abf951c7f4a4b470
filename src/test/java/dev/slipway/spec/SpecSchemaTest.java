package dev.slipway.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The JSON Schema is generated from the model, committed, and agrees with the reader on the example. */
class SpecSchemaTest {
    static final Path COMMITTED = Path.of("schema/platform.schema.json");

    @Test
    void committedSchemaIsTheGeneratedOne() throws Exception {
        assertThat(Files.readString(COMMITTED, StandardCharsets.UTF_8))
                .as("schema/platform.schema.json is stale: regenerate with 'slipway schema > schema/platform.schema.json'")
                .isEqualTo(SpecSchema.json());
    }

    /**
     * Generated twice in other JVMs (identity hash codes, and so the order of any hash-based collection, differ
     * between JVMs; within one JVM a second call could repeat the first by construction).
     */
    @Test
    void generationIsDeterministicAcrossJvms() throws Exception {
        String first = schemaFromAnotherJvm();
        String second = schemaFromAnotherJvm();
        assertThat(first).isNotBlank().isEqualTo(second).isEqualTo(SpecSchema.json());
    }

    private static String schemaFromAnotherJvm() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.slipway.cli.Main", "schema")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("slipway schema finished").isTrue();
        assertThat(p.exitValue()).isZero();
        return out;
    }

    @Test
    void describesDefaultsEnumsAndClosesEveryObject() {
        var root = SpecSchema.build();
        assertThat(root.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(root.get("additionalProperties").asBoolean(true)).isFalse();
        var defs = root.get("$defs");
        defs.properties().forEach(e -> assertThat(e.getValue().get("additionalProperties").asBoolean(true))
                .as("%s is closed", e.getKey()).isFalse());
        assertThat(defs.at("/app/properties/service/enum").toString())
                .isEqualTo("[\"ClusterIP\",\"LoadBalancer\",\"None\"]");
        assertThat(defs.at("/app/properties/replicas/default").asInt()).isEqualTo(1);
        assertThat(defs.at("/kubernetes/properties/version/default").asText())
                .isEqualTo(dev.slipway.versions.Versions.bundled().kubernetes());
        assertThat(defs.at("/environment/required").toString()).contains("network", "controllers", "workerPools");
    }

    static List<Error> validate(String yaml) throws Exception {
        Object data = new Load(LoadSettings.builder().build()).loadFromString(yaml);
        String json = new ObjectMapper().writeValueAsString(data);
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(SpecSchema.json(), InputFormat.JSON);
        return schema.validate(json, InputFormat.JSON);
    }

    @Test
    void theExampleValidatesAgainstTheSchema() throws Exception {
        assertThat(validate(Files.readString(Path.of("examples/yourcom/platform.yaml")))).isEmpty();
    }

    @Test
    void aBrokenSpecDoesNot() throws Exception {
        // Both apps have "replicas: 2" before "ports:": both get the typo.
        String broken = Files.readString(Path.of("examples/yourcom/platform.yaml"))
                .replace("    replicas: 2\n    ports:", "    replica: 2\n    ports:")
                .replace("service: LoadBalancer", "service: NodePort")
                .replace("family: flatcar", "family: coreos");
        List<String> messages = validate(broken).stream().map(Error::toString).toList();
        assertThat(messages).containsExactlyInAnyOrder(
                "/os/family: does not have a value in the enumeration [\"flatcar\", \"fedora-coreos\"]",
                "/apps/0: property 'replica' is not defined in the schema and the schema does not allow additional"
                        + " properties",
                "/apps/1: property 'replica' is not defined in the schema and the schema does not allow additional"
                        + " properties",
                "/apps/1/service: does not have a value in the enumeration [\"ClusterIP\", \"LoadBalancer\","
                        + " \"None\"]");
    }

    @Test
    void theInitScaffoldValidatesAgainstTheSchema(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        assertThat(dev.slipway.testing.CliRun.of("init", dir.resolve("p").toString(), "--name", "acme", "--domain",
                "acme.io").exitCode()).isZero();
        assertThat(validate(Files.readString(dir.resolve("p/platform.yaml")))).isEmpty();
    }
}
