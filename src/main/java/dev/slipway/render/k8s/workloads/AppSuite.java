package dev.slipway.render.k8s.workloads;

import dev.slipway.render.RenderInput;
import dev.slipway.render.k8s.ClusterComponent;
import dev.slipway.spec.AppSpec;
import dev.slipway.spec.CronJobSpec;
import dev.slipway.spec.Environment;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Component {@code apps}: the app suite and its scheduled jobs in namespace {@code apps} (enforcing the restricted
 * Pod Security profile), with the Secrets they read. Per app see {@link AppObjects}, per job {@link CronJobObjects}.
 */
public final class AppSuite implements ClusterComponent {
    public static final String NAME = "apps";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Duration readyTimeout() {
        return Duration.ofMinutes(10);
    }

    @Override
    public List<HasMetadata> objects(RenderInput input) {
        Environment env = input.environment();
        if (env.apps().isEmpty() && env.cronJobs().isEmpty()) {
            return List.of();
        }
        List<HasMetadata> out = new ArrayList<>();
        out.add(RestrictedNamespace.of(WorkloadNamespaces.APPS));
        out.addAll(WorkloadPolicies.apps(env));
        TreeSet<String> secrets = new TreeSet<>();
        env.apps().forEach(a -> secrets.addAll(a.secrets()));
        env.cronJobs().forEach(j -> secrets.addAll(j.secrets()));
        for (String s : secrets) {
            out.add(RenderedSecrets.fromEnvironment(env.secrets().get(s), WorkloadNamespaces.APPS));
        }
        for (AppSpec app : env.apps()) {
            out.addAll(AppObjects.of(app, env));
        }
        for (CronJobSpec job : env.cronJobs()) {
            out.add(CronJobObjects.of(job));
        }
        return out;
    }
}
