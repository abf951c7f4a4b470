package dev.slipway.render.hcl;

import java.util.List;

/** A {@code #} comment of one or more lines, placed before the item it explains. Says why, not what. */
public record Comment(List<String> lines) implements BodyItem {
    public Comment {
        lines = List.copyOf(lines);
        for (String l : lines) {
            if (l.contains("\n") || l.contains("\r")) {
                throw new IllegalArgumentException("comment lines are given one by one");
            }
        }
    }

    public static Comment of(String... lines) {
        return new Comment(List.of(lines));
    }
}
