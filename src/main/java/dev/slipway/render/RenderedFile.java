package dev.slipway.render;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One file of a rendered tree.
 *
 * @param path    relative path with forward slashes, e.g. {@code terraform/network.tf}
 * @param content exact bytes
 * @param secret  true for private material: written with mode 0600, uploaded with server-side encryption, never
 *                printed
 */
public record RenderedFile(String path, byte[] content, boolean secret) {

    public RenderedFile {
        if (path.startsWith("/") || path.contains("..") || path.contains("\\")) {
            throw new IllegalArgumentException("rendered path must be relative and normalized: " + path);
        }
        content = content.clone();
    }

    public static RenderedFile text(String path, String content) {
        return new RenderedFile(path, content.getBytes(StandardCharsets.UTF_8), false);
    }

    public static RenderedFile secretText(String path, String content) {
        return new RenderedFile(path, content.getBytes(StandardCharsets.UTF_8), true);
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RenderedFile f && f.path.equals(path) && f.secret == secret
                && Arrays.equals(f.content, content);
    }

    @Override
    public int hashCode() {
        return path.hashCode() * 31 + Arrays.hashCode(content);
    }

    @Override
    public String toString() {
        // Never the content: it may be a private key.
        return "RenderedFile[" + path + ", " + content.length + " bytes" + (secret ? ", secret" : "") + "]";
    }
}
