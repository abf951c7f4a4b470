package dev.slipway.render.hcl;

/** {@code name = value} in a block body. */
public record Attribute(String name, Expression value) implements BodyItem {

    public Attribute {
        if (!isIdentifier(name)) {
            throw new IllegalArgumentException("not an HCL identifier: " + name);
        }
    }

    /** HCL identifiers: a letter or underscore, then letters, digits, underscores and dashes. */
    public static boolean isIdentifier(String s) {
        return s != null && s.matches("[A-Za-z_][A-Za-z0-9_-]*");
    }
}
