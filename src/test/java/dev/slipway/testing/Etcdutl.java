package dev.slipway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * etcd's own offline tool, {@code etcdutl}, at the pinned etcd version: built from Go modules by
 * {@code testing/build-etcdutl.sh} (first use only, like the harness), for checking a snapshot the way an operator
 * restores it (README, "Rotate controllers").
 */
public record Etcdutl(Path binary) {
    private static final long TIMEOUT_MINUTES = 30;

    /** The built binary, building it first when missing. */
    public static Etcdutl locate() {
        Path script = GoldenFiles.repo().resolve("testing/build-etcdutl.sh");
        Run built = run(List.of("bash", script.toString()), TIMEOUT_MINUTES);
        if (built.status != 0) {
            throw new IllegalStateException("testing/build-etcdutl.sh failed with status " + built.status
                    + " (its output is above)");
        }
        return new Etcdutl(Path.of(built.stdout.strip()));
    }

    /** {@code etcdutl snapshot status FILE -w json}: fails when etcdutl does not accept the file as a snapshot. */
    public JsonNode snapshotStatus(Path snapshot) {
        Run r = run(List.of(binary.toString(), "snapshot", "status", snapshot.toString(), "-w", "json"), 2);
        if (r.status != 0) {
            throw new AssertionError("etcdutl snapshot status " + snapshot + " exited " + r.status + ": " + r.stdout
                    + r.stderr);
        }
        try {
            return new ObjectMapper().readTree(r.stdout);
        } catch (IOException e) {
            throw new AssertionError("etcdutl snapshot status printed no JSON: " + r.stdout, e);
        }
    }

    /**
     * {@code etcdutl snapshot restore FILE --data-dir DIR} for a one-member cluster: the restore checks the sha256
     * trailer first (and refuses a file whose trailer does not match). Returns its exit status and output.
     */
    public Run restore(Path snapshot, Path dataDir) {
        return run(List.of(binary.toString(), "snapshot", "restore", snapshot.toString(), "--data-dir",
                dataDir.toString()), 2);
    }

    /** A finished process: exit status, stdout and stderr (the build's stderr goes to the test's own). */
    public record Run(int status, String stdout, String stderr) {
    }

    private static Run run(List<String> command, long timeoutMinutes) {
        try {
            Path out = Files.createTempFile("etcdutl", ".out");
            Path err = Files.createTempFile("etcdutl", ".err");
            try {
                ProcessBuilder b = new ProcessBuilder(new ArrayList<>(command))
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(out.toFile())
                        .redirectError(command.get(0).equals("bash") ? ProcessBuilder.Redirect.INHERIT
                                : ProcessBuilder.Redirect.to(err.toFile()));
                Process p = b.start();
                if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(command + " did not finish in " + timeoutMinutes + " minutes");
                }
                return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        }
    }
}
