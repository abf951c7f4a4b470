package dev.slipway.render.ignition;

import java.nio.charset.StandardCharsets;

/**
 * RFC 2397 {@code data:} URLs for inline file contents, percent-encoded as Butane does, so that rendered configs
 * stay readable in reviews and golden files (a base64 blob would hide every change).
 */
public final class DataUrl {
    private DataUrl() {
    }

    public static String of(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder("data:,");
        for (byte b : bytes) {
            int c = b & 0xff;
            if (isUnreserved(c)) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }

    /** Decodes a URL made by {@link #of}; used by tests to read inline files back. */
    public static String decode(String url) {
        if (!url.startsWith("data:,")) {
            throw new IllegalArgumentException("not a plain data URL: " + url);
        }
        String s = url.substring("data:,".length());
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '/' || c == ':' || c == '=' || c == ','
                || c == '@';
    }
}
