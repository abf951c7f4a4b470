package dev.slipway.render.hcl;

import java.util.List;

/**
 * A call of one of Terraform's built-in functions, e.g. {@code cidrsubnet(var.vpc_cidr, 4, count.index)}. Only the
 * last argument may span several lines ({@code merge(local.tags, { ... })}).
 */
public record FunctionCall(String function, List<Expression> args) implements Expression {
    public FunctionCall {
        if (!function.matches("[a-z][a-z0-9_]*(::[a-z][a-z0-9_]*)*")) {
            throw new IllegalArgumentException("not a function name: " + function);
        }
        args = List.copyOf(args);
    }
}
