package dev.slipway.cli;

import dev.slipway.apply.kubernetes.ClusterStatus;
import dev.slipway.apply.kubernetes.DeployEngine;
import dev.slipway.apply.kubernetes.DesiredComponent;
import dev.slipway.plan.Workspace;
import dev.slipway.spec.Environment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code slipway status}: one table per component of what runs, and why anything is unhealthy. */
@Command(name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Show the environment's cluster component by component.",
            "For each workload: desired and ready counts, container restarts, age and state; then volume claims,"
                    + " load-balanced Services, CronJobs (last schedule and success) and Secrets (keys and a hash of"
                    + " the values, never values). For anything unhealthy, the reason: container states and the"
                    + " latest events.",
            "Read-only. Exit 1 when something is unhealthy.",
        },
        footer = {"", "Examples:", "  slipway status --env acc", "  slipway status --env prod -o json"})
public final class StatusCommand implements Callable<Integer> {
    @Mixin
    SpecOption specOption;
    @Mixin
    EnvOption envOption;
    @Mixin
    OutputOption output;
    @Mixin
    KubeconfigOption kubeconfig;
    @Mixin
    ComponentSource source;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Workspace ws;
        try {
            ws = specOption.load();
        } catch (dev.slipway.spec.SpecException e) {
            return output.specProblems(spec, envOption.name(), e);
        }
        Environment env = ws.environment(envOption.name());
        ComponentSource.Unparsed unparsed = source.unparsed(ws, env, false, spec.commandLine().getErr(), true);
        List<ClusterStatus.Component> components;
        try (KubernetesClient client = kubeconfig.connect(ws, env);
             DeployEngine engine = new DeployEngine(client, DeployEngine.Options.defaults())) {
            // As deploy sees them: a component the applied record vouches for is its listed objects, not parsed.
            List<DesiredComponent> rendered = new ArrayList<>(unparsed.first());
            rendered.addAll(engine.components(unparsed.manifests()));
            components = new ClusterStatus(client, 8, Instant.now()).read(rendered);
        }
        boolean healthy = components.stream().allMatch(ClusterStatus.Component::healthy);
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("environment", env.name());
            m.put("healthy", healthy);
            List<Map<String, Object>> list = new ArrayList<>();
            for (ClusterStatus.Component c : components) {
                Map<String, Object> cm = new LinkedHashMap<>();
                cm.put("component", c.name());
                cm.put("healthy", c.healthy());
                List<Map<String, Object>> rows = new ArrayList<>();
                for (ClusterStatus.Row r : c.rows()) {
                    Map<String, Object> rm = new LinkedHashMap<>();
                    rm.put("kind", r.ref().kind());
                    rm.put("namespace", r.ref().namespace());
                    rm.put("name", r.ref().name());
                    rm.put("healthy", r.healthy());
                    rm.put("desired", r.desired());
                    rm.put("ready", r.ready());
                    rm.put("restarts", r.restarts());
                    rm.put("age", r.age());
                    rm.put("state", r.state());
                    rm.put("reason", r.reason());
                    rows.add(rm);
                }
                cm.put("objects", rows);
                list.add(cm);
            }
            m.put("components", list);
            OutputOption.printJson(out, spec, env.name(), m, java.util.List.of());
        } else {
            print(out, env.name(), components, healthy);
        }
        return healthy ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private static void print(PrintWriter out, String env, List<ClusterStatus.Component> components,
            boolean healthy) {
        for (ClusterStatus.Component c : components) {
            out.printf("%s  %s%n", c.name(), c.healthy() ? "healthy" : "UNHEALTHY");
            int width = Math.max(20, c.rows().stream().mapToInt(r -> r.ref().toString().length()).max().orElse(0));
            out.printf("  %-" + width + "s  %7s  %5s  %8s  %4s  %s%n", "OBJECT", "DESIRED", "READY", "RESTARTS",
                    "AGE", "STATE");
            for (ClusterStatus.Row r : c.rows()) {
                out.printf("  %-" + width + "s  %7s  %5s  %8d  %4s  %s%n", r.ref(), r.desired(), r.ready(),
                        r.restarts(), r.age(), r.state());
                if (!r.reason().isEmpty()) {
                    out.printf("    why: %s%n", r.reason());
                }
            }
            out.println();
        }
        out.println(env + ": " + (healthy ? "every component healthy" : "something is unhealthy (see above)"));
    }
}
