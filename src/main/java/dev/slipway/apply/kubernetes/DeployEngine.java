package dev.slipway.apply.kubernetes;

import dev.slipway.render.k8s.CommonLabels;
import dev.slipway.spec.InvalidInputException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * {@code slipway deploy} without the command line: rendered components in, a typed plan out ({@link #plan}), then
 * exactly that plan applied ({@link #apply}). It knows nothing about which components exist; it talks to the cluster
 * only through the client it is given (the identity-guarded one from {@code KubernetesClients}).
 */
public final class DeployEngine implements AutoCloseable {
    /**
     * @param prune          delete objects Slipway applied before and no longer renders
     * @param forceConflicts take over fields another field manager owns
     * @param parallelism    API calls in flight at once within one step
     * @param pollInterval   how often readiness is checked while waiting
     */
    public record Options(boolean prune, boolean forceConflicts, int parallelism, Duration pollInterval) {
        public static Options defaults() {
            return new Options(false, false, 8, Duration.ofMillis(500));
        }

        public Options withPrune(boolean value) {
            return new Options(value, forceConflicts, parallelism, pollInterval);
        }

        public Options withForceConflicts(boolean value) {
            return new Options(prune, value, parallelism, pollInterval);
        }
    }

    private final Options options;
    private final ServerSideApply api;
    private final Concurrently concurrently;
    /** The look {@link #components} took, for the next {@link #plan} (then dropped: a later plan looks again). */
    private Observed observed;

    public DeployEngine(KubernetesClient client, Options options) {
        this(client, options, ApiRetry.standard());
    }

    public DeployEngine(KubernetesClient client, Options options, ApiRetry retry) {
        this.options = options;
        this.api = new ServerSideApply(client, retry, options.forceConflicts());
        this.concurrently = new Concurrently(options.parallelism());
    }

    /**
     * Plans a deploy of {@code only} (all when empty) of the {@code rendered} components, after {@code resolve} (the
     * caller's last word on the desired objects, e.g. secret values filled in; identity by default) has seen every
     * rendered object. Sends only reads and server-side dry runs.
     */
    public DeployPlan plan(List<DesiredComponent> rendered, List<String> only,
            UnaryOperator<List<HasMetadata>> resolve) {
        List<DesiredComponent> resolved = resolve(rendered, resolve).stream().map(c -> c.vouched() ? c
                : new DesiredComponent(c.name(), c.readyTimeout(), c.objects().stream().map(AppliedHash::stamp)
                        .toList(), c.recordKey(), false)).toList();
        List<DesiredComponent> selected = select(resolved, only);
        Observed seen = observed;
        observed = null;
        return new DeployPlanner(api, concurrently).plan(resolved, selected, options.prune(), seen);
    }

    /**
     * The components of {@code manifests}, each parsed, or, where the applied record vouches for it
     * ({@link AppliedRecord}), as its live objects without parsing its manifest. Reads the ApplySet parent and lists
     * the kinds it names (one request each); the next {@link #plan} starts from that look.
     */
    public List<DesiredComponent> components(List<RenderedManifest> manifests) {
        ApplySetParent parent = new ApplySetParent(api);
        ApplySetParent.Read read = parent.readWithRecord();
        Set<String> kinds = new java.util.TreeSet<>(read.contents().groupKinds());
        Map<ObjectRef, io.fabric8.kubernetes.api.model.GenericKubernetesResource> members = parent.members(kinds,
                read.record().versions(), concurrently);
        observed = new Observed(read.contents(), read.record(), kinds, members);
        Map<String, List<HasMetadata>> live = new java.util.HashMap<>();
        Set<String> terminating = new java.util.HashSet<>();
        for (HasMetadata m : members.values()) {
            Map<String, String> labels = m.getMetadata().getLabels();
            String component = labels == null ? null : labels.get(CommonLabels.COMPONENT);
            if (component != null) {
                live.computeIfAbsent(component, k -> new ArrayList<>()).add(m);
                if (m.getMetadata().getDeletionTimestamp() != null) {
                    // A terminating object counts as absent: it must not vouch for one that is rendered.
                    terminating.add(component);
                }
            }
        }
        List<DesiredComponent> out = new ArrayList<>();
        for (RenderedManifest m : manifests) {
            List<HasMetadata> objects = live.getOrDefault(m.name(), List.of());
            if (!terminating.contains(m.name()) && read.record().vouches(m.name(), m.recordKey(), objects)) {
                List<HasMetadata> sorted = new ArrayList<>(read.record().rendered(m.name(), objects));
                sorted.sort(java.util.Comparator.comparing(ObjectRef::of));
                out.add(new DesiredComponent(m.name(), m.readyTimeout(), sorted, m.recordKey(), true));
            } else {
                out.add(m.parse());
            }
        }
        return out;
    }

    public DeployResult apply(DeployPlan plan, DeployListener listener) {
        return new Deployer(api, concurrently, options.pollInterval()).apply(plan, listener);
    }

    static List<DesiredComponent> select(List<DesiredComponent> rendered, List<String> only) {
        if (only.isEmpty()) {
            return rendered;
        }
        List<String> names = rendered.stream().map(DesiredComponent::name).toList();
        List<String> unknown = only.stream().filter(n -> !names.contains(n)).toList();
        if (!unknown.isEmpty()) {
            throw new InvalidInputException("--only " + String.join(", ", unknown) + ": no such component (rendered: "
                    + (names.isEmpty() ? "none" : String.join(", ", names)) + ")");
        }
        Set<String> wanted = Set.copyOf(only);
        return rendered.stream().filter(c -> wanted.contains(c.name())).toList();
    }

    /** Runs {@code resolve} over all objects at once (it may need a Secret and the workloads using it together). */
    static List<DesiredComponent> resolve(List<DesiredComponent> rendered, UnaryOperator<List<HasMetadata>> resolve) {
        // A vouched component's objects are live ones: nothing in them is filled in (RenderedManifest.recordKey).
        List<HasMetadata> all = new ArrayList<>();
        rendered.stream().filter(c -> !c.vouched()).forEach(c -> all.addAll(c.objects()));
        List<HasMetadata> out = resolve.apply(all);
        Map<String, List<HasMetadata>> byComponent = new LinkedHashMap<>();
        rendered.forEach(c -> byComponent.put(c.name(), new ArrayList<>()));
        for (HasMetadata o : out) {
            Map<String, String> labels = o.getMetadata().getLabels();
            String c = labels == null ? null : labels.get(CommonLabels.COMPONENT);
            if (c == null || !byComponent.containsKey(c)) {
                throw new IllegalStateException(ObjectRef.of(o) + " has no " + CommonLabels.COMPONENT
                        + " label naming a rendered component (got " + c + ")");
            }
            byComponent.get(c).add(o);
        }
        return rendered.stream().map(c -> c.vouched() ? c : new DesiredComponent(c.name(), c.readyTimeout(),
                byComponent.get(c.name()), c.recordKey(), false)).toList();
    }

    @Override
    public void close() {
        concurrently.close();
    }
}
