package dev.slipway.plan;

import java.util.Locale;

/**
 * What applying a rendered tree does to one file of the build folder.
 */
public record FileChange(String path, Kind kind, boolean secret) {
    /** Typed outcome, as in every Slipway plan; {@link #word()} is the one vocabulary of text and JSON output. */
    public enum Kind {
        CREATE("new"),
        UPDATE("changed"),
        DELETE("removed"),
        UNCHANGED("unchanged"),
        /** The user's own file in a place Slipway leaves alone ({@link UserFiles}): kept, never rendered over. */
        USER("yours"),
        /** A file Slipway did not write and does not own: never deleted silently; the plan refuses instead. */
        UNKNOWN("unknown");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        /** How output names this outcome: {@code new}, {@code changed}, {@code removed}, ... */
        public String word() {
            return word;
        }

        /** True for the outcomes that change the folder. */
        public boolean changes() {
            return this == CREATE || this == UPDATE || this == DELETE;
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
