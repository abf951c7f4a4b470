package dev.slipway.render.hcl;

import java.util.List;

/** A tuple constructor {@code [a, b]}; printed on one line when it fits, one element per line otherwise. */
public record ListExpression(List<Expression> elements) implements Expression {
    public ListExpression {
        elements = List.copyOf(elements);
    }
}
