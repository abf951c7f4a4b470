package dev.slipway.spec;

/**
 * One thing wrong with a spec: where, which field, what is wrong and what would be right.
 * Rendered as {@code platform.yaml:12:5: environments.prod.controllers.count: 2 is even (use an odd count: 1, 3, 5)}.
 */
public record Problem(Position position, String path, String message, String hint) {

    public Problem {
        if (hint != null && hint.isBlank()) {
            hint = null;
        }
    }

    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(position).append(": ");
        if (path != null && !path.isEmpty()) {
            sb.append(path).append(": ");
        }
        sb.append(message);
        if (hint != null) {
            sb.append(" (").append(hint).append(')');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
