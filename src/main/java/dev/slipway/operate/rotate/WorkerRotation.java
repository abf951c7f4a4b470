package dev.slipway.operate.rotate;

import dev.slipway.apply.aws.PoolInstance;
import dev.slipway.apply.aws.WorkerGroup;
import dev.slipway.apply.aws.WorkerGroups;
import dev.slipway.apply.nodes.ClusterNodes;
import dev.slipway.apply.nodes.DrainBlockedException;
import dev.slipway.apply.nodes.NodeDrain;
import dev.slipway.apply.nodes.NodeReadiness;
import dev.slipway.apply.nodes.ProviderId;
import dev.slipway.spec.Environment;
import io.fabric8.kubernetes.api.model.Node;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Replaces a worker pool's instances that run an older launch template version, without taking capacity away: for
 * each old instance (or {@code maxUnavailable} of them at a time) the Auto Scaling group grows by one, the new
 * instance's Node must become Ready, the old Node is cordoned and drained through the Eviction API, and the old
 * instance is terminated with the desired capacity decremented. The group ends at its original size.
 *
 * <p>A new Node that is not Ready in time aborts: every old Node stays (those the rotation cordoned are uncordoned),
 * the surge instances are terminated with the desired capacity decremented, the group is back at its original size.
 * A drain held by disruption budgets past its timeout stops the rotation instead (never forced): the old Node is
 * uncordoned, the surge instance kept, and a re-run continues.
 *
 * <p>Resumable: all progress is read back from AWS and the cluster (which instances run the current template
 * version, the original size recorded on the group, which Nodes the rotation cordoned), so a run started after an
 * abort or a {@code kill -9} continues where the last one stopped.
 */
public final class WorkerRotation {
    private final WorkerGroups groups;
    private final ClusterNodes nodes;
    private final NodeDrain drain;
    private final RotationOptions options;

    public WorkerRotation(WorkerGroups groups, ClusterNodes nodes, NodeDrain drain, RotationOptions options) {
        this.groups = groups;
        this.nodes = nodes;
        this.drain = drain;
        this.options = options;
    }

    /** Reads the pool's group and Nodes; changes nothing. */
    public PoolPlan plan(Environment env, String pool) {
        WorkerGroup g = groups.find(env, pool);
        Map<String, Node> byInstance = nodes.byInstance();
        List<Replacement> replacements = inOrder(g.outdated(), byInstance).stream()
                .map(i -> new Replacement(i.id(), nodeName(byInstance.get(i.id())), i.templateVersion()))
                .toList();
        return new PoolPlan(pool, g.name(), g.baseline(), g.desired(), g.currentVersion(), replacements,
                g.rotationInProgress());
    }

