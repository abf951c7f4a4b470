package dev.slipway.render.hcl;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An object constructor {@code { key = value }}, entries in insertion order. Printed one entry per line (as tags
 * are written by hand) unless {@link #inline()} asks for {@code { a = 1, b = 2 }}. Keys that are not identifiers
 * (e.g. {@code kubernetes.io/cluster/x}) are quoted.
 */
public record ObjectExpression(Map<String, Expression> entries, boolean inline) implements Expression {

    public ObjectExpression {
        entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds an object in entry order. */
    public static final class Builder {
        private final LinkedHashMap<String, Expression> entries = new LinkedHashMap<>();
        private boolean inline;

        public Builder put(String key, Expression value) {
            if (entries.putIfAbsent(key, value) != null) {
                throw new IllegalArgumentException("duplicate object key " + key);
            }
            return this;
        }

        public Builder put(String key, String value) {
            return put(key, new StringLiteral(value));
        }

        public Builder putAll(Map<String, String> values) {
            values.forEach(this::put);
            return this;
        }

        public Builder inline() {
            this.inline = true;
            return this;
        }

        public ObjectExpression build() {
            return new ObjectExpression(entries, inline);
        }
    }
}
