package dev.slipway.render.ignition;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one printer of {@link IgnitionConfig}: pretty JSON with a fixed key order (declared on the records), no nulls
 * and no empty lists, {@code \n} line ends and a final newline. The same config always prints the same bytes, so the
 * pointer config's {@code sha512} of the full config is stable.
 */
public final class IgnitionJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_EMPTY)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .setDefaultPrettyPrinter(new DefaultPrettyPrinter()
                    .withSeparators(Separators.createDefaultInstance()
                            .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    private IgnitionJson() {
    }

    public static byte[] print(IgnitionConfig config) {
        try {
            return (MAPPER.writeValueAsString(config) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print an Ignition config", e);
        }
    }

    /** Ignition's hash notation: {@code sha512-HEX}. */
    public static String sha512(byte[] content) {
        return "sha512-" + hex("SHA-512", content);
    }

    public static String sha256Hex(byte[] content) {
        return hex("SHA-256", content);
    }

    private static String hex(String algorithm, byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JVM", e);
        }
    }
}
