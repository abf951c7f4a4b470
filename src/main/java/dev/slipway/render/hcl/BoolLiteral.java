package dev.slipway.render.hcl;

/** {@code true} or {@code false}. */
public record BoolLiteral(boolean value) implements Expression {
}
