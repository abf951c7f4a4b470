package dev.slipway.operate.doctor;

import dev.slipway.apply.S3Sync;
import dev.slipway.apply.aws.AppCertificates;
import dev.slipway.apply.aws.AwsClients;
import dev.slipway.apply.aws.TaggedLoadBalancers;
import dev.slipway.apply.aws.TaggedLoadBalancers.TaggedLoadBalancer;
import dev.slipway.apply.kubernetes.ClusterSnapshot;
import dev.slipway.apply.kubernetes.PodLogs;
import dev.slipway.apply.kubernetes.PodRestart;
import dev.slipway.apply.kubernetes.SecretValuesInCluster;
import dev.slipway.pki.CertificateStatus;
import dev.slipway.pki.EnvironmentPki;
import dev.slipway.plan.Workspace;
import dev.slipway.spec.Environment;
import dev.slipway.state.AwsSettings;
import dev.slipway.state.S3Clients;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Everything one {@code slipway doctor} run needs for one environment: the checks wired to the guarded Kubernetes
 * client, the state store (read-only), the environment's AWS clients (made on first use, closed with the session)
 * and {@code build/ENV/}; the diagnostics bundle's contents.
 */
public final class DoctorSession implements AutoCloseable {
    static final int SYNC_PARALLELISM = 16;
    private final Workspace ws;
    private final Environment env;
    private final KubernetesClient client;
    private final Instant now;
    private AwsClients aws;
    private S3Client s3;

    public DoctorSession(Workspace ws, Environment env, KubernetesClient client, Instant now) {
        this.ws = ws;
        this.env = env;
        this.client = client;
        this.now = now;
    }

    /** The checks, in the order they are shown. */
    public List<DoctorCheck> checks() {
        return List.of(
                new NodesCheck(env.name()),
                new AddonsCheck(env.name(), new PodRestart(client)),
                new CertificatesCheck(env.name(), this::pki, now),
                new VersionSkewCheck(env.name(), env.kubernetes().version()),
                new PendingClaimsCheck(),
                new DrainBlockersCheck(),
                new LoadBalancerAddressesCheck(),
                new OrphanLoadBalancersCheck(this::loadBalancers),
                new AppCertificatesCheck(env.name(), this::certificates, now),
                new ProvisioningCheck(env.name(), ws.buildDirectory(env.name()).resolve("provisioning"),
                        env.infraBucket(), env.provisioningPrefix(), () -> new S3Sync(s3(), SYNC_PARALLELISM)),
                new BootstrapTokenCheck(env.name(), this::bootstrapTokensNodesFetch,
                        () -> EnvironmentPki.withSystemClock(ws.stateStore(env.name(), true)).load().bootstrapTokens(),
                        now));
    }

    public Doctor doctor() {
        return new Doctor(checks(), () -> ClusterSnapshot.read(client));
    }

    /** The bundle writer: logs through the API server, every Secret value of the add-ons' namespaces struck out. */
    public DiagnosticsBundle bundle(ClusterSnapshot cluster) {
        Set<String> namespaces = new TreeSet<>();
        AddonPods.workloads(cluster).forEach(w -> namespaces.add(w.getMetadata().getNamespace()));
        PodLogs logs = new PodLogs(client);
        return new DiagnosticsBundle(logs::tail, new SecretValuesInCluster(client).in(namespaces));
    }

    /** What the bundle holds besides the snapshot, each part read now; a part that cannot be read says why. */
    public DiagnosticsBundle.Contents contents(ClusterSnapshot cluster, DoctorReport report) {
        List<CertificateStatus> pki = List.of();
        String pkiError = null;
        try {
            pki = pki();
        } catch (RuntimeException e) {
            pkiError = e.getMessage();
        }
        List<TaggedLoadBalancer> lbs = List.of();
        String lbError = null;
        try {
            lbs = loadBalancers();
        } catch (RuntimeException e) {
            lbError = e.getMessage();
        }
        return new DiagnosticsBundle.Contents(cluster, report, env.kubernetes().version(), pki, pkiError, lbs,
                lbError);
    }

    public Path buildDirectory() {
        return ws.buildDirectory(env.name());
    }

    /**
     * Per node role, the object at its fixed key as a node launched now would fetch it, with the expiry its upload
     * recorded (empty: no object).
     */
    private java.util.Map<String, java.util.Optional<BootstrapTokenCheck.Fetched>> bootstrapTokensNodesFetch() {
        java.util.Map<String, java.util.Optional<BootstrapTokenCheck.Fetched>> out = new java.util.TreeMap<>();
        for (dev.slipway.render.ignition.NodeRole role : dev.slipway.render.ignition.NodeRole.of(env)) {
            String key = env.provisioningPrefix() + dev.slipway.render.ignition.ProvisioningKeys.bootstrapToken(role);
            try {
                var object = s3().getObjectAsBytes(b -> b.bucket(env.infraBucket()).key(key));
                String recorded = object.response().metadata().get(dev.slipway.apply.S3Sync.EXPIRES_METADATA);
                java.util.Optional<java.time.Instant> expires = java.util.Optional.empty();
                try {
                    expires = java.util.Optional.ofNullable(recorded).map(java.time.Instant::parse);
                } catch (java.time.format.DateTimeParseException e) {
                    // Not a recorded expiry: the check then goes by the state store alone.
                }
                out.put(role.name(), java.util.Optional.of(new BootstrapTokenCheck.Fetched(object.asUtf8String(),
                        expires)));
            } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
                out.put(role.name(), java.util.Optional.empty());
            }
        }
        return out;
    }

    private List<CertificateStatus> pki() {
        return EnvironmentPki.withSystemClock(ws.stateStore(env.name(), true)).check(now);
    }

    private List<AppCertificates.Owned> certificates() {
        return AppCertificates.of(aws(), env).owned();
    }

    private List<TaggedLoadBalancer> loadBalancers() {
        return new TaggedLoadBalancers(aws().loadBalancing()).list(env.clusterTagKey());
    }

    private synchronized AwsClients aws() {
        if (aws == null) {
            aws = new AwsClients(AwsSettings.resolve(env));
        }
        return aws;
    }

    private synchronized S3Client s3() {
        if (s3 == null) {
            s3 = S3Clients.create(AwsSettings.resolve(env), SYNC_PARALLELISM);
        }
        return s3;
    }

    @Override
    public synchronized void close() {
        if (aws != null) {
            aws.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }
}
