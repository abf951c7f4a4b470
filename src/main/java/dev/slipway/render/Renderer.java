package dev.slipway.render;

/**
 * A pure function from one environment's inputs to files under {@code build/ENV/}. Implementations do no I/O, read
 * no clock and use no randomness: everything they need arrives in {@link RenderInput}, so the same input renders
 * byte-identical output. Each renderer owns one top-level folder of the tree (its {@link #stage()}).
 */
public interface Renderer {

    /** The top-level folder this renderer writes, e.g. {@code terraform}; also the stage name in summaries. */
    String stage();

    /** Adds this stage's files (paths starting with {@code stage() + "/"}) and declared resources to {@code out}. */
    void render(RenderInput input, RenderedTree.Builder out);
}
