package dev.slipway.render.k8s.workloads;

import dev.slipway.spec.Environment;
import dev.slipway.spec.WorkerPoolSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where MongoDB's members run: on the pool the spec names ({@code mongo.pool}), else on a pool named {@code mongo}
 * when there is one (the dedicated, tainted pool of prod), else anywhere. On a pool they select it by the
 * {@code slipway.dev/pool} label every worker registers with and tolerate its taints (the spot taint only with
 * {@code mongo.allowSpot}). Anywhere never includes a spot node: members do not tolerate its taint.
 *
 * @param nodeSelector empty when members may run anywhere
 */
record MongoPlacement(Map<String, String> nodeSelector, List<Toleration> tolerations) {
    static final String POOL_LABEL = "slipway.dev/pool";
    static final String DEFAULT_POOL = "mongo";

    static MongoPlacement of(Environment env) {
        String wanted = env.mongo().pool() != null ? env.mongo().pool() : DEFAULT_POOL;
        Optional<WorkerPoolSpec> pool = env.workerPools().stream().filter(p -> wanted.equals(p.name())).findFirst();
        if (pool.isEmpty()) {
            return new MongoPlacement(Map.of(), List.of());
        }
        List<Toleration> tolerations = new java.util.ArrayList<>(pool.get().taints().stream()
                .map(MongoPlacement::toleration).toList());
        if (pool.get().hasSpot() && env.mongo().allowSpot()) {
            // Validation refuses a spot pool for MongoDB unless mongo.allowSpot says so.
            tolerations.add(PodDefaults.spotToleration());
        }
        return new MongoPlacement(Map.of(POOL_LABEL, pool.get().name()), tolerations);
    }

    /** {@code key=value:Effect} or {@code key:Effect}, as the spec's taints are written. */
    private static Toleration toleration(String taint) {
        String effect = taint.substring(taint.lastIndexOf(':') + 1);
        String keyValue = taint.substring(0, taint.lastIndexOf(':'));
        int eq = keyValue.indexOf('=');
        TolerationBuilder b = new TolerationBuilder().withEffect(effect);
        if (eq < 0) {
            return b.withKey(keyValue).withOperator("Exists").build();
        }
        return b.withKey(keyValue.substring(0, eq)).withOperator("Equal").withValue(keyValue.substring(eq + 1))
                .build();
    }
}
