package dev.slipway.apply.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.render.k8s.workloads.LoadBalancerAnnotations;

/**
 * Whether one live object is ready in the sense {@code deploy} waits for and {@code status} reports, read from its
 * status the way {@code kubectl rollout status} does: a rollout counts only once the controller has observed the
 * latest generation and every replica is updated, ready and available.
 *
 * @param tracked whether this kind has a notion of readiness (a ConfigMap has none: always ready)
 * @param ready   ready now
 * @param failed  will not become ready by waiting (a failed Job)
 * @param desired how many are wanted ("3"), or "-" where counts mean nothing
 * @param current how many are ready ("2"), or "-"
 * @param summary what is going on, e.g. "2/3 updated, 1 ready", "Bound", "waiting for a load balancer address"
 */
public record Readiness(boolean tracked, boolean ready, boolean failed, String desired, String current,
        String summary) {

    static Readiness untracked() {
        return new Readiness(false, true, false, "-", "-", "");
    }

    /** Readiness of {@code live} (a JSON tree of any kind); {@code null} (the object is missing) is not ready. */
    public static Readiness of(String kind, JsonNode live) {
        if (live == null || live.isMissingNode()) {
            return new Readiness(true, false, false, "-", "-", "missing");
        }
        return switch (kind) {
            case "Deployment" -> deployment(live);
            case "StatefulSet" -> statefulSet(live);
            case "DaemonSet" -> daemonSet(live);
            case "Job" -> job(live);
            case "PersistentVolumeClaim" -> phase(live, "Bound");
            case "Namespace" -> phase(live, "Active");
            case "Service" -> service(live);
            case "CustomResourceDefinition" -> condition(live, "Established");
            default -> untracked();
        };
    }

    /** Readiness of a live fabric8 object of {@code kind} (as read from the API server). */
    public static Readiness of(String kind, io.fabric8.kubernetes.api.model.HasMetadata live) {
        return of(kind, Json.tree(live));
    }

    /** Whether {@code kind} is waited for at all. */
    public static boolean tracks(String kind) {
        return switch (kind) {
            case "Deployment", "StatefulSet", "DaemonSet", "Job", "PersistentVolumeClaim", "Namespace", "Service",
                    "CustomResourceDefinition" -> true;
            default -> false;
        };
    }

    private static boolean observed(JsonNode o) {
        return Json.number(o, "status.observedGeneration", -1) >= Json.number(o, "metadata.generation", 0);
    }

    private static Readiness deployment(JsonNode o) {
        long want = Json.number(o, "spec.replicas", 1);
        long updated = Json.number(o, "status.updatedReplicas", 0);
        long ready = Json.number(o, "status.readyReplicas", 0);
        long available = Json.number(o, "status.availableReplicas", 0);
        long total = Json.number(o, "status.replicas", 0);
        if (!observed(o)) {
            return counts(false, want, ready, "rollout not yet observed by the controller");
        }
        boolean done = updated == want && ready == want && available == want && total == want;
        String summary = done ? want + "/" + want + " ready"
                : updated + "/" + want + " updated, " + ready + " ready, " + available + " available"
                        + (total > want ? ", " + (total - want) + " old still running" : "");
        return counts(done, want, ready, summary);
    }

    private static Readiness statefulSet(JsonNode o) {
        long want = Json.number(o, "spec.replicas", 1);
        long ready = Json.number(o, "status.readyReplicas", 0);
        long updated = Json.number(o, "status.updatedReplicas", 0);
        boolean onDelete = "OnDelete".equals(Json.text(o, "spec.updateStrategy.type"));
        String current = Json.text(o, "status.currentRevision");
        String update = Json.text(o, "status.updateRevision");
        if (!observed(o)) {
            return counts(false, want, ready, "rollout not yet observed by the controller");
        }
        boolean rolled = onDelete || (updated == want && current.equals(update));
        boolean done = ready == want && rolled;
        return counts(done, want, ready, done ? want + "/" + want + " ready"
                : ready + "/" + want + " ready, " + updated + " updated");
    }

    private static Readiness daemonSet(JsonNode o) {
        long want = Json.number(o, "status.desiredNumberScheduled", 0);
        long updated = Json.number(o, "status.updatedNumberScheduled", 0);
        long ready = Json.number(o, "status.numberReady", 0);
        long available = Json.number(o, "status.numberAvailable", 0);
        if (!observed(o)) {
            return counts(false, want, ready, "rollout not yet observed by the controller");
        }
        boolean done = updated == want && ready == want && available == want;
        return counts(done, want, ready, done ? want + "/" + want + " nodes ready"
                : updated + "/" + want + " updated, " + ready + " ready, " + available + " available");
    }

    private static Readiness job(JsonNode o) {
        long want = Json.number(o, "spec.completions", 1);
        long succeeded = Json.number(o, "status.succeeded", 0);
        for (JsonNode c : o.path("status").path("conditions")) {
            if ("True".equals(c.path("status").asText())) {
                if ("Complete".equals(c.path("type").asText())) {
                    return new Readiness(true, true, false, String.valueOf(want), String.valueOf(succeeded),
                            "complete");
                }
                if ("Failed".equals(c.path("type").asText())) {
                    return new Readiness(true, false, true, String.valueOf(want), String.valueOf(succeeded),
                            "failed: " + c.path("reason").asText() + " " + c.path("message").asText());
                }
            }
        }
        return new Readiness(true, false, false, String.valueOf(want), String.valueOf(succeeded),
                succeeded + "/" + want + " completions");
    }

    private static Readiness phase(JsonNode o, String wanted) {
        String phase = Json.text(o, "status.phase");
        return new Readiness(true, wanted.equals(phase), false, "-", "-", phase.isEmpty() ? "no phase yet" : phase);
    }

    private static Readiness service(JsonNode o) {
        if (!"LoadBalancer".equals(Json.text(o, "spec.type"))) {
            return untracked();
        }
        JsonNode ingress = o.path("status").path("loadBalancer").path("ingress");
        if (ingress.isArray() && !ingress.isEmpty()) {
            JsonNode first = ingress.get(0);
            String address = first.path("hostname").asText(first.path("ip").asText());
            return new Readiness(true, true, false, "-", "-", "address " + address + https(o));
        }
        return new Readiness(true, false, false, "-", "-", "waiting for a load balancer address");
    }

    /** For an app with hostnames: whether its load balancer serves them over HTTPS (deploy names the certificate). */
    private static String https(JsonNode o) {
        JsonNode annotations = o.path("metadata").path("annotations");
        String hostnames = annotations.path(LoadBalancerAnnotations.HOSTNAMES).asText("");
        if (hostnames.isEmpty()) {
            return "";
        }
        boolean certificate = !annotations.path(LoadBalancerAnnotations.SSL_CERT).asText("").isEmpty();
        return "; " + hostnames + (certificate ? " over HTTPS" : ": no certificate, port 443 is plain TCP (run"
                + " deploy)");
    }

    private static Readiness condition(JsonNode o, String type) {
        for (JsonNode c : o.path("status").path("conditions")) {
            if (type.equals(c.path("type").asText())) {
                boolean ok = "True".equals(c.path("status").asText());
                return new Readiness(true, ok, false, "-", "-", ok ? type : type + " " + c.path("status").asText()
                        + ": " + c.path("message").asText());
            }
        }
        return new Readiness(true, false, false, "-", "-", "not " + type + " yet");
    }

    private static Readiness counts(boolean ready, long want, long current, String summary) {
        return new Readiness(true, ready, false, String.valueOf(want), String.valueOf(current), summary);
    }
}
