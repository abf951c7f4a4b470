package dev.slipway.render.hcl;

import java.util.Set;

/** A binary operation: comparison, arithmetic or logic ({@code length(var.zones) >= 2}). */
public record Operation(Expression left, String operator, Expression right) implements Expression {
    private static final Set<String> OPERATORS =
            Set.of("==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", "&&", "||");

    public Operation {
        if (!OPERATORS.contains(operator)) {
            throw new IllegalArgumentException("not an HCL binary operator: " + operator);
        }
    }
}
