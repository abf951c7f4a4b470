package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.slipway.testing.CliRun;
import dev.slipway.testing.GoldenFiles;
import dev.slipway.testing.MotoExtension;
import dev.slipway.testing.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;

/**
 * Every command that has {@code -o json} answers with the one documented envelope ({@code schema/output.schema.json}),
 * on success and on a spec with errors. A new command with {@code -o} that this test does not run fails it.
 */
@ExtendWith(MotoExtension.class)
class JsonOutputSchemaTest {
    private static final List<String> PROPERTIES = List.of("aws.endpointUrl", "aws.region", "aws.accessKeyId",
            "aws.secretAccessKey");

    @TempDir
    Path dir;

    @AfterEach
    void clearProperties() {
        PROPERTIES.forEach(System::clearProperty);
        dev.slipway.testing.MotoSdkProperties.clear();
    }

    @Test
    void everyCommandsJsonParsesAgainstTheSchema(MotoServer moto) throws Exception {
        Path spec = dir.resolve("platform.yaml");
        Files.copy(GoldenFiles.repo().resolve("examples/yourcom/platform.yaml"), spec);
        Path bad = dir.resolve("bad/platform.yaml");
        Files.createDirectories(bad.getParent());
        Files.writeString(bad, Files.readString(spec).replace("count: 3", "count: 4"));
        // As the example's operator: up's infra init step refuses anyone else (the bucket policy would lock them out).
        dev.slipway.testing.MotoSdkProperties.pointAtAs(moto, dev.slipway.testing.MotoSdkProperties.EXAMPLE_OPERATOR);
        try (S3Client s3 = moto.s3()) {
            s3.createBucket(b -> b.bucket("yourcom-infra")
                    .createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.EU_WEST_1)));
        }
        String f = spec.toString();
        Map<String, List<String[]>> runs = new LinkedHashMap<>();
        runs.put("validate", List.of(new String[] {"validate", "-f", f}, new String[] {"validate", "-f", bad.toString()}));
        runs.put("plan", List.of(new String[] {"plan", "--env", "acc", "-f", f},
                new String[] {"plan", "--env", "acc", "-f", bad.toString()}));
        runs.put("certs", List.of(new String[] {"certs", "--env", "acc", "-f", f},
                new String[] {"certs", "--env", "acc", "-f", f, "--check"}));
        runs.put("sync", List.<String[]>of(new String[] {"sync", "--env", "acc", "-f", f, "--dry-run"}));
        // deploy and status need a cluster for a result (DeployCommandTest starts one); here they answer a spec with
        // errors, in the same envelope, before any cluster is contacted
        runs.put("deploy", List.<String[]>of(new String[] {"deploy", "--env", "acc", "-f", bad.toString(),
                "--dry-run"}));
        runs.put("status", List.<String[]>of(new String[] {"status", "--env", "acc", "-f", bad.toString()}));
        // diff's own result is checked against the schema by DiffCommandTest (it needs a cluster)
        runs.put("diff", List.<String[]>of(new String[] {"diff", "--env", "acc", "-f", bad.toString()}));
        // up's dry run needs no cluster and no terraform (it stops before the first step that would run it); down
        // needs a cluster (DownCommandTest starts one), so here it answers a spec with errors
        runs.put("up", List.<String[]>of(new String[] {"up", "--env", "acc", "-f", f, "--dry-run"},
                new String[] {"up", "--env", "acc", "-f", bad.toString(), "--dry-run"}));
        runs.put("down", List.<String[]>of(new String[] {"down", "--env", "acc", "-f", bad.toString(),
                "--dry-run"}));
        // upgrade needs a cluster for a result (UpgradeCommandTest starts one and checks it against the schema)
        runs.put("upgrade", List.<String[]>of(new String[] {"upgrade", "--env", "acc", "-f", bad.toString(),
                "--dry-run"}));
        // doctor's own result is checked against the schema by DoctorCommandTest (it needs a cluster)
        runs.put("doctor", List.<String[]>of(new String[] {"doctor", "--env", "acc", "-f", bad.toString()}));
        // rotate's own result is checked against the schema by RotateCommandTest (it needs a cluster and a group)
        runs.put("rotate", List.<String[]>of(new String[] {"rotate", "--env", "acc", "-f", bad.toString(),
                "--dry-run"}));

        assertThat(new TreeSet<>(runs.keySet())).as("every command with -o is run here")
                .isEqualTo(commandsWithOutputOption());
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(GoldenFiles.repo().resolve("schema/output.schema.json")), InputFormat.JSON);
        for (var e : runs.entrySet()) {
            for (String[] args : e.getValue()) {
                List<String> withJson = new ArrayList<>(List.of(args));
                withJson.addAll(List.of("-o", "json"));
                CliRun run = CliRun.of(withJson.toArray(String[]::new));
                assertThat(run.out()).as("%s: stdout is JSON (%s)", withJson, run.err()).startsWith("{");
                List<Error> errors = schema.validate(run.out(), InputFormat.JSON);
                assertThat(errors).as("%s against output.schema.json:%n%s", withJson, run.out()).isEmpty();
                JsonNode json = new ObjectMapper().readTree(run.out());
                assertThat(json.get("command").asText()).isEqualTo(e.getKey());
            }
        }
        JsonNode plan = new ObjectMapper().readTree(CliRun.of("plan", "--env", "acc", "-f", f, "-o", "json").out());
        assertThat(plan.at("/warnings").toString()).contains("kubelet: nodes download this without checksum");
        assertThat(plan.at("/result/files/0/change").asText()).isEqualTo("unchanged");
        JsonNode badPlan = new ObjectMapper().readTree(CliRun.of("plan", "--env", "acc", "-f", bad.toString(), "-o",
                "json").out());
        assertThat(badPlan.at("/result/problems/0/message").asText()).contains("is even");
    }

    private static Set<String> commandsWithOutputOption() {
        Set<String> names = new TreeSet<>();
        collect(Slipway.commandLine(), names);
        return names;
    }

    private static void collect(CommandLine cl, Set<String> into) {
        if (cl.getCommandSpec().findOption("--output") != null) {
            String q = cl.getCommandSpec().qualifiedName(" ");
            into.add(q.substring("slipway ".length()));
        }
        cl.getSubcommands().values().forEach(c -> collect(c, into));
    }
}
