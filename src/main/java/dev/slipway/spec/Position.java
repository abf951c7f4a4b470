package dev.slipway.spec;

/**
 * Where a value stands in a spec file: 1-based line and column, as editors count them.
 */
public record Position(String file, int line, int column) {
    public static final Position UNKNOWN = new Position("<unknown>", 0, 0);

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
