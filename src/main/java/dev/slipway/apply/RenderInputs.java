package dev.slipway.apply;

import dev.slipway.plan.Workspace;
import dev.slipway.state.StateStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The fingerprint of everything a rendered tree is made from: the spec (bytes and path), the environment's state (every
 * entry), the pinned versions, and Slipway itself (its jar's size and time). Equal fingerprints mean rendering again
 * would give the same bytes, so {@code slipway plan} with nothing to do need not render (see {@link BuildRecord}).
 */
final class RenderInputs {
    private RenderInputs() {
    }

    /** The fingerprint, {@code slipway} naming the renderer's build ({@link #itself()}; a test stands in for it). */
    static String fingerprint(Workspace ws, String env, StateStore store, String slipway) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            field(d, "spec-path", ws.specFile().toString().getBytes(StandardCharsets.UTF_8));
            field(d, "spec", Files.readAllBytes(ws.specFile()));
            field(d, "env", env.getBytes(StandardCharsets.UTF_8));
            for (String key : store.list("")) {
                field(d, "state-key", key.getBytes(StandardCharsets.UTF_8));
                field(d, "state", store.read(key).orElse(new byte[0]));
            }
            try (InputStream in = RenderInputs.class.getResourceAsStream("/dev/slipway/versions.properties")) {
                field(d, "versions", in == null ? new byte[0] : in.readAllBytes());
            }
            field(d, "slipway", slipway.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Which build of Slipway runs: the jar's path, size and time. Outside a jar (tests, an IDE) no fingerprint is
     * trusted: a unique value makes every run render.
     */
    static String itself() throws IOException {
        try {
            Path code = Path.of(RenderInputs.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(code)) {
                return code + " " + Files.size(code) + " " + Files.getLastModifiedTime(code).toMillis();
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through: unknown build
        }
        return "unknown " + System.nanoTime();
    }

    private static void field(MessageDigest d, String name, byte[] value) {
        d.update(name.getBytes(StandardCharsets.UTF_8));
        d.update(Long.toString(value.length).getBytes(StandardCharsets.UTF_8));
        d.update((byte) 0);
        d.update(value);
    }
}
