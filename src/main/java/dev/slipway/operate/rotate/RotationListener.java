package dev.slipway.operate.rotate;

import dev.slipway.apply.nodes.NodeDrain;

/** What a worker rotation reports as it goes: each step as one line, and the drain's evictions and refusals. */
public interface RotationListener extends NodeDrain.Listener {
    void step(String pool, String message);
}