    /** Carries out {@code plan}: replaces the planned instances that are still old, and nothing else. */
    public PoolOutcome run(Environment env, PoolPlan plan, RotationListener listener) throws InterruptedException {
        WorkerGroup g = groups.find(env, plan.pool());
        if (plan.nothingToDo()) {
            return outcome(plan, PoolOutcome.Result.NOTHING_TO_DO, List.of(), g.desired(), "");
        }
        Set<String> targets = new HashSet<>();
        plan.replacements().forEach(r -> targets.add(r.instanceId()));
        int baseline = g.baseline();
        groups.recordOriginalSize(g);
        List<Replacement> replaced = new ArrayList<>();
        while (true) {
            g = groups.refresh(g);
            Map<String, Node> byInstance = nodes.byInstance();
            List<PoolInstance> old = inOrder(g.outdated().stream().filter(i -> targets.contains(i.id())).toList(),
                    byInstance);
            if (old.isEmpty()) {
                break;
            }
            List<PoolInstance> batch = old.subList(0, Math.min(options.maxUnavailable(), old.size()));
            int wanted = baseline + batch.size();
            if (g.desired() < wanted) {
                listener.step(plan.pool(), "surge: desired capacity " + g.desired() + " -> " + wanted);
                groups.setDesired(g, wanted);
            }
            Optional<String> notReady = awaitNewNodes(g, wanted, plan.pool(), listener);
            if (notReady.isPresent()) {
                return abort(plan, g, baseline, replaced, notReady.get(), listener);
            }
            for (PoolInstance old1 : batch) {
                Optional<String> blocked = replace(plan.pool(), old1, listener);
                if (blocked.isPresent()) {
                    batch.forEach(i -> uncordon(plan.pool(), i.id(), listener));
                    g = groups.refresh(g);
                    return outcome(plan, PoolOutcome.Result.BLOCKED, replaced, g.desired(), blocked.get()
                            + ". Nothing was forced; the node is uncordoned and the group stays at " + g.desired()
                            + " (original " + baseline + ") so that a re-run continues once the budget allows.");
                }
                replaced.add(new Replacement(old1.id(), nodeName(byInstance.get(old1.id())), old1.templateVersion()));
            }
        }
        g = groups.refresh(g);
        // A surge left above the original size (e.g. a blocked run with a larger --max-unavailable) goes the same way.
        while (g.desired() > baseline && !g.current().isEmpty()) {
            PoolInstance extra = g.current().get(g.current().size() - 1);
            listener.step(plan.pool(), "the group is at " + g.desired() + ", above its original " + baseline
                    + ": removing " + extra.id());
            Optional<String> blocked = replace(plan.pool(), extra, listener);
            if (blocked.isPresent()) {
                uncordon(plan.pool(), extra.id(), listener);
                return outcome(plan, PoolOutcome.Result.BLOCKED, replaced, g.desired(), blocked.get());
            }
            g = groups.refresh(g);
        }
        deleteLeftoverNodes(targets, g);
        groups.finishRotation(g);
        g = groups.refresh(g);
        listener.step(plan.pool(), "done: " + replaced.size() + " replaced, desired capacity " + g.desired());
        return outcome(plan, PoolOutcome.Result.ROTATED, replaced, g.desired(), "");
    }

    /** Cordon, drain, terminate (desired decremented), delete the Node. Returns why it stopped, if it did. */
    private Optional<String> replace(String pool, PoolInstance instance, RotationListener listener)
            throws InterruptedException {
        Optional<Node> node = nodes.forInstance(instance.id());
        if (node.isPresent()) {
            String name = node.get().getMetadata().getName();
            nodes.cordon(name);
            listener.step(pool, "cordoned " + name + " (" + instance.id() + "); draining");
            try {
                drain.drain(name, options.drainTimeout(), listener);
            } catch (DrainBlockedException e) {
                return Optional.of(e.getMessage());
            }
        } else {
            listener.step(pool, "instance " + instance.id() + " has no Node (no spec.providerID names it): nothing"
                    + " to drain");
        }
        groups.terminate(instance.id());
        listener.step(pool, "terminated " + instance.id() + " (desired capacity decremented)");
        node.ifPresent(n -> nodes.delete(n.getMetadata().getName()));
        return Optional.empty();
    }

    /**
     * Waits until the group has {@code wanted} instances and every instance of the current template version has a
     * Ready Node; returns why not, after the timeout.
     */
    private Optional<String> awaitNewNodes(WorkerGroup group, int wanted, String pool, RotationListener listener)
            throws InterruptedException {
        long deadline = System.nanoTime() + options.readyTimeout().toNanos();
        String lastReason = "";
        while (true) {
            WorkerGroup g = groups.refresh(group);
            Map<String, Node> byInstance = nodes.byInstance();
            List<String> waiting = new ArrayList<>();
            if (g.instances().size() < wanted) {
                waiting.add("the group has " + g.instances().size() + " of " + wanted + " instances");
            }
            for (PoolInstance i : g.current()) {
                Node n = byInstance.get(i.id());
                if (n == null) {
                    waiting.add("instance " + i.id() + ": no Node with providerID " + ProviderId.of(i.zone(), i.id()));
                } else {
                    NodeReadiness.why(n).ifPresent(w -> waiting.add("node " + nodeName(n) + " (" + i.id() + "): "
                            + w));
                }
            }
            if (waiting.isEmpty()) {
                return Optional.empty();
            }
            String reason = String.join("; ", waiting);
            if (!reason.equals(lastReason)) {
                listener.step(pool, "waiting for the new node: " + reason);
                lastReason = reason;
            }
            if (System.nanoTime() > deadline) {
                return Optional.of("new node not Ready within " + options.readyTimeout().toSeconds() + "s: " + reason);
            }
            Thread.sleep(options.pollInterval().toMillis());
        }
    }

