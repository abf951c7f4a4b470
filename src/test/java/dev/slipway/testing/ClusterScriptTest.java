package dev.slipway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code testing/cluster.sh} keeps one state folder per checkout unless told otherwise. */
class ClusterScriptTest {

    private static String status(String clusterDir) throws Exception {
        Path repo = GoldenFiles.repo();
        ProcessBuilder pb = new ProcessBuilder("bash", repo.resolve("testing/cluster.sh").toString(), "status")
                .redirectErrorStream(true);
        pb.environment().remove("SLIPWAY_CLUSTER_DIR");
        if (clusterDir != null) {
            pb.environment().put("SLIPWAY_CLUSTER_DIR", clusterDir);
        }
        pb.environment().put("XDG_RUNTIME_DIR", "/nonexistent-runtime");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void theStateFolderIsDerivedFromTheCheckoutsPath() throws Exception {
        Path repo = GoldenFiles.repo().toRealPath();
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(repo.toString().getBytes(StandardCharsets.UTF_8))).substring(0, 8);
        assertThat(status(null)).contains("state folder /nonexistent-runtime/slipway-cluster-"
                + repo.getFileName() + "-" + hash + ")");
        assertThat(status("/tmp/my-cluster")).contains("state folder /tmp/my-cluster)");
    }
}
