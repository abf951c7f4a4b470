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

    public List<Component> read(List<DesiredComponent> rendered) {
        try (concurrently) {
            List<Component> out = new ArrayList<>();
            Diagnosis diagnosis = new Diagnosis(api);
            for (DesiredComponent c : rendered) {
                List<HasMetadata> shown = c.objects().stream().filter(o -> SHOWN.contains(o.getKind())).toList();
                out.add(new Component(c.name(), concurrently.map(shown, o -> row(o, diagnosis))));
            }
            return out;
        }
    }

    private Row row(HasMetadata desired, Diagnosis diagnosis) {
        ObjectRef ref = ObjectRef.of(desired);
        JsonNode live = Json.tree(api.get(desired));
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
