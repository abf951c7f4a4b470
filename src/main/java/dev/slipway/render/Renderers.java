package dev.slipway.render;

import dev.slipway.render.terraform.TerraformRenderer;
import java.util.List;

/** The renderers {@code slipway plan} runs, in the order their stages apply. */
public final class Renderers {
    private Renderers() {
    }

    public static List<Renderer> all() {
        return List.of(
                // one line per stage, e.g. new TerraformRenderer(), new IgnitionRenderer(), ...
                new TerraformRenderer(),
                new dev.slipway.render.ignition.IgnitionRenderer(),
                new dev.slipway.render.ignition.ProvisioningRenderer()
        );
    }
}
