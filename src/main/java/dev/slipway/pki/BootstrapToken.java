package dev.slipway.pki;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * A kubelet bootstrap token, {@code [a-z0-9]{6}.[a-z0-9]{16}} (token id, token secret), as the API server's
 * bootstrap-token authenticator expects. Nodes present it once to obtain their client certificate.
 */
public final class BootstrapToken {
    /**
     * How long a new token is valid. Short, since any holder can get a node client certificate with it; not kubeadm's
     * 24 hours, because worker pools launch nodes on their own (autoscaling, replacing a failed instance) from a
     * launch template that holds the token until the next {@code slipway sync} and {@code infra apply}.
     */
    public static final java.time.Duration LIFETIME = java.time.Duration.ofDays(14);
    /**
     * {@code certs}, {@code plan}, {@code sync} and {@code deploy} renew a token with less than this left; the one
     * replaced stays valid until its own expiry, for nodes launched from configs rendered before.
     */
    public static final java.time.Duration RENEW_BEFORE = java.time.Duration.ofDays(7);
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
