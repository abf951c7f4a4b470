package dev.slipway.pki;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * A kubelet bootstrap token, {@code [a-z0-9]{6}.[a-z0-9]{16}} (token id, token secret), as the API server's
 * bootstrap-token authenticator expects. Nodes present it once to obtain their client certificate.
 */
public final class BootstrapToken {
    public static final Pattern FORMAT = Pattern.compile("[a-z0-9]{6}\\.[a-z0-9]{16}");
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private BootstrapToken() {
    }

    public static String generate(SecureRandom random) {
        return chars(random, 6) + "." + chars(random, 16);
    }

    /** The public token id (the part before the dot): safe to print, unlike the secret. */
    public static String id(String token) {
        return token.substring(0, token.indexOf('.'));
    }

    private static String chars(SecureRandom random, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
