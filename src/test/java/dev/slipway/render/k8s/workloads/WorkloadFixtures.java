package dev.slipway.render.k8s.workloads;

import dev.slipway.render.RenderInput;
import dev.slipway.render.RenderedTree;
import dev.slipway.render.k8s.KubernetesRenderer;
import dev.slipway.spec.Environment;
import dev.slipway.spec.SpecReader;
import dev.slipway.testing.GoldenFiles;
import dev.slipway.versions.Versions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;

/** The example spec's environments and the workload components' objects for them. */
public final class WorkloadFixtures {
    private WorkloadFixtures() {
    }

    public static Environment example(String env) {
        return SpecReader.read(GoldenFiles.repo().resolve("examples/yourcom/platform.yaml")).environment(env)
                .orElseThrow();
    }

    public static RenderInput input(Environment env) {
        return new RenderInput(env, Versions.bundled(), null, "platform.yaml");
    }

    /** The whole {@code k8s/} stage for {@code env}. */
    public static RenderedTree render(Environment env) {
        RenderedTree.Builder out = RenderedTree.builder();
        new KubernetesRenderer().render(input(env), out);
        return out.build();
    }

    /** The objects of the workload components (mongo, mongo-express, apps), in deploy order. */
    public static List<HasMetadata> objects(Environment env) {
        List<HasMetadata> all = new ArrayList<>();
        all.addAll(new Mongo().objects(input(env)));
        all.addAll(new MongoExpress().objects(input(env)));
        all.addAll(new AppSuite().objects(input(env)));
        return all;
    }
}
