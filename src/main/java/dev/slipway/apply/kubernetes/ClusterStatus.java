package dev.slipway.apply.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code slipway status}: for every rendered component, the live state of its objects that have one (workloads,
 * volumes claims, load-balanced Services, Secrets as keys and a hash), with the same {@link Readiness} deploy waits
 * for, restarts, age and, for anything unhealthy, the reason. Read-only.
 */
public final class ClusterStatus {
    private static final Set<String> SHOWN = Set.of("Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob",
            "PersistentVolumeClaim", "Service", "Secret");
    private final ServerSideApply api;
    private final Concurrently concurrently;
    private final Instant now;

    public ClusterStatus(KubernetesClient client, int parallelism, Instant now) {
        this.api = new ServerSideApply(client, ApiRetry.standard(), false);
        this.concurrently = new Concurrently(parallelism);
        this.now = now;
    }

    /** One row. {@code healthy} is false for anything missing, not ready or failed. */
    public record Row(ObjectRef ref, boolean healthy, String desired, String ready, int restarts, String age,
            String state, String reason) {
    }

    public record Component(String name, List<Row> rows) {
        public boolean healthy() {
            return rows.stream().allMatch(Row::healthy);
        }
    }

    /**
     * Reads the live objects as deploy's readiness does ({@link LiveObjects}: one LIST per kind of which many are
     * shown, GETs for the few), and the Pods of the workloads (for restarts) with one LIST of all Pods when there
     * are many workloads: a status of 550 objects costs a handful of requests, not one per object and workload.
     */
    public List<Component> read(List<DesiredComponent> rendered) {
        try (concurrently) {
            List<HasMetadata> shown = new ArrayList<>();
            rendered.forEach(c -> c.objects().stream().filter(o -> SHOWN.contains(o.getKind())).forEach(shown::add));
            // A vouched component's objects were just listed (DeployEngine.components): that look is the status.
            java.util.Map<ObjectRef, HasMetadata> known = new java.util.HashMap<>();
            rendered.stream().filter(DesiredComponent::vouched).forEach(c -> c.objects().forEach(o -> known.put(
                    ObjectRef.of(o), o)));
            List<JsonNode> live = new LiveObjects(api, concurrently).look(shown, known);
            long workloads = shown.stream().filter(o -> Diagnosis.RUNS_PODS.contains(o.getKind())).count();
            Diagnosis diagnosis = workloads >= LiveObjects.LIST_FROM ? new Diagnosis(api, allPods()) : new Diagnosis(api);
            List<Component> out = new ArrayList<>();
            int i = 0;
            for (DesiredComponent c : rendered) {
                List<Row> rows = new ArrayList<>();
                for (HasMetadata o : c.objects()) {
                    if (SHOWN.contains(o.getKind())) {
                        rows.add(row(o, live.get(i++), diagnosis));
                    }
                }
                out.add(new Component(c.name(), rows));
            }
            return out;
        }
    }

    /** Every Pod, by namespace: one LIST, for the restarts of many workloads. */
    private Diagnosis.PodSource allPods() {
        java.util.Map<String, List<io.fabric8.kubernetes.api.model.Pod>> byNamespace = new java.util.HashMap<>();
        api.retry().call(() -> api.client().pods().inAnyNamespace().list().getItems()).forEach(p -> byNamespace
                .computeIfAbsent(p.getMetadata().getNamespace(), k -> new ArrayList<>()).add(p));
        return (namespace, selector) -> byNamespace.getOrDefault(namespace, List.of()).stream()
                .filter(p -> p.getMetadata().getLabels() != null
                        && p.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                .toList();
    }

    private Row row(HasMetadata desired, JsonNode live, Diagnosis diagnosis) {
        ObjectRef ref = ObjectRef.of(desired);
        if (live.isMissingNode()) {
            return new Row(ref, false, "-", "-", 0, "-", "missing", "not in the cluster: run slipway deploy");
        }
        String age = age(Json.text(live, "metadata.creationTimestamp"));
        if (ref.kind().equals("Secret")) {
            return new Row(ref, true, "-", "-", 0, age, SecretSummary.of(live), "");
        }
        if (ref.kind().equals("CronJob")) {
            String last = Json.text(live, "status.lastScheduleTime");
            String success = Json.text(live, "status.lastSuccessfulTime");
            return new Row(ref, true, "-", "-", 0, age, "last schedule " + (last.isEmpty() ? "never" : last)
                    + ", last success " + (success.isEmpty() ? "never" : success), "");
        }
        Readiness r = Readiness.of(ref.kind(), live);
        if (!r.tracked()) {
            return new Row(ref, true, "-", "-", 0, age, Json.text(live, "spec.type"), "");
        }
        Diagnosis.Findings f = diagnosis.of(ref, live, !r.ready());
        return new Row(ref, r.ready(), r.desired(), r.current(), f.restarts(), age, r.summary(), f.reason());
    }

    private String age(String created) {
        try {
            Duration d = Duration.between(Instant.parse(created), now);
            if (d.toDays() > 0) {
                return d.toDays() + "d";
            }
            if (d.toHours() > 0) {
                return d.toHours() + "h";
            }
            return d.toMinutes() > 0 ? d.toMinutes() + "m" : Math.max(0, d.toSeconds()) + "s";
        } catch (DateTimeParseException e) {
            return "-";
        }
    }
}
