package dev.slipway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control plane started directly (as issue 4 will, with the PKI Slipway generates): it serves with the given
 * PKI, and closing it leaves no process and no data behind.
 */
class KubernetesControlPlaneLifecycleTest {

    @Test
    void startsFromAGivenPkiAndLeavesNothingBehind(@TempDir Path dir) throws Exception {
        KubeadmPki given = ThrowawayPki.generate(dir.resolve("given-pki"));
        String caBefore = Files.readString(given.caCert());
        Map<String, Long> pids;
        Path workDir;

        try (KubernetesControlPlane controlPlane = KubernetesControlPlane.builder().pki(given.dir()).nodes("solo")
                .start()) {
            pids = controlPlane.pids();
            workDir = controlPlane.workDir();

            assertThat(pids).containsOnlyKeys("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler",
                    "kwok");
            assertThat(controlPlane.client().nodes().withName("solo").get()).isNotNull();
            // The kubeconfig trusts the given cluster CA, and the TLS handshake above succeeded with it: the API
            // server serves the given apiserver.crt.
            String caData = Files.readString(controlPlane.kubeconfig()).lines()
                    .filter(l -> l.contains("certificate-authority-data:")).findFirst().orElseThrow()
                    .replaceFirst(".*certificate-authority-data: ", "");
            assertThat(new String(Base64.getDecoder().decode(caData))).isEqualTo(caBefore);
            assertThat(controlPlane.pki().dir()).isEqualTo(given.dir());
        }

        for (Map.Entry<String, Long> pid : pids.entrySet()) {
            assertThat(ProcessHandle.of(pid.getValue()).filter(ProcessHandle::isAlive)).as(pid.getKey()).isEmpty();
        }
        assertThat(workDir).doesNotExist();
        assertThat(Files.readString(given.caCert())).isEqualTo(caBefore);
        assertThat(given.requireComplete().dir()).exists();
    }
}
