package dev.slipway.operate.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.apply.kubernetes.ClusterSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundle's container logs: the harness's kwok nodes serve no logs, so the log text here comes from a stand-in
 * for the kubelet; what is tested is that every Secret value of the namespace is struck out before it is written,
 * that an existing folder is narrowed to 0700 and files are owner-only.
 */
class DiagnosticsBundleTest {
    @TempDir
    Path dir;

    @Test
    void secretValuesAreStruckOutOfLogsAndFilesArePrivate() throws Exception {
        DoctorChecksTest.Cluster c = new DoctorChecksTest.Cluster();
        c.deployments.add(DoctorChecksTest.addon("grafana", 1, 1));
        c.pods.add(DoctorChecksTest.pod("grafana-1", "grafana", null));
        c.pods.get(0).getSpec().setContainers(List.of(new io.fabric8.kubernetes.api.model.ContainerBuilder()
                .withName("main").withImage("grafana:11").build()));
        String password = "s3cr3t-value-42";
        String pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n"
                + "-----END PRIVATE KEY-----\n";
        DiagnosticsBundle bundle = new DiagnosticsBundle((ns, pod, container, lines) ->
                "starting with password=" + password + "\nkey line MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n"
                        + "short value ok\n", List.of(password, pem, "ok"));
        Files.createDirectories(dir.resolve("out"));
        Files.setPosixFilePermissions(dir.resolve("out"), PosixFilePermissions.fromString("rwxr-xr-x"));
        ClusterSnapshot snapshot = c.snapshot();
        List<String> files = bundle.write(dir.resolve("out"), new DiagnosticsBundle.Contents(snapshot,
                new DoctorReport(List.of()), "v1.36.3", List.of(), null, List.of(), "no AWS credentials"));

        String log = Files.readString(dir.resolve("out/logs/monitoring/grafana-1/main.log"));
        assertThat(log).isEqualTo("starting with password=[redacted]\nkey line [redacted]\nshort value ok\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("out"))))
                .isEqualTo("rwx------");
        for (String f : files) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("out").resolve(f))))
                    .as(f).isEqualTo("rw-------");
        }
        assertThat(Files.readString(dir.resolve("out/aws-load-balancers.json"))).contains("no AWS credentials");
    }
}
