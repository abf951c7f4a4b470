package dev.slipway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

/**
 * Writes a self-contained kubeconfig (certificates embedded) for one user of the harness's API server, so the file
 * works for kubectl, client-go components and fabric8 alike, wherever it is copied. Mode 0600: it holds a key.
 */
final class Kubeconfig {
    private Kubeconfig() {
    }

    static Path write(Path file, String server, Path caCert, Path clientCert, Path clientKey, String user) {
        String yaml = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: slipway-harness
                  cluster:
                    server: %s
                    certificate-authority-data: %s
                users:
                - name: %s
                  user:
                    client-certificate-data: %s
                    client-key-data: %s
                contexts:
                - name: slipway-harness
                  context:
                    cluster: slipway-harness
                    user: %s
                current-context: slipway-harness
                """.formatted(server, base64(caCert), user, base64(clientCert), base64(clientKey), user);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, yaml);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String base64(Path file) {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
