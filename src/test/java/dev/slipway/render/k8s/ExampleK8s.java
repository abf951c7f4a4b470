package dev.slipway.render.k8s;

import dev.slipway.render.RenderInput;
import dev.slipway.render.RenderedTree;
import dev.slipway.spec.Environment;
import dev.slipway.spec.SpecReader;
import dev.slipway.testing.GoldenFiles;
import dev.slipway.versions.Versions;

/** The example spec's environments and their rendered {@code k8s/} stage. */
public final class ExampleK8s {
    private ExampleK8s() {
    }

    public static Environment environment(String name) {
        return SpecReader.read(GoldenFiles.repo().resolve("examples/yourcom/platform.yaml")).environment(name)
                .orElseThrow();
    }

    public static RenderInput input(Environment env) {
        return new RenderInput(env, Versions.bundled(), null, "platform.yaml");
    }

    public static RenderedTree render(Environment env) {
        RenderedTree.Builder out = RenderedTree.builder();
        new KubernetesRenderer().render(input(env), out);
        return out.build();
    }
}
