package dev.slipway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;

/**
 * Every command output captured by {@link CliRun} passes through here: private key material in output is a defect
 * wherever it shows up, so the check fails the very test that printed it.
 */
public final class OutputLeakCheck {
    private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----");

    private OutputLeakCheck() {
    }

    public static void record(String output) {
        assertThat(PRIVATE_KEY.matcher(output).find())
                .as("command output must never contain private key material:\n%s", output)
                .isFalse();
    }
}
