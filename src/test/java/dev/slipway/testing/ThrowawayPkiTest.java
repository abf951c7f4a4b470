package dev.slipway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The throwaway PKI is a complete kubeadm layout whose certificates openssl accepts for their purposes. */
class ThrowawayPkiTest {
    @TempDir
    static Path dir;
    static KubeadmPki pki;

    @BeforeAll
    static void generate() {
        pki = ThrowawayPki.generate(dir.resolve("pki"));
    }

    @Test
    void everyFileTheControlPlaneReadsIsThereAndKeysArePrivate() throws IOException {
        for (String file : KubeadmPki.REQUIRED_FILES) {
            assertThat(pki.file(file)).as(file).isNotEmptyFile();
            if (file.endsWith(".key")) {
                assertThat(Files.getPosixFilePermissions(pki.file(file))).as(file)
                        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            }
        }
    }

    @Test
    void servingCertificatesChainToTheirAuthorityAndAreValidOnLoopback() throws Exception {
        assertThat(openssl("verify", "-CAfile", pki.caCert().toString(), "-purpose", "sslserver",
                "-verify_ip", "127.0.0.1", pki.file("apiserver.crt").toString())).contains(": OK");
        assertThat(openssl("verify", "-CAfile", pki.file("etcd/ca.crt").toString(), "-purpose", "sslserver",
                "-verify_ip", "127.0.0.1", pki.file("etcd/server.crt").toString())).contains(": OK");
        assertThat(openssl("verify", "-CAfile", pki.file("etcd/ca.crt").toString(), "-purpose", "sslclient",
                pki.file("apiserver-etcd-client.crt").toString())).contains(": OK");
        assertThat(openssl("verify", "-CAfile", pki.file("front-proxy-ca.crt").toString(), "-purpose", "sslclient",
                pki.file("front-proxy-client.crt").toString())).contains(": OK");
    }

    @Test
    void apiServerCertificateCoversTheInClusterNames() throws Exception {
        String text = openssl("x509", "-noout", "-ext", "subjectAltName", "-in", pki.file("apiserver.crt").toString());
        assertThat(text).contains("DNS:kubernetes.default.svc.cluster.local", "IP Address:127.0.0.1",
                "IP Address:10.96.0.1");
    }

    @Test
    void serviceAccountKeysAreAPair() throws Exception {
        String derived = openssl("pkey", "-in", pki.file("sa.key").toString(), "-pubout");
        assertThat(derived.strip()).isEqualTo(Files.readString(pki.file("sa.pub")).strip());
    }

    @Test
    void anIncompleteFolderIsRejectedNamingWhatIsMissing() throws IOException {
        Files.delete(dir.resolve("pki/front-proxy-ca.crt"));
        try {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> new KubeadmPki(dir.resolve("pki"))
                    .requireComplete())).hasMessageContaining("lacks front-proxy-ca.crt");
        } finally {
            ThrowawayPki.generate(dir.resolve("pki"));
        }
    }

    private static String openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
        return out;
    }
}
