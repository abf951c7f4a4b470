package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.apply.aws.InfraBucket;
import dev.slipway.testing.GoldenFiles;
import dev.slipway.testing.MotoExtension;
import dev.slipway.testing.MotoSdkProperties;
import dev.slipway.testing.MotoServer;
import dev.slipway.testing.StubTerraform;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;

/**
 * Every command that takes {@code --dry-run}, run with it on a fresh copy of the example (state in the shared store
 * on moto, the default), then again once state and a build exist: afterwards the spec's folder (every file and
 * folder, hidden ones included, by SHA-256), the state store and every bucket in moto (every object version) are
 * exactly as before.
 */
@ExtendWith(MotoExtension.class)
class DryRunWritesNothingTest {

    @TempDir
    Path tmp;
    Path spec;
    MotoServer moto;
    final Map<String, String> environment = new TreeMap<>();

    @BeforeEach
    void setUp(MotoServer moto) throws IOException {
        this.moto = moto;
        // As the example's operator: infra init refuses anyone else (the bucket policy would lock them out).
        MotoSdkProperties.pointAtAs(moto, MotoSdkProperties.EXAMPLE_OPERATOR);
        spec = Files.createDirectories(tmp.resolve("platform")).resolve("platform.yaml");
        String example = Files.readString(GoldenFiles.repo().resolve("examples/yourcom/platform.yaml"));
        Files.writeString(spec, example.replace("\nstateStore: local\n", "\n"));
        Path bin = tmp.resolve("bin");
        StubTerraform.install(bin, "terraform");
        environment.put("PATH", bin + ":/usr/bin:/bin");
        environment.put("HOME", tmp.resolve("home").toString());
        environment.put("STUB_LOG", tmp.resolve("terraform.log").toString());
        try (S3Client s3 = moto.s3()) {
            new InfraBucket(s3, "yourcom-infra", MotoServer.REGION).ensure();
        }
    }

    @AfterEach
    void clearProperties() {
        MotoSdkProperties.clear();
    }

    private record Run(List<String> args, int code, String out, String err) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Slipway.run(new PrintWriter(out), new PrintWriter(err), environment, args);
        return new Run(List.of(args), code, out.toString(), err.toString());
    }

    /** Every command with --dry-run, in the forms a user would type. */
    private List<String[]> dryRuns() {
        String f = spec.toString();
        return List.of(
                new String[] {"plan", "--env", "acc", "--dry-run", "-f", f},
                new String[] {"plan", "--env", "prod", "--dry-run", "-f", f},
                new String[] {"certs", "--env", "acc", "--dry-run", "-f", f},
                new String[] {"certs", "--env", "acc", "--rotate", "--dry-run", "-f", f},
                new String[] {"certs", "--env", "acc", "--rotate", "--leaf-only", "--dry-run", "-f", f},
                new String[] {"infra", "init", "--env", "acc", "--dry-run", "-f", f},
                new String[] {"infra", "plan", "--env", "acc", "--dry-run", "-f", f},
                new String[] {"infra", "apply", "--env", "acc", "--dry-run", "-f", f},
                new String[] {"infra", "destroy", "--env", "prod", "--dry-run", "-f", f},
                new String[] {"sync", "--env", "acc", "--dry-run", "-f", f},
                new String[] {"sync", "--env", "acc", "--prune", "--dry-run", "-f", f},
                new String[] {"kubeconfig", "--env", "acc", "--dry-run", "-f", f},
                new String[] {"kubeconfig", "--env", "acc", "--merge", "--dry-run", "-f", f},
                new String[] {"kubeconfig", "--env", "acc", "--merge", "--output-file",
                    spec.resolveSibling("kubeconfig").toString(), "--dry-run", "-f", f},
                new String[] {"init", spec.resolveSibling("another").toString(), "--name", "acme", "--domain",
                    "acme.example", "--dry-run"});
    }

    @Test
    void everyDryRunLeavesTheSpecFolderTheStoreAndEveryBucketAsTheyWere() throws Exception {
        List<Run> fresh = runAllAndCheckNothingChanged();
        assertThat(fresh).filteredOn(r -> r.args().get(0).equals("plan") || r.args().get(0).equals("infra"))
                .allSatisfy(r -> assertThat(r.code()).as(r.args() + "\n" + r.err()).isZero());
        assertThat(fresh.get(0).err()).contains("would create 16 PKI entries");

        // Once state and a build exist, the dry runs have real work to show; still nothing is written.
        Run plan = run("plan", "--env", "acc", "-f", spec.toString());
        assertThat(plan.code()).as(plan.err()).isZero();
        List<Run> after = runAllAndCheckNothingChanged();
        assertThat(after).allSatisfy(r -> assertThat(r.code()).as(r.args() + "\n" + r.err()).isZero());
        assertThat(after.stream().filter(r -> r.args().get(0).equals("sync")).findFirst().orElseThrow().out())
                .contains("would upload");
    }

    private List<Run> runAllAndCheckNothingChanged() throws Exception {
        Map<String, String> folder = tree(spec.getParent());
        Map<String, String> buckets = buckets();
        Map<String, String> home = tree(tmp.resolve("home"));
        List<Run> runs = new ArrayList<>();
        for (String[] args : dryRuns()) {
            Run r = run(args);
            runs.add(r);
            assertThat(tree(spec.getParent())).as("spec folder after %s", r.args()).isEqualTo(folder);
            assertThat(buckets()).as("buckets after %s", r.args()).isEqualTo(buckets);
            assertThat(tree(tmp.resolve("home"))).as("home after %s", r.args()).isEqualTo(home);
        }
        return runs;
    }

    /** Every path below {@code root} (folders too), with the SHA-256 of each file. */
    private static Map<String, String> tree(Path root) throws Exception {
        Map<String, String> m = new TreeMap<>();
        if (!Files.exists(root)) {
            return m;
        }
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String rel = root.relativize(p).toString();
                m.put(rel, Files.isDirectory(p) ? "dir" : HexFormat.of().formatHex(sha.digest(Files.readAllBytes(p))));
            }
        }
        return m;
    }

    /** Every bucket, every object version and delete marker, with its ETag. */
    private static String orNone(java.util.function.Supplier<String> read) {
        try {
            return read.get();
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            return "none (" + e.statusCode() + ")";
        }
    }

    private Map<String, String> buckets() {
        Map<String, String> m = new TreeMap<>();
        try (S3Client s3 = moto.s3()) {
            for (Bucket b : s3.listBuckets().buckets()) {
                m.put(b.name(), "bucket");
                var versions = s3.listObjectVersions(r -> r.bucket(b.name()));
                versions.versions().forEach(v -> m.put(b.name() + "/" + v.key() + "@" + v.versionId(), v.eTag()));
                versions.deleteMarkers().forEach(d -> m.put(b.name() + "/" + d.key() + "@" + d.versionId(), "deleted"));
                // The bucket's policy and lifecycle rules (infra init sets both; a dry run must not).
                m.put(b.name() + " policy", orNone(() -> s3.getBucketPolicy(r -> r.bucket(b.name())).policy()));
                m.put(b.name() + " lifecycle", orNone(() -> s3.getBucketLifecycleConfiguration(r -> r.bucket(b.name()))
                        .rules().toString()));
            }
        }
        return m;
    }
}
