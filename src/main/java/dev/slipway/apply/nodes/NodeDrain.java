package dev.slipway.apply.nodes;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Drains a Node the way {@code kubectl drain} does, minus {@code --force}: every Pod on it is evicted through the
 * Eviction API (policy/v1), so PodDisruptionBudgets decide; a refusal (HTTP 429) is reported with the budget and the
 * Pods in its way and retried until the timeout; nothing is ever deleted past a budget. DaemonSet Pods (their
 * controller would put them back at once, and they go with the Node) and mirror Pods (the kubelet owns them) stay.
 * A running Pod no controller manages is not evicted (nothing would start it again): it blocks the drain, reported,
 * until someone deletes it. The drain ends when the evicted Pods are gone, not when the evictions were accepted.
 *
 * <p>The client must not retry 429 answers itself (fabric8 does by default): those are the budget's answers, and the
 * drain's own loop is what retries them and reports why.
 */
public final class NodeDrain {
    static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

    /** What a drain reports while it runs. */
    public interface Listener {
        void evicted(String node, String pod);

        /** Evictions refused this round (reported when the set of refusals changes). */
        void blocked(String node, List<DrainBlocker> blockers);
    }

    private final KubernetesClient client;
    private final Duration pollInterval;

    public NodeDrain(KubernetesClient client, Duration pollInterval) {
        this.client = client;
        this.pollInterval = pollInterval;
    }

    /**
     * Evicts every movable Pod from {@code node} and waits until they are gone; throws {@link DrainBlockedException}
     * after {@code timeout}, leaving the Pods that are still there.
     */
    public void drain(String node, Duration timeout, Listener listener) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<DrainBlocker> lastReported = List.of();
        while (true) {
            List<Pod> movable = movablePods(node);
            if (movable.isEmpty()) {
                return;
            }
            List<DrainBlocker> blockers = new ArrayList<>();
            for (Pod pod : movable) {
                if (pod.getMetadata().getDeletionTimestamp() != null) {
                    continue; // evicted already, terminating
                }
                if (!managed(pod) && !terminal(pod)) {
                    // kubectl drain needs --force for these: nothing would start them again elsewhere
                    blockers.add(new DrainBlocker(name(pod), "", "not managed by a controller, so nothing would start"
                            + " it again elsewhere; delete it yourself (or run it under a Deployment) to continue",
                            List.of()));
                    continue;
                }
                if (evict(pod)) {
                    listener.evicted(node, name(pod));
                } else {
                    blockers.add(blocker(pod));
                }
            }
            if (!blockers.isEmpty() && !blockers.equals(lastReported)) {
                listener.blocked(node, blockers);
            }
            lastReported = blockers;
            if (System.nanoTime() > deadline) {
                throw new DrainBlockedException(node, timeout, blockers, movablePods(node).stream()
                        .map(NodeDrain::name).toList());
            }
            Thread.sleep(pollInterval.toMillis());
        }
    }

    /** The Pods a drain moves: all on the Node but DaemonSet and mirror Pods. */
    public List<Pod> movablePods(String node) {
        return client.pods().inAnyNamespace().withField("spec.nodeName", node).list().getItems().stream()
                .filter(p -> !ownedByDaemonSet(p) && !isMirror(p))
                .toList();
    }

    /** Whether the eviction was accepted (or the Pod is gone already); false when a budget refused it. */
    private boolean evict(Pod pod) {
        try {
            return client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .evict();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return true;
            }
            throw e;
        }
    }

    private DrainBlocker blocker(Pod pod) {
        String ns = pod.getMetadata().getNamespace();
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        for (PodDisruptionBudget b : client.policy().v1().podDisruptionBudget().inNamespace(ns).list().getItems()) {
            if (b.getSpec() == null || !matches(b.getSpec().getSelector(), labels)) {
                continue;
            }
            List<String> notReady = client.pods().inNamespace(ns).withLabelSelector(b.getSpec().getSelector()).list()
                    .getItems().stream().filter(p -> !podReady(p)).map(NodeDrain::name).toList();
            return new DrainBlocker(name(pod), ns + "/" + b.getMetadata().getName(), numbers(b), notReady);
        }
        return new DrainBlocker(name(pod), "", "", List.of());
    }

    private static String numbers(PodDisruptionBudget b) {
        PodDisruptionBudgetStatus s = b.getStatus();
        String rule = b.getSpec().getMinAvailable() != null ? "minAvailable " + text(b.getSpec().getMinAvailable())
                : b.getSpec().getMaxUnavailable() != null ? "maxUnavailable " + text(b.getSpec().getMaxUnavailable())
                : "";
        if (s == null) {
            return rule;
        }
        return rule + ": " + s.getCurrentHealthy() + " healthy of " + s.getExpectedPods() + " (" + s.getDesiredHealthy()
                + " needed), " + s.getDisruptionsAllowed() + " disruptions allowed";
    }

    /** {@code 2} or {@code 50%}, as written in the budget. */
    private static String text(IntOrString value) {
        return value.getIntVal() != null ? value.getIntVal().toString() : value.getStrVal();
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
                if (!Objects.equals(labels.get(e.getKey()), e.getValue())) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                String value = labels.get(r.getKey());
                List<String> values = r.getValues() == null ? List.of() : r.getValues();
                boolean ok = switch (r.getOperator()) {
                    case "In" -> value != null && values.contains(value);
                    case "NotIn" -> value == null || !values.contains(value);
                    case "Exists" -> value != null;
                    case "DoesNotExist" -> value == null;
                    default -> false;
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean podReady(Pod p) {
        return p.getMetadata().getDeletionTimestamp() == null && p.getStatus() != null
                && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static boolean managed(Pod p) {
        List<OwnerReference> owners = p.getMetadata().getOwnerReferences();
        return owners != null && owners.stream().anyMatch(o -> Boolean.TRUE.equals(o.getController()));
    }

    /** A Pod that has finished (Succeeded or Failed) loses nothing by going. */
    private static boolean terminal(Pod p) {
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private static boolean ownedByDaemonSet(Pod p) {
        List<OwnerReference> owners = p.getMetadata().getOwnerReferences();
        return owners != null && owners.stream().anyMatch(o -> "DaemonSet".equals(o.getKind())
                && Boolean.TRUE.equals(o.getController()));
    }

    private static boolean isMirror(Pod p) {
        Map<String, String> a = p.getMetadata().getAnnotations();
        return a != null && a.containsKey(MIRROR_ANNOTATION);
    }

    private static String name(Pod p) {
        return p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
    }
}
