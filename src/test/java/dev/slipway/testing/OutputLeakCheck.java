package dev.slipway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every command output captured by {@link CliRun} (its own streams and the libraries' log lines) passes through here:
 * secret material in output is a defect wherever it shows up, so the check fails the very test that printed it.
 * Looked for by shape, since the values differ from run to run:
 * <ul>
 *   <li>a PEM private key, as text or base64-encoded as a kubeconfig's {@code client-key-data} or a Secret's
 *       {@code data:} carries it;</li>
 *   <li>a bootstrap token {@code [a-z0-9]{6}.[a-z0-9]{16}} (kubernetes/cluster-bootstrap token/api
 *       {@code BootstrapTokenPattern});</li>
 *   <li>an AWS secret access key: 40 characters of base64's alphabet after its name
 *       ({@code aws_secret_access_key}, {@code AWS_SECRET_ACCESS_KEY}, {@code SecretAccessKey}).</li>
 * </ul>
 * Values a test knows (a spec's secrets, generated passwords) are looked for by the tests themselves, raw and base64.
 */
public final class OutputLeakCheck {
    private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----");
    /** "-----BEGIN" in base64 at the start of an encoded value, and the rest of that value. */
    private static final Pattern BASE64_PEM = Pattern.compile("LS0tLS1CRUdJTi[A-Za-z0-9+/=]*");
    private static final Pattern BOOTSTRAP_TOKEN = Pattern.compile("(?<![A-Za-z0-9.])[a-z0-9]{6}\\.[a-z0-9]{16}"
            + "(?![A-Za-z0-9.-])");
    private static final Pattern AWS_SECRET_KEY = Pattern.compile("(?i)(aws_?secret_?access_?key|secretaccesskey)"
            + "[\"'\\s:=]*[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])");

    private OutputLeakCheck() {
    }

    public static void record(String output) {
        assertThat(leaks(output)).as("command output must never contain secret material:\n%s", output).isEmpty();
    }

    /** What in {@code output} has the shape of secret material, by kind. */
    static List<String> leaks(String output) {
        List<String> found = new ArrayList<>();
        if (PRIVATE_KEY.matcher(output).find()) {
            found.add("a PEM private key");
        }
        Matcher encoded = BASE64_PEM.matcher(output);
        while (encoded.find()) {
            String value = encoded.group();
            int end = value.indexOf('=') < 0 ? value.length() : value.indexOf('=');
            String decoded = new String(Base64.getDecoder().decode(value.substring(0, end / 4 * 4)),
                    StandardCharsets.ISO_8859_1);
            if (PRIVATE_KEY.matcher(decoded).find()) {
                found.add("a base64-encoded PEM private key");
            }
        }
        if (BOOTSTRAP_TOKEN.matcher(output).find()) {
            found.add("a bootstrap token");
        }
        if (AWS_SECRET_KEY.matcher(output).find()) {
            found.add("an AWS secret access key");
        }
        return found;
    }
}
