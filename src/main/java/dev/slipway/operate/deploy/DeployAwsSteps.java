package dev.slipway.operate.deploy;

import dev.slipway.apply.aws.AppDnsRecords;
import dev.slipway.apply.aws.AwsClients;
import dev.slipway.apply.aws.BackupCredentials;
import dev.slipway.apply.kubernetes.DeployException;
import dev.slipway.apply.kubernetes.DeployPlan;
import dev.slipway.apply.kubernetes.DesiredComponent;
import dev.slipway.apply.kubernetes.ObjectChange;
import dev.slipway.render.k8s.workloads.MongoNames;
import dev.slipway.render.k8s.workloads.SecretAnnotations;
import dev.slipway.spec.Environment;
import dev.slipway.state.StateStore;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What {@code slipway deploy} changes in AWS for the business components, planned with the cluster's changes (shown
 * before the question) and applied only after approval:
 * <ul>
 *   <li>the MongoDB backup job's IAM user, its prefix-scoped policy and its access key ({@link BackupCredentials}),
 *       before any component is applied, since the job's Secrets are filled from the key;</li>
 *   <li>the DNS records of the apps' hostnames ({@link AppDnsRecords}), after the components are ready, when the
 *       LoadBalancer Services have their addresses.</li>
 * </ul>
 * When the selected components have neither a backup job nor a hostname, nothing here calls AWS and no AWS client is
 * built, so {@code deploy} works without AWS credentials for a spec that needs none.
 */
public final class DeployAwsSteps implements AutoCloseable {
    /** Reads a Service as the cluster has it now (empty when it does not exist yet). */
    public interface LiveServices {
        Optional<Service> get(String namespace, String name);
    }

    /**
     * One hostname's record as planned.
     *
     * @param target the load balancer it will point at; empty while the Service has no address yet (first deploy)
     */
    public record DnsChange(String hostname, String service, Optional<String> target, AppDnsRecords.Outcome outcome) {
        String line() {
            String to = target.orElse("the load balancer of Service " + service + " (its address once it is ready)");
            return switch (outcome) {
                case CREATE -> "+ create CNAME " + hostname + " -> " + to + ", TXT " + AppDnsRecords.markerName(
                        hostname) + " (owner marker)";
                case UPDATE -> "~ change CNAME " + hostname + " -> " + to;
                case UNCHANGED -> "  unchanged CNAME " + hostname + " -> " + to;
            };
        }
    }

    /**
     * The AWS part of one deploy's plan.
     *
     * @param backup        whether the selected components include the backup job (so IAM is looked at)
     * @param backupChanges what {@link BackupCredentials} would change, as lines without key material
     * @param services      the selected Services that ask for hostnames, as rendered
     * @param dns           one entry per hostname
     */
    public record Plan(boolean backup, List<String> backupChanges, List<Service> services, List<DnsChange> dns) {
        public Plan {
            backupChanges = List.copyOf(backupChanges);
            services = List.copyOf(services);
            dns = List.copyOf(dns);
        }

        /** Whether this deploy talks to AWS at all. */
        public boolean touchesAws() {
            return backup || !services.isEmpty();
        }

        /** How many changes in AWS: IAM changes plus records created or changed. */
        public int writes() {
            return backupChanges.size() + (int) dns.stream()
                    .filter(d -> d.outcome() != AppDnsRecords.Outcome.UNCHANGED).count();
        }

        /** Whether a new access key comes into the state store on apply (the Secrets holding it change with it). */
        public boolean backupKeyPending() {
            return BackupCredentials.createsKey(backupChanges);
        }

        /** The plan for people: IAM lines first, then DNS; unchanged records only when {@code verbose}. */
        public List<String> lines(boolean verbose) {
            List<String> out = new ArrayList<>();
            backupChanges.forEach(c -> out.add("+ " + c));
            dns.stream().filter(d -> verbose || d.outcome() != AppDnsRecords.Outcome.UNCHANGED)
                    .forEach(d -> out.add(d.line()));
            return out;
        }
    }

    private final Environment env;
    private final Supplier<AwsClients> connect;
    private AwsClients clients;

    /** {@code connect} is called only when a step needs AWS. */
    public DeployAwsSteps(Environment env, Supplier<AwsClients> connect) {
        this.env = env;
        this.connect = connect;
    }

    /** The components {@code only} names (all when empty); unknown names are left to the engine to report. */
    public static List<DesiredComponent> selected(List<DesiredComponent> rendered, List<String> only) {
        Set<String> wanted = Set.copyOf(only);
        return rendered.stream().filter(c -> wanted.isEmpty() || wanted.contains(c.name())).toList();
    }

