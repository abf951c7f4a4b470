package dev.slipway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The shapes {@link OutputLeakCheck} looks for are found, and the lookalikes Slipway prints every day are not. */
class OutputLeakCheckTest {
    private static final String PEM = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIB\n-----END EC PRIVATE KEY-----\n";

    @Test
    void findsEachShapeOfSecretMaterial() {
        assertThat(OutputLeakCheck.leaks("key:\n" + PEM)).containsExactly("a PEM private key");
        assertThat(OutputLeakCheck.leaks("    client-key-data: " + Base64.getEncoder().encodeToString(
                PEM.getBytes(StandardCharsets.US_ASCII)) + "\n")).containsExactly("a base64-encoded PEM private key");
        assertThat(OutputLeakCheck.leaks("token: abcdef.0123456789abcdef\n")).containsExactly("a bootstrap token");
        assertThat(OutputLeakCheck.leaks("token=\"07401b.f395accd246ae52d\"")).containsExactly("a bootstrap token");
        assertThat(OutputLeakCheck.leaks("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"))
                .containsExactly("an AWS secret access key");
        assertThat(OutputLeakCheck.leaks("{\"SecretAccessKey\": \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"}"))
                .containsExactly("an AWS secret access key");
    }

    @Test
    void leavesWhatIsNotSecretAlone() {
        String everyday = String.join("\n",
                "-----BEGIN CERTIFICATE-----", "MIIB", "-----END CERTIFICATE-----",
                "    certificate-authority-data: " + Base64.getEncoder().encodeToString(
                        "-----BEGIN CERTIFICATE-----\nMIIB\n".getBytes(StandardCharsets.US_ASCII)),
                "token id abcdef expires 2026-12-21T00:00:00Z",
                "commit 0123456789abcdef0123456789abcdef01234567",
                "k8s-web-1a2b3c4d5e-0123456789abcdef.elb.eu-west-1.amazonaws.com",
                "www.acc.your.com -> abcdef.0123456789abcdef.example.com",
                "AWS_SECRET_ACCESS_KEY is read from the environment",
                "sha256:" + "ab".repeat(32));
        assertThat(OutputLeakCheck.leaks(everyday)).isEmpty();
    }
}