    /**
     * Puts things back after a new node failed: uncordons every Node the rotation cordoned, terminates the surge
     * instances (those not Ready first) with the desired capacity decremented, and ends the rotation when the group
     * is at its original size again.
     */
    private PoolOutcome abort(PoolPlan plan, WorkerGroup group, int baseline, List<Replacement> replaced, String reason,
            RotationListener listener) throws InterruptedException {
        listener.step(plan.pool(), "aborting: " + reason);
        WorkerGroup g = groups.refresh(group);
        for (PoolInstance i : g.instances()) {
            uncordon(plan.pool(), i.id(), listener);
        }
        Map<String, Node> byInstance = nodes.byInstance();
        List<PoolInstance> surplus = g.current().stream()
                .sorted(Comparator.comparing((PoolInstance i) -> byInstance.get(i.id()) != null
                        && NodeReadiness.ready(byInstance.get(i.id()))))
                .toList();
        int excess = g.desired() - baseline;
        for (PoolInstance i : surplus.subList(0, Math.max(0, Math.min(excess, surplus.size())))) {
            Node n = byInstance.get(i.id());
            if (n != null && NodeReadiness.ready(n)) {
                Optional<String> blocked = replace(plan.pool(), i, listener);
                if (blocked.isPresent()) {
                    uncordon(plan.pool(), i.id(), listener);
                    break;
                }
            } else {
                groups.terminate(i.id());
                listener.step(plan.pool(), "terminated surge instance " + i.id() + " (desired capacity decremented)");
                if (n != null) {
                    nodes.delete(nodeName(n));
                }
            }
        }
        g = groups.refresh(g);
        if (g.desired() == baseline) {
            groups.finishRotation(g);
            g = groups.refresh(g);
        }
        listener.step(plan.pool(), "aborted; old nodes kept, desired capacity " + g.desired() + " (original "
                + baseline + ")");
        return outcome(plan, PoolOutcome.Result.ABORTED, replaced, g.desired(), reason);
    }

    private void uncordon(String pool, String instanceId, RotationListener listener) {
        nodes.forInstance(instanceId).ifPresent(n -> {
            if (nodes.uncordonIfOurs(nodeName(n))) {
                listener.step(pool, "uncordoned " + nodeName(n));
            }
        });
    }

    /** Nodes of replaced instances that a killed run cordoned and left behind after terminating their instance. */
    private void deleteLeftoverNodes(Set<String> targets, WorkerGroup g) {
        Set<String> inGroup = new HashSet<>();
        g.instances().forEach(i -> inGroup.add(i.id()));
        nodes.byInstance().forEach((id, n) -> {
            if (targets.contains(id) && !inGroup.contains(id) && ClusterNodes.cordonedByRotation(n)) {
                nodes.delete(nodeName(n));
            }
        });
    }

    /** Instances whose Node the rotation already cordoned first (a resumed run finishes those), then AWS's order. */
    private static List<PoolInstance> inOrder(List<PoolInstance> instances, Map<String, Node> byInstance) {
        return instances.stream()
                .sorted(Comparator.comparing((PoolInstance i) -> byInstance.get(i.id()) == null
                        || !ClusterNodes.cordonedByRotation(byInstance.get(i.id()))))
                .toList();
    }

    private static String nodeName(Node n) {
        return n == null ? "" : n.getMetadata().getName();
    }

    private static PoolOutcome outcome(PoolPlan plan, PoolOutcome.Result result, List<Replacement> replaced,
            int desired, String reason) {
        return new PoolOutcome(plan.pool(), plan.group(), result, replaced, desired, reason);
    }
}