    /** Looks at IAM and Route 53 (reads only) for what {@code selected} needs. */
    public Plan plan(List<DesiredComponent> selected, StateStore state, LiveServices live) {
        List<HasMetadata> objects = selected.stream().flatMap(c -> c.objects().stream()).toList();
        boolean backup = objects.stream().anyMatch(DeployAwsSteps::holdsBackupKey);
        List<Service> services = objects.stream().filter(o -> o instanceof Service).map(Service.class::cast)
                .filter(s -> !AppDnsRecords.hostnames(s).isEmpty()).toList();
        List<String> backupChanges = backup ? new BackupCredentials(aws().iam()).ensure(env, state, true) : List.of();
        List<DnsChange> dns = new ArrayList<>();
        if (!services.isEmpty()) {
            List<AppDnsRecords.Desired> desired = new ArrayList<>();
            List<String> serviceOf = new ArrayList<>();
            for (Service s : services) {
                Optional<String> target = live.get(s.getMetadata().getNamespace(), s.getMetadata().getName())
                        .flatMap(DeployAwsSteps::loadBalancer);
                for (String h : AppDnsRecords.hostnames(s)) {
                    // "" while unknown: the zone is still checked for a record Slipway must not take over.
                    desired.add(new AppDnsRecords.Desired(h, target.orElse("")));
                    serviceOf.add(s.getMetadata().getNamespace() + "/" + s.getMetadata().getName());
                }
            }
            List<AppDnsRecords.Planned> planned = new AppDnsRecords(aws().route53()).plan(env.domain(), env.name(),
                    desired);
            for (int i = 0; i < planned.size(); i++) {
                AppDnsRecords.Planned p = planned.get(i);
                Optional<String> target = Optional.of(p.target()).filter(t -> !t.isEmpty());
                dns.add(new DnsChange(p.hostname(), serviceOf.get(i), target, p.outcome()));
            }
        }
        return new Plan(backup, backupChanges, services, dns);
    }

    /**
     * The store to plan the cluster's changes with: while the backup key is still to be created, its two entries
     * read as a placeholder, so the plan shows their Secrets as changing without a key existing yet.
     */
    public static StateStore planningState(Plan plan, StateStore state) {
        return plan.backupKeyPending() ? new PendingValues(state, Set.of(MongoNames.BACKUP_KEY_ID_STATE,
                MongoNames.BACKUP_SECRET_KEY_STATE)) : state;
    }

    /** Creates the backup job's user, policy and key as planned; returns what it changed. */
    public List<String> applyBackupCredentials(Plan plan, StateStore state) {
        if (!plan.backup() || plan.backupChanges().isEmpty()) {
            return List.of();
        }
        return new BackupCredentials(aws().iam()).ensure(env, state, false);
    }

    /**
     * Points each hostname at its Service's load balancer as the cluster has it now (deploy waited for the
     * addresses); returns one line per record created or changed.
     */
    public List<String> applyDns(Plan plan, LiveServices live) {
        if (plan.services().isEmpty()) {
            return List.of();
        }
        List<Service> current = new ArrayList<>();
        for (Service s : plan.services()) {
            current.add(live.get(s.getMetadata().getNamespace(), s.getMetadata().getName()).orElseThrow(() ->
                    new DeployException("Service " + s.getMetadata().getNamespace() + "/" + s.getMetadata().getName()
                            + " is gone; its DNS records (" + String.join(", ", AppDnsRecords.hostnames(s))
                            + ") were not changed")));
        }
        AppDnsRecords records = new AppDnsRecords(aws().route53());
        List<AppDnsRecords.Planned> planned = records.plan(env.domain(), env.name(), AppDnsRecords.desired(current));
        records.apply(env.domain(), env.name(), planned);
        return planned.stream().filter(p -> p.outcome() != AppDnsRecords.Outcome.UNCHANGED)
                .map(p -> (p.outcome() == AppDnsRecords.Outcome.CREATE ? "created" : "changed") + " CNAME "
                        + p.hostname() + " -> " + p.target())
                .toList();
    }

    /**
     * After the backup key was created the cluster's plan is made again with the real key; it may write only what
     * was approved (the same objects, the key's Secrets and the Pod templates hashing them among them).
     */
    public static void requireSameWrites(DeployPlan approved, DeployPlan again) {
        Set<String> allowed = writes(approved);
        List<String> extra = writes(again).stream().filter(w -> !allowed.contains(w)).sorted().toList();
        if (!extra.isEmpty()) {
            throw new DeployException("the cluster changed between the plan and the apply (" + String.join(", ",
                    extra) + " not in the approved plan); the backup key was created, nothing in the cluster was"
                    + " changed: run deploy again to see the new plan");
        }
    }

    private static Set<String> writes(DeployPlan plan) {
        return plan.changes().stream().filter(c -> c.type().writes())
                .map(DeployAwsSteps::describe).collect(Collectors.toSet());
    }

    private static String describe(ObjectChange c) {
        return c.type().verb() + " " + c.ref();
    }

    private static boolean holdsBackupKey(HasMetadata o) {
        return o instanceof Secret s && s.getMetadata().getAnnotations() != null
                && (SecretAnnotations.STATE_SOURCE + MongoNames.BACKUP_KEY_ID_STATE).equals(
                        s.getMetadata().getAnnotations().get(SecretAnnotations.VALUES_FROM));
    }

    private static Optional<String> loadBalancer(Service s) {
        return Optional.ofNullable(s.getStatus()).map(st -> st.getLoadBalancer()).map(lb -> lb.getIngress())
                .filter(l -> !l.isEmpty()).map(l -> l.get(0).getHostname()).filter(h -> h != null && !h.isEmpty());
    }

    private AwsClients aws() {
        if (clients == null) {
            clients = connect.get();
        }
        return clients;
    }

    @Override
    public void close() {
        if (clients != null) {
            clients.close();
        }
    }
}
