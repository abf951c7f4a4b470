package dev.slipway.pki;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A kubelet bootstrap token with the moment it stops working, as the state store keeps it: the token on the first
 * line, {@code expires INSTANT} on the second, in one entry so that a token and its expiry are written together.
 * A token stored before tokens expired has only the first line: {@link #expires} is then empty.
 */
public record IssuedBootstrapToken(String token, Optional<Instant> expires) {

    public IssuedBootstrapToken {
        if (!BootstrapToken.FORMAT.matcher(token).matches()) {
            throw new IllegalArgumentException("not of the form [a-z0-9]{6}.[a-z0-9]{16}");
        }
    }

    /** Reads the stored form; {@code where} names it in errors, which never carry the token. */
    public static IssuedBootstrapToken parse(String text, String where) {
        String[] lines = text.strip().split("\n");
        Optional<Instant> expires = Optional.empty();
        if (lines.length > 1) {
            String second = lines[1].strip();
            if (!second.startsWith("expires ")) {
                throw new IllegalArgumentException(where + ":2: expected 'expires INSTANT' (e.g. expires"
                        + " 2026-12-16T07:00:00Z)");
            }
            try {
                expires = Optional.of(Instant.parse(second.substring("expires ".length()).strip()));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(where + ":2: '" + second + "' is not an instant such as"
                        + " 2026-12-16T07:00:00Z");
            }
        }
        try {
            return new IssuedBootstrapToken(lines[0].strip(), expires);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ":1: the token is " + e.getMessage());
        }
    }

    public byte[] format() {
        return (token + "\n" + expires.map(e -> "expires " + e + "\n").orElse(""))
                .getBytes(StandardCharsets.US_ASCII);
    }

    public String id() {
        return BootstrapToken.id(token);
    }

    @Override
    public String toString() {
        return "IssuedBootstrapToken[" + id() + ", expires " + expires.map(Instant::toString).orElse("never")
                + ", secret redacted]";
    }
}
