package dev.slipway.render.hcl;

import java.util.Arrays;
import java.util.List;

/**
 * A typed HCL expression: a literal, a collection, a reference, a function call, a template or an operation.
 * Expressions are values; {@link HclPrinter} decides whether they fit on one line.
 */
public sealed interface Expression
        permits StringLiteral, Template, NumberLiteral, BoolLiteral, ListExpression, ObjectExpression, Reference,
        FunctionCall, ForExpression, Operation, TypeConstraint {

    static Expression string(String value) {
        return new StringLiteral(value);
    }

    static Expression number(long value) {
        return new NumberLiteral(Long.toString(value));
    }

    static Expression bool(boolean value) {
        return new BoolLiteral(value);
    }

    static ListExpression list(Expression... elements) {
        return new ListExpression(Arrays.asList(elements));
    }

    static ListExpression list(List<? extends Expression> elements) {
        return new ListExpression(List.copyOf(elements));
    }

    static ListExpression strings(List<String> values) {
        return new ListExpression(values.stream().map(v -> (Expression) new StringLiteral(v)).toList());
    }

    static FunctionCall call(String function, Expression... args) {
        return new FunctionCall(function, Arrays.asList(args));
    }

    /** {@code left op right}, e.g. {@code var.count > 0}. */
    static Operation op(Expression left, String operator, Expression right) {
        return new Operation(left, operator, right);
    }
}
