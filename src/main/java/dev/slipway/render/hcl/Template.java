package dev.slipway.render.hcl;

import java.util.ArrayList;
import java.util.List;

/**
 * A quoted string with interpolations, e.g. {@code "${local.cluster_name}-controller-${count.index}"}. Literal
 * parts are escaped like {@link StringLiteral}; interpolated parts are expressions, so references stay typed.
 * A template that is a single interpolation is rejected: {@code terraform fmt} would unwrap it; use the expression.
 */
public record Template(List<Object> parts) implements Expression {

    public Template {
        parts = List.copyOf(parts);
        for (Object p : parts) {
            if (!(p instanceof String) && !(p instanceof Expression)) {
                throw new IllegalArgumentException("template parts are strings or expressions: " + p);
            }
        }
        if (parts.size() == 1 && parts.get(0) instanceof Expression) {
            throw new IllegalArgumentException("a template of one interpolation is just its expression");
        }
    }

    /** Parts in order: {@link String} for literal text, {@link Expression} for {@code ${...}}. */
    public static Template of(Object... parts) {
        List<Object> list = new ArrayList<>(List.of(parts));
        return new Template(list);
    }
}
