package dev.slipway.apply.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.render.k8s.KindOrder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Carries out a {@link DeployPlan}: component by component in deploy order, each in steps (CRDs and Namespaces,
 * waited for until Established/Active; then RBAC, ServiceAccounts, configuration and storage; then workloads; then
 * Services and webhooks; then custom resources), the objects of one step applied side by side; then waits until the
 * component is ready before the next one starts. Unchanged objects are not sent at all. Prunes come last, dependents
 * before what holds them.
 */
public final class Deployer {
    private final ServerSideApply api;
    private final Concurrently concurrently;
    private final Duration pollInterval;
    private final Supplier<Long> nanoClock;

    public Deployer(ServerSideApply api, Concurrently concurrently, Duration pollInterval) {
        this(api, concurrently, pollInterval, System::nanoTime);
    }

    Deployer(ServerSideApply api, Concurrently concurrently, Duration pollInterval, Supplier<Long> nanoClock) {
        this.api = api;
        this.concurrently = concurrently;
        this.pollInterval = pollInterval;
        this.nanoClock = nanoClock;
    }

    /** The step of a kind within a component (see the class comment). */
    static int step(String kind) {
        if (kind.equals("CustomResourceDefinition") || kind.equals("Namespace")) {
            return 0;
        }
        int rank = KindOrder.rank(kind);
        if (rank < KindOrder.rank("DaemonSet")) {
            return 1;
        }
        if (rank < KindOrder.rank("Service")) {
            return 2;
        }
        return rank < KindOrder.rank("no such kind") ? 3 : 4;
    }

    public DeployResult apply(DeployPlan plan, DeployListener listener) {
        ApplySetParent parent = new ApplySetParent(api);
        ApplySetParent.Contents widened = plan.listed().union(plan.rendered());
        if (plan.writes() > 0) {
            // Before any member is written, so that a run killed from here on leaves every member findable.
            parent.write(plan.listed(), widened);
        }
        // The latest look at each object this run has (the apply's answer, then the last readiness look), as the
        // applied record fingerprints it.
        Map<ObjectRef, String> latest = new java.util.concurrent.ConcurrentHashMap<>();
        List<ObjectChange> applied = Collections.synchronizedList(new ArrayList<>());
        List<ObjectChange> conflicts = Collections.synchronizedList(new ArrayList<>());
        for (DesiredComponent component : plan.components()) {
            List<ObjectChange> changes = plan.of(component.name());
            listener.componentStarted(component.name(),
                    (int) changes.stream().filter(c -> c.type().writes() && c.type() != ChangeType.PRUNE).count());
            conflicts.addAll(changes.stream().filter(c -> c.type() == ChangeType.CONFLICT).toList());
            changes.stream().filter(c -> c.type() == ChangeType.CONFLICT).forEach(listener::conflict);
            Map<Integer, List<ObjectChange>> steps = new TreeMap<>();
            for (ObjectChange c : changes) {
                if (c.type() == ChangeType.CREATE || c.type() == ChangeType.UPDATE) {
                    steps.computeIfAbsent(step(c.ref().kind()), k -> new ArrayList<>()).add(c);
                }
            }
            for (Map.Entry<Integer, List<ObjectChange>> step : steps.entrySet()) {
                concurrently.map(step.getValue(), c -> {
                    if (applyOne(c, latest)) {
                        applied.add(c);
                        listener.applied(c);
                    } else {
                        conflicts.add(c);
                        listener.conflict(c);
                    }
                    return c;
                });
                if (step.getKey() == 0) {
                    // Namespaces Active, CRDs Established: what the next steps need (not yet "component ready").
                    awaitReady(component.name(), step.getValue().stream().map(ObjectChange::desired).toList(),
                            component.readyTimeout(), DeployListener.NONE, Map.of(), latest);
                }
            }
            // Unchanged objects were just listed: that look is the first poll (a no-op deploy sends no extra GET).
            Map<ObjectRef, HasMetadata> firstLook = new HashMap<>();
            changes.stream().filter(c -> c.type() == ChangeType.UNCHANGED && plan.observed().containsKey(c.ref()))
                    .forEach(c -> firstLook.put(c.ref(), plan.observed().get(c.ref())));
            // A vouched component keeps its record entry: no need to fingerprint what it sees.
            awaitReady(component.name(), component.objects(), component.readyTimeout(), listener, firstLook,
                    component.vouched() ? null : latest);
        }
        List<ObjectChange> prunes = plan.changes().stream().filter(c -> c.type() == ChangeType.PRUNE).toList();
        List<ObjectChange> pruned = new ArrayList<>();
        Map<Integer, List<ObjectChange>> pruneSteps = new TreeMap<>(Collections.reverseOrder());
        prunes.forEach(p -> pruneSteps.computeIfAbsent(step(p.ref().kind()), k -> new ArrayList<>()).add(p));
        for (List<ObjectChange> step : pruneSteps.values()) {
            concurrently.map(step, p -> {
                api.delete((GenericKubernetesResource) p.desired());
                listener.pruned(p);
                return p;
            });
            pruned.addAll(step);
        }
        ApplySetParent.Contents current = plan.writes() > 0 ? widened : plan.listed();
        // Nothing but rendered objects left: the parent lists exactly what is rendered.
        ApplySetParent.Contents after = plan.everything() && plan.leftovers().isEmpty() ? plan.rendered() : current;
        parent.write(current, after, plan.record(), record(plan, latest, pruned));
        listener.finished();
        return new DeployResult(applied, pruned, conflicts);
    }

