package dev.slipway.apply;

import dev.slipway.pki.Pem;
import dev.slipway.pki.PkiEntry;
import dev.slipway.plan.Workspace;
import dev.slipway.spec.Environment;
import dev.slipway.state.StateStore;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one way commands get a Kubernetes client: only after the {@link ClusterIdentityGuard} has seen the API server
 * present this environment's CA. A client for the wrong cluster is never built, so no request can reach it.
 */
public final class KubernetesClients {
    static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(15);
    private final ClusterIdentityGuard guard;

    public KubernetesClients(ClusterIdentityGuard guard) {
        this.guard = guard;
    }

    /**
     * For environment {@code env} of the workspace's spec: the expected CA from its state, the CAs of the spec's other
     * environments (where created) to name the cluster actually reached.
     */
    public static KubernetesClients forEnvironment(Workspace ws, Environment env) {
        ClusterIdentity expected = identity(env.name(), ws.stateStore(env.name())).orElseThrow(() ->
                new IllegalStateException("environment '" + env.name() + "' has no cluster CA in "
                        + ws.stateStore(env.name()).location() + "; run: slipway certs --env " + env.name()));
        List<ClusterIdentity> others = new ArrayList<>();
        for (String name : ws.platform().environmentNames()) {
            if (!name.equals(env.name())) {
                identity(name, ws.stateStore(name)).ifPresent(others::add);
            }
        }
        return new KubernetesClients(new ClusterIdentityGuard(expected, others, HANDSHAKE_TIMEOUT));
    }

    /** The cluster identity stored for {@code environment}, if its PKI exists. */
    public static Optional<ClusterIdentity> identity(String environment, StateStore store) {
        return store.read(PkiEntry.CLUSTER_CA.certificateKey())
                .map(b -> Pem.parseCertificate(new String(b, StandardCharsets.US_ASCII),
                        store.location() + "/" + PkiEntry.CLUSTER_CA.certificateKey()))
                .map(ca -> new ClusterIdentity(environment, ca));
    }

    /** A client for {@code kubeconfig} (YAML text), after the guard checked the server it points at. */
    public KubernetesClient connect(String kubeconfig) {
        return connect(Config.fromKubeconfig(kubeconfig));
    }

    public KubernetesClient connect(Config config) {
        guard.verify(URI.create(config.getMasterUrl()));
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
