package dev.slipway.apply.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a Secret appears in plans and status: its keys and a short hash of its values, never a value. Two runs with
 * the same values show the same hash, so a changed value is visible without being shown.
 */
final class SecretSummary {
    private SecretSummary() {
    }

    static String of(JsonNode secret) {
        Map<String, String> values = new TreeMap<>();
        secret.path("data").fields().forEachRemaining(e -> values.put(e.getKey(), "b64:" + e.getValue().asText()));
        secret.path("stringData").fields().forEachRemaining(e -> values.put(e.getKey(), "str:"
                + e.getValue().asText()));
        if (values.isEmpty()) {
            return "no keys";
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            values.forEach((k, v) -> {
                sha.update(k.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(v.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            });
            return "keys " + String.join(", ", values.keySet()) + "; values sha256:"
                    + HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
