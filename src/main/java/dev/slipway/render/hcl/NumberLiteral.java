package dev.slipway.render.hcl;

/** A number, kept as its decimal text so that {@code 0.5} and {@code 10} print as written. */
public record NumberLiteral(String text) implements Expression {
    public NumberLiteral {
        if (!text.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?")) {
            throw new IllegalArgumentException("not a decimal number: " + text);
        }
    }
}
