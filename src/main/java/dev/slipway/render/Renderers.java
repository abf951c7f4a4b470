package dev.slipway.render;

import dev.slipway.render.ignition.IgnitionRenderer;
import dev.slipway.render.ignition.ProvisioningRenderer;
import dev.slipway.render.k8s.KubernetesRenderer;
import dev.slipway.render.terraform.TerraformRenderer;
import java.util.List;

/** The renderers {@code slipway plan} runs, in the order their stages apply. */
public final class Renderers {
    private Renderers() {
    }

    public static List<Renderer> all() {
        return List.of(
                new TerraformRenderer(),
                new IgnitionRenderer(),
                new ProvisioningRenderer(),
                new KubernetesRenderer());
    }
}