    /**
     * The applied record after this run: each component this run left exactly as rendered, with the fingerprint of
     * its objects as last seen; the entries of components it did not deploy ({@code --only}) kept as they were.
     */
    static AppliedRecord record(DeployPlan plan, Map<ObjectRef, String> latest, List<ObjectChange> pruned) {
        Map<String, AppliedRecord.Entry> entries = new TreeMap<>();
        if (!plan.everything()) {
            entries.putAll(plan.record().components());
        }
        java.util.Set<ObjectRef> gone = new java.util.HashSet<>();
        pruned.forEach(p -> gone.add(p.ref()));
        for (DesiredComponent c : plan.components()) {
            entries.remove(c.name());
            if (c.vouched()) {
                entries.put(c.name(), plan.record().components().get(c.name()));
                continue;
            }
            if (c.recordKey().isEmpty() || plan.of(c.name()).stream().anyMatch(ch -> ch.type() == ChangeType.CONFLICT)) {
                continue;
            }
            java.util.Set<ObjectRef> refs = new java.util.HashSet<>();
            List<String> lines = new ArrayList<>();
            for (HasMetadata o : c.objects()) {
                ObjectRef ref = ObjectRef.of(o);
                refs.add(ref);
                HasMetadata listed = plan.observed().get(ref);
                String line = latest.get(ref);
                if (line == null && listed != null && listed.getMetadata().getDeletionTimestamp() == null) {
                    line = AppliedRecord.line(listed);
                }
                if (line != null) {
                    lines.add(line);
                }
            }
            // Every object seen; the component's other live members (left over, not pruned) are in the fingerprint
            // too, as the next look counts them, and named, so that look can tell them apart. One terminating:
            // no entry (it will be gone, the fingerprint would never match).
            boolean terminating = false;
            java.util.Set<String> others = new java.util.TreeSet<>();
            for (Map.Entry<ObjectRef, ? extends HasMetadata> m : plan.observed().entrySet()) {
                Map<String, String> labels = m.getValue().getMetadata().getLabels();
                if (refs.contains(m.getKey()) || gone.contains(m.getKey()) || labels == null
                        || !c.name().equals(labels.get(dev.slipway.render.k8s.CommonLabels.COMPONENT))) {
                    continue;
                }
                terminating |= m.getValue().getMetadata().getDeletionTimestamp() != null;
                others.add(AppliedRecord.token(m.getKey()));
                lines.add(AppliedRecord.line(m.getValue()));
            }
            if (lines.size() == c.objects().size() + others.size() && !terminating) {
                entries.put(c.name(), new AppliedRecord.Entry(c.recordKey(), AppliedRecord.fingerprint(lines),
                        others));
            }
        }
        return new AppliedRecord(plan.versions(), entries);
    }

