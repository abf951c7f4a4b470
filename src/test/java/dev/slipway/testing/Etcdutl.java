package dev.slipway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

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
        ToolRun built = ToolRun.exec(List.of("bash", script.toString()), TIMEOUT_MINUTES);
        if (built.status() != 0) {
            throw new IllegalStateException("testing/build-etcdutl.sh failed with status " + built.status()
                    + " (its output is above)");
        }
        return new Etcdutl(Path.of(built.stdout().strip()));
    }

    /** {@code etcdutl snapshot status FILE -w json}: fails when etcdutl does not accept the file as a snapshot. */
    public JsonNode snapshotStatus(Path snapshot) {
        ToolRun r = ToolRun.exec(List.of(binary.toString(), "snapshot", "status", snapshot.toString(), "-w", "json"), 2);
        if (r.status() != 0) {
            throw new AssertionError("etcdutl snapshot status " + snapshot + " exited " + r.status() + ": " + r.stdout()
                    + r.stderr());
        }
        try {
            return new ObjectMapper().readTree(r.stdout());
        } catch (IOException e) {
            throw new AssertionError("etcdutl snapshot status printed no JSON: " + r.stdout(), e);
        }
    }

    /**
     * {@code etcdutl snapshot restore FILE --data-dir DIR} for a one-member cluster: the restore checks the sha256
     * trailer first (and refuses a file whose trailer does not match). Returns its exit status and output.
     */
    public ToolRun restore(Path snapshot, Path dataDir) {
        return ToolRun.exec(List.of(binary.toString(), "snapshot", "restore", snapshot.toString(), "--data-dir",
                dataDir.toString()), 2);
    }
}
