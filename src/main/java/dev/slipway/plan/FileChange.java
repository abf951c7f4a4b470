package dev.slipway.plan;

/**
 * What applying a rendered tree does to one file of the build folder.
 */
public record FileChange(String path, Kind kind, boolean secret) {
    /** Typed outcome, as in every Slipway plan. */
    public enum Kind { CREATE, UPDATE, DELETE, UNCHANGED }
}
