package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.apply.aws.InfraBucket;
import dev.slipway.testing.GoldenFiles;
import dev.slipway.testing.MotoExtension;
import dev.slipway.testing.MotoSdkProperties;
import dev.slipway.testing.MotoServer;
import dev.slipway.testing.StubTerraform;
import dev.slipway.testing.WriteWatch;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Every command that takes {@code --dry-run} and needs no cluster, run with it on a fresh copy of the example (state
 * in the shared store on moto, the default), then again once state and a build exist: {@link WriteWatch} sees no
 * write — the spec's folder and HOME by content, every request moto received, every object version. The commands
 * that need a cluster are checked the same way where they run against one: deploy (DeployBusinessTest), down
 * (DownCommandTest), rotate (WorkerRotationTest), doctor --fix (DoctorCommandTest), up (UpCommandTest).
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

    private List<Run> runAllAndCheckNothingChanged() {
        List<Run> runs = new ArrayList<>();
        for (String[] args : dryRuns()) {
            WriteWatch watch = watch();
            Run r = run(args);
            runs.add(r);
            assertThat(watch.writes()).as("written by %s", r.args()).isEmpty();
        }
        return runs;
    }

    /** The spec's folder and HOME by content, every AWS request, every object version in moto. */
    private WriteWatch watch() {
        return WriteWatch.start(List.of(spec.getParent(), tmp.resolve("home")), moto, null);
    }

    /** Positive control: the same watch sees what the real commands write, in files and in the bucket. */
    @Test
    void theSameWatchSeesTheRealCommandsWrite() {
        WriteWatch plan = watch();
        Run r = run("plan", "--env", "acc", "-f", spec.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(plan.writes()).anyMatch(w -> w.startsWith("file added: ") && w.contains("/build/acc/"))
                .anyMatch(w -> w.startsWith("AWS PUT ") && w.contains("/acc/state/pki/"))
                .anyMatch(w -> w.startsWith("S3 object version added: yourcom-infra/acc/state/pki/ca.key@"));
        WriteWatch sync = watch();
        Run s = run("sync", "--env", "acc", "-f", spec.toString());
        assertThat(s.code()).as(s.err()).isZero();
        assertThat(sync.writes()).anyMatch(w -> w.startsWith("AWS PUT ") && w.contains("/acc/nodes/"))
                .anyMatch(w -> w.startsWith("S3 object version added: yourcom-infra/acc/nodes/"));
        WriteWatch merge = watch();
        Run k = run("kubeconfig", "--env", "acc", "--merge", "-f", spec.toString());
        assertThat(k.code()).as(k.err()).isZero();
        assertThat(merge.writes()).anyMatch(w -> w.startsWith("file added: ") && w.endsWith("/home/.kube/config"));
    }
}
