package dev.slipway.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Hashes computed by the coreutils tools ({@code sha512sum}, {@code sha256sum}), not by Slipway's own code: a test
 * that checks a pinned hash this way cannot agree with a wrong implementation by sharing it.
 */
public final class Digests {
    private Digests() {
    }

    /** Hex SHA-512 of {@code content}, as {@code sha512sum} prints it. */
    public static String sha512sum(byte[] content) {
        return run("sha512sum", content);
    }

    /** Hex SHA-256 of {@code content}, as {@code sha256sum} prints it. */
    public static String sha256sum(byte[] content) {
        return run("sha256sum", content);
    }

    private static String run(String tool, byte[] content) {
        try {
            Process p = new ProcessBuilder(tool, "-").redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(content);
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(tool + " failed");
            }
            return out.substring(0, out.indexOf(' '));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + tool + " (coreutils): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
