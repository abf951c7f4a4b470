package dev.slipway.render.hcl;

/**
 * A quoted string. Printed with HCL's escapes, and with template sequences escaped ({@code ${} becomes
 * {@code $${}, {@code %{} becomes {@code %%{}) so the value is taken literally, never interpolated.
 */
public record StringLiteral(String value) implements Expression {

    public StringLiteral {
        java.util.Objects.requireNonNull(value, "value");
    }

    /** The quoted, escaped form. */
    public String quoted() {
        return "\"" + escape(value) + "\"";
    }

    /** Escapes {@code text} for the inside of an HCL quoted template. */
    static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '$', '%' -> {
                    b.append(c);
                    if (next == '{') {
                        b.append(c);
                    }
                }
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
