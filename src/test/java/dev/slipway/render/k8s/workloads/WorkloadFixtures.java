package dev.slipway.render.k8s.workloads;

import dev.slipway.render.RenderInput;
import dev.slipway.render.k8s.RenderedK8s;
import dev.slipway.spec.Environment;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;

/** The workload components' objects for an environment (the example's come from {@link RenderedK8s#example}). */
public final class WorkloadFixtures {
    private WorkloadFixtures() {
    }

    /** The objects of the workload components (mongo, mongo-express, apps), in deploy order. */
    public static List<HasMetadata> objects(Environment env) {
        RenderInput input = RenderedK8s.input(env);
        List<HasMetadata> all = new ArrayList<>();
        all.addAll(new Mongo().objects(input));
        all.addAll(new MongoExpress().objects(input));
        all.addAll(new AppSuite().objects(input));
        return all;
    }
}
