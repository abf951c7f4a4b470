package dev.slipway.render.hcl;

/**
 * A tuple {@code for} expression, {@code [for c in var.admin_cidrs : can(cidrnetmask(c))]}. The iteration variable
 * is a {@link Reference} made by {@link Reference#iterator(String)}.
 */
public record ForExpression(String variable, Expression collection, Expression body) implements Expression {
    public ForExpression {
        if (!Attribute.isIdentifier(variable)) {
            throw new IllegalArgumentException("not an identifier: " + variable);
        }
    }
}
