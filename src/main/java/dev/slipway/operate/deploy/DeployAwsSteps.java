package dev.slipway.operate.deploy;

import dev.slipway.apply.aws.AppCertificates;
import dev.slipway.apply.aws.AppDnsRecords;
import dev.slipway.apply.aws.AwsClients;
import dev.slipway.apply.aws.BackupCredentials;
import dev.slipway.apply.kubernetes.DeployException;
import dev.slipway.apply.kubernetes.DeployPlan;
import dev.slipway.apply.kubernetes.DesiredComponent;
import dev.slipway.apply.kubernetes.ObjectChange;
import dev.slipway.render.k8s.workloads.AppSuite;
import dev.slipway.render.k8s.workloads.LoadBalancerAnnotations;
import dev.slipway.render.k8s.workloads.MongoNames;
import dev.slipway.render.k8s.workloads.SecretAnnotations;
import dev.slipway.spec.Environment;
import dev.slipway.state.StateStore;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * What {@code slipway deploy} changes in AWS for the business components, planned with the cluster's changes (shown
 * before the question) and applied only after approval:
 * <ul>
 *   <li>the MongoDB backup job's IAM user, its prefix-scoped policy and its access key ({@link BackupCredentials}),
 *       before any component is applied, since the job's Secrets are filled from the key;</li>
 *   <li>the ACM certificate of each LoadBalancer Service with hostnames ({@link AppCertificates}), requested,
 *       validated through DNS and issued before the Service is applied naming it;</li>
 *   <li>the DNS records of the apps' hostnames ({@link AppDnsRecords}), after the components are ready, when the
 *       LoadBalancer Services have their addresses;</li>
 *   <li>with {@code --prune}: the records and certificates of hostnames the spec no longer names, last (after the
 *       Services let go of them).</li>
 * </ul>
 * When the selected components have neither a backup job nor a hostname and there is no {@code --prune}, nothing
 * here calls AWS and no AWS client is built, so {@code deploy} works without AWS credentials for a spec that needs
 * none.
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
     * @param certificates  each of those Services' certificate, and the environment's certificates no app asks for
     * @param dns           one entry per hostname
     * @param staleDns      hostnames whose records the environment owns and the spec no longer names
     * @param prune         whether the stale records and certificates were looked for and are deleted by this run
     *                      (a --prune run whose selection includes the apps)
     */
    public record Plan(boolean backup, List<String> backupChanges, List<Service> services,
            AppCertificates.Plan certificates, List<DnsChange> dns, List<String> staleDns, boolean prune) {
        public Plan {
            backupChanges = List.copyOf(backupChanges);
            services = List.copyOf(services);
            dns = List.copyOf(dns);
            staleDns = List.copyOf(staleDns);
        }

        /** Whether this deploy talks to AWS at all. */
        public boolean touchesAws() {
            return backup || !services.isEmpty() || prune;
        }

        /** How many changes in AWS: IAM, certificates to request or validate, records, and what --prune deletes. */
        public int writes() {
            int n = backupChanges.size() + (int) dns.stream()
                    .filter(d -> d.outcome() != AppDnsRecords.Outcome.UNCHANGED).count()
                    + (int) certificates.wanted().stream()
                    .filter(c -> c.outcome() != AppCertificates.Outcome.READY).count();
            return n + (prune ? staleDns.size() + certificates.stale().size() : 0);
        }

        /** Whether a new access key comes into the state store on apply (the Secrets holding it change with it). */
        public boolean backupKeyPending() {
            return BackupCredentials.createsKey(backupChanges);
        }

        /** Whether a certificate is still to be requested (the Services are planned with a placeholder ARN). */
        public boolean certificatePending() {
            return certificates.wanted().stream().anyMatch(c -> c.outcome() == AppCertificates.Outcome.REQUEST);
        }

        /** The plan for people: IAM, certificates, DNS, then what is stale; unchanged only when {@code verbose}. */
        public List<String> lines(boolean verbose) {
            List<String> out = new ArrayList<>();
            backupChanges.forEach(c -> out.add("+ " + c));
            certificates.wanted().stream().filter(c -> verbose || c.outcome() != AppCertificates.Outcome.READY)
                    .forEach(c -> out.add(c.line()));
            dns.stream().filter(d -> verbose || d.outcome() != AppDnsRecords.Outcome.UNCHANGED)
                    .forEach(d -> out.add(d.line()));
            for (String h : staleDns) {
                out.add(prune ? "- delete CNAME " + h + " and its owner marker: no app names it any more"
                        : "  left CNAME " + h + ": no app names it any more (deploy --prune deletes it)");
            }
            for (AppCertificates.Owned c : certificates.stale()) {
                String why = c.usable() ? "no app asks for it any more" : "it is " + c.status() + (c.failure().isEmpty() ? ""
                        : " (" + c.failure() + ")");
                out.add(prune ? "- delete ACM certificate " + c.arn() + " for " + String.join(", ", c.hostnames())
                        + ": " + why : "  left ACM certificate " + c.arn() + " for " + String.join(", ",
                        c.hostnames()) + ": " + why + " (deploy --prune deletes it)");
            }
            return out;
        }
    }

    /** The ARN a Service is planned with while its certificate is still to be requested. */
    public static final String PENDING_CERTIFICATE = "(the ACM certificate deploy requests on apply)";
    /** How long deploy waits for ACM to issue a certificate once its validation records exist. */
    public static final Duration CERTIFICATE_TIMEOUT = Duration.ofMinutes(15);

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

    /**
     * Looks at IAM, ACM and Route 53 (reads only) for what the selected components need; when the apps are among
     * the selection and either AWS is read anyway or {@code prune} is set, also for the records and certificates the
     * environment owns and no app names.
     *
     * @param rendered every component of the environment (a hostname another component still names is not stale)
     * @param only     the components this run applies (all when empty)
     */
    public Plan plan(List<DesiredComponent> rendered, List<String> only, boolean prune, StateStore state,
            LiveServices live) {
        List<DesiredComponent> selected = selected(rendered, only);
        List<HasMetadata> objects = selected.stream().flatMap(c -> c.objects().stream()).toList();
        boolean backup = objects.stream().anyMatch(DeployAwsSteps::holdsBackupKey);
        List<Service> services = hostnameServices(objects);
        // Stale records and certificates are looked for when --prune will delete them, and when AWS is read anyway
        // (to list them as left); only when the apps are applied, since their Services name the hostnames.
        boolean appsSelected = only.isEmpty() || only.contains(AppSuite.NAME);
        boolean lookForStale = appsSelected && (prune || !services.isEmpty());
        List<String> backupChanges = backup ? new BackupCredentials(aws().iam()).ensure(env, state, true) : List.of();
        List<DnsChange> dns = new ArrayList<>();
        AppCertificates.Plan certificates = new AppCertificates.Plan(List.of(), List.of());
        List<String> staleDns = List.of();
        if (!services.isEmpty() || lookForStale) {
            List<Service> all = hostnameServices(rendered.stream().flatMap(c -> c.objects().stream()).toList());
            Map<String, java.util.Collection<String>> wanted = new java.util.LinkedHashMap<>();
            services.forEach(s -> wanted.put(ref(s), AppDnsRecords.hostnames(s)));
            certificates = certificates().plan(wanted, all.stream().map(AppDnsRecords::hostnames).toList());
            if (!lookForStale) {
                certificates = new AppCertificates.Plan(certificates.wanted(), List.of());
            } else {
                Set<String> named = all.stream().flatMap(s -> AppDnsRecords.hostnames(s).stream())
                        .map(h -> h.toLowerCase(java.util.Locale.ROOT)).collect(Collectors.toSet());
                staleDns = new AppDnsRecords(aws().route53()).owned(env.domain(), env.name()).stream()
                        .filter(h -> !named.contains(h)).toList();
            }
        }
        if (!services.isEmpty()) {
            List<AppDnsRecords.Desired> desired = new ArrayList<>();
            List<String> serviceOf = new ArrayList<>();
            for (Service s : services) {
                Optional<String> target = live.get(s.getMetadata().getNamespace(), s.getMetadata().getName())
                        .flatMap(DeployAwsSteps::loadBalancer);
                for (String h : AppDnsRecords.hostnames(s)) {
                    // "" while unknown: the zone is still checked for a record Slipway must not take over.
                    desired.add(new AppDnsRecords.Desired(h, target.orElse("")));
                    serviceOf.add(ref(s));
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
        return new Plan(backup, backupChanges, services, certificates, dns, staleDns, prune && lookForStale);
    }

    /**
     * The objects as applied: each Service with hostnames names its certificate for the TLS listener ({@code
     * arns} by "namespace/name"; {@link #PENDING_CERTIFICATE} while the plan still has it to request). Every
     * selected Service with hostnames has a planned certificate, so none is applied without one.
     */
    public static UnaryOperator<List<HasMetadata>> withCertificates(Plan plan, Map<String, String> arns) {
        Map<String, String> byService = new java.util.HashMap<>();
        plan.certificates().wanted().forEach(c -> byService.put(c.service(), c.arn().orElse(PENDING_CERTIFICATE)));
        byService.putAll(arns);
        return objects -> objects.stream().map(o -> {
            if (!(o instanceof Service s) || AppDnsRecords.hostnames(s).isEmpty()) {
                return o;
            }
            String arn = byService.get(ref(s));
            if (arn == null) {
                return o; // not selected (--only): the engine sees every object but applies only the selection
            }
            return new ServiceBuilder(s).editMetadata()
                    .addToAnnotations(LoadBalancerAnnotations.SSL_CERT, arn).endMetadata().build();
        }).map(HasMetadata.class::cast).toList();
    }

    /**
     * Requests, validates and waits for the planned certificates; returns each Service's ARN (empty when the plan
     * has none). Before the Services are applied: a load balancer gets its TLS listener with an issued certificate.
     */
    public Map<String, String> applyCertificates(Plan plan, Duration poll, java.util.function.Consumer<String> progress) {
        if (plan.certificates().wanted().isEmpty()) {
            return Map.of();
        }
        return certificates().ensure(plan.certificates(), CERTIFICATE_TIMEOUT, poll, progress);
    }

    /**
     * With --prune, after the cluster's changes: deletes the records of hostnames no app names, then the
     * certificates no app asks for (a certificate a load balancer still holds is kept and reported). One line each.
     */
    public List<String> applyPrune(Plan plan) {
        if (!plan.prune()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        if (!plan.staleDns().isEmpty()) {
            new AppDnsRecords(aws().route53()).delete(env.domain(), env.name(), plan.staleDns())
                    .forEach(h -> lines.add("deleted CNAME " + h + " and its owner marker"));
        }
        if (!plan.certificates().stale().isEmpty()) {
            lines.addAll(certificates().deleteStale(plan.certificates()));
        }
        return lines;
    }

    private AppCertificates certificates() {
        return AppCertificates.of(aws(), env);
    }

    private static List<Service> hostnameServices(List<HasMetadata> objects) {
        return objects.stream().filter(o -> o instanceof Service).map(Service.class::cast)
                .filter(s -> !AppDnsRecords.hostnames(s).isEmpty()).toList();
    }

    private static String ref(Service s) {
        return s.getMetadata().getNamespace() + "/" + s.getMetadata().getName();
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
     * After the backup key was created or a certificate requested, the cluster's plan is made again with the real
     * values; it may write only what was approved (the same objects: the key's Secrets and the Pod templates hashing
     * them, the Services naming the certificate).
     */
    public static void requireSameWrites(DeployPlan approved, DeployPlan again) {
        Set<String> allowed = writes(approved);
        List<String> extra = writes(again).stream().filter(w -> !allowed.contains(w)).sorted().toList();
        if (!extra.isEmpty()) {
            throw new DeployException("the cluster changed between the plan and the apply (" + String.join(", ",
                    extra) + " not in the approved plan); what AWS needed first (backup key, certificates) is in"
                    + " place, nothing in the cluster was changed: run deploy again to see the new plan");
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
