package dev.slipway.apply.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Why a workload is not ready, as an operator would find out by hand: its Pods (not scheduled and why, containers
 * waiting or crashed and why, restarts) and the latest events about it and its Pods. Read-only.
 */
public final class Diagnosis {
    private static final int EVENTS = 3;
    /** The kinds whose Pods are looked at. */
    static final Set<String> RUNS_PODS = Set.of("Deployment", "StatefulSet", "DaemonSet", "Job");
    private final ServerSideApply api;
    private final PodSource pods;

    /** Where the Pods matching a namespace and label selector come from. */
    interface PodSource {
        List<Pod> pods(String namespace, Map<String, String> matchLabels);
    }

    public Diagnosis(ServerSideApply api) {
        this(api, (namespace, selector) -> api.retry().call(() -> api.client().pods().inNamespace(namespace)
                .withLabels(selector).list().getItems()));
    }

    /** With the Pods from {@code pods} (e.g. one listing of all Pods) instead of a LIST per workload. */
    Diagnosis(ServerSideApply api, PodSource pods) {
        this.api = api;
        this.pods = pods;
    }

    /** @param restarts container restarts over the workload's Pods; @param reason why it is not ready, or "" */
    public record Findings(int restarts, String reason) {
    }

    /** Restarts (always) and, when {@code explain}, the reason from Pods and events. */
    public Findings of(ObjectRef ref, JsonNode live, boolean explain) {
        List<Pod> pods = pods(ref, live);
        int restarts = 0;
        Set<String> reasons = new LinkedHashSet<>();
        for (Pod p : pods) {
            if (p.getStatus() == null) {
                continue;
            }
            if (p.getStatus().getContainerStatuses() != null) {
                for (var cs : p.getStatus().getContainerStatuses()) {
                    restarts += cs.getRestartCount() == null ? 0 : cs.getRestartCount();
                    if (cs.getState() != null && cs.getState().getWaiting() != null) {
                        reasons.add("pod " + p.getMetadata().getName() + " container " + cs.getName() + " waiting: "
                                + cs.getState().getWaiting().getReason() + text(cs.getState().getWaiting()
                                .getMessage()));
                    } else if (cs.getState() != null && cs.getState().getTerminated() != null) {
                        reasons.add("pod " + p.getMetadata().getName() + " container " + cs.getName()
                                + " terminated: " + cs.getState().getTerminated().getReason() + " (exit "
                                + cs.getState().getTerminated().getExitCode() + ")");
                    } else if (Boolean.FALSE.equals(cs.getReady())) {
                        reasons.add("pod " + p.getMetadata().getName() + " container " + cs.getName()
                                + " running but not ready");
                    }
                }
            }
            if (p.getStatus().getConditions() != null) {
                p.getStatus().getConditions().stream()
                        .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()))
                        .forEach(c -> reasons.add("pod " + p.getMetadata().getName() + " not scheduled: "
                                + c.getReason() + text(c.getMessage())));
            }
        }
        if (!explain) {
            return new Findings(restarts, "");
        }
        if (pods.isEmpty() && live.path("spec").has("selector") && !ref.kind().equals("Service")) {
            reasons.add("no pods");
        }
        reasons.addAll(events(ref, pods));
        return new Findings(restarts, String.join("; ", reasons));
    }

    private List<Pod> pods(ObjectRef ref, JsonNode live) {
        if (!ref.namespaced() || !RUNS_PODS.contains(ref.kind())) {
            return List.of();
        }
        Map<String, String> selector = new TreeMap<>();
        live.path("spec").path("selector").path("matchLabels").fields()
                .forEachRemaining(e -> selector.put(e.getKey(), e.getValue().asText()));
        if (selector.isEmpty()) {
            return List.of();
        }
        return pods.pods(ref.namespace(), selector);
    }

    private List<String> events(ObjectRef ref, List<Pod> pods) {
        Set<String> names = new HashSet<>();
        names.add(ref.name());
        pods.forEach(p -> names.add(p.getMetadata().getName()));
        List<Event> events = api.retry().call(() -> (ref.namespaced()
                ? api.client().v1().events().inNamespace(ref.namespace())
                : api.client().v1().events().inNamespace("default")).list().getItems());
        List<Event> relevant = new ArrayList<>(events.stream()
                .filter(e -> e.getInvolvedObject() != null && names.contains(e.getInvolvedObject().getName()))
                .toList());
        relevant.sort(Comparator.comparing(Diagnosis::time));
        List<String> out = new ArrayList<>();
        for (Event e : relevant.subList(Math.max(0, relevant.size() - EVENTS), relevant.size())) {
            out.add("event " + e.getInvolvedObject().getKind() + " " + e.getInvolvedObject().getName() + ": "
                    + e.getReason() + text(e.getMessage()));
        }
        return out;
    }

    private static String time(Event e) {
        if (e.getLastTimestamp() != null) {
            return e.getLastTimestamp();
        }
        if (e.getEventTime() != null && e.getEventTime().getTime() != null) {
            return e.getEventTime().getTime();
        }
        return e.getMetadata().getCreationTimestamp() == null ? "" : e.getMetadata().getCreationTimestamp();
    }

    private static String text(String message) {
        return message == null || message.isBlank() ? "" : " (" + message.strip() + ")";
    }
}