    /** Applies one object; false when another field manager's fields stop it. */
    private boolean applyOne(ObjectChange c, Map<ObjectRef, String> latest) {
        try {
            HasMetadata answer = api.apply(c.desired());
            if (answer != null && answer.getMetadata() != null) {
                latest.put(c.ref(), AppliedRecord.line(answer));
            }
            return true;
        } catch (KubernetesClientException e) {
            if (FieldConflict.is(e)) {
                return false;
            }
            throw new DeployException(c.ref() + " (component " + c.component() + "): the API server refused it: "
                    + DeployPlanner.reason(e), e);
        }
    }

    /**
     * Polls {@code objects} (a LIST per kind where many are tracked, see {@link LiveObjects}) until every tracked one
     * is ready; throws {@link ComponentNotReadyException} naming what is not and why when the timeout passes or
     * something failed for good.
     */
    void awaitReady(String component, List<HasMetadata> objects, Duration timeout, DeployListener listener,
            Map<ObjectRef, HasMetadata> firstLook) {
        awaitReady(component, objects, timeout, listener, firstLook, null);
    }

    /**
     * As above, putting the last look at each tracked object into {@code latest} (as the applied record sees it;
     * null: not wanted).
     */
    void awaitReady(String component, List<HasMetadata> objects, Duration timeout, DeployListener listener,
            Map<ObjectRef, HasMetadata> firstLook, Map<ObjectRef, String> latest) {
        List<HasMetadata> tracked = objects.stream().filter(o -> Readiness.tracks(o.getKind())).toList();
        if (tracked.isEmpty()) {
            return;
        }
        long start = nanoClock.get();
        boolean first = true;
        while (true) {
            List<JsonNode> live = new LiveObjects(api, concurrently).look(tracked, first ? firstLook : Map.of());
            first = false;
            List<DeployListener.ObjectState> states = new ArrayList<>();
            boolean allReady = true;
            boolean failed = false;
            for (int i = 0; i < tracked.size(); i++) {
                Readiness r = Readiness.of(tracked.get(i).getKind(), live.get(i));
                states.add(new DeployListener.ObjectState(ObjectRef.of(tracked.get(i)), r));
                allReady &= r.ready();
                failed |= r.failed();
            }
            Duration elapsed = Duration.ofNanos(nanoClock.get() - start);
            if (allReady) {
                for (int i = 0; latest != null && i < tracked.size(); i++) {
                    latest.put(ObjectRef.of(tracked.get(i)), AppliedRecord.line(ObjectRef.of(tracked.get(i)),
                            live.get(i)));
                }
                listener.componentReady(component, elapsed);
                return;
            }
            if (failed || elapsed.compareTo(timeout) >= 0) {
                Diagnosis diagnosis = new Diagnosis(api);
                List<ComponentNotReadyException.NotReady> notReady = new ArrayList<>();
                for (int i = 0; i < tracked.size(); i++) {
                    if (!states.get(i).readiness().ready()) {
                        ObjectRef ref = states.get(i).ref();
                        String reason = live.get(i).isMissingNode() ? ""
                                : diagnosis.of(ref, live.get(i), true).reason();
                        notReady.add(new ComponentNotReadyException.NotReady(ref, states.get(i).readiness()
                                .summary(), reason));
                    }
                }
                throw new ComponentNotReadyException(component, elapsed, failed, notReady);
            }
            listener.waiting(component, states, elapsed, timeout);
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeployException("interrupted while waiting for component " + component, e);
            }
        }
    }
}
