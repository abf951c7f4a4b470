package dev.slipway.apply;

import dev.slipway.pki.Pem;
import dev.slipway.pki.PkiEntry;
import dev.slipway.plan.Workspace;
import dev.slipway.spec.Environment;
import dev.slipway.state.StateStore;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.function.Consumer;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one way commands get a Kubernetes client: only after the {@link ClusterIdentityGuard} has completed a handshake
 * with an API server that proved this environment's CA. The client it hands out trusts that CA and nothing else on
 * every connection: a kubeconfig's {@code insecure-skip-tls-verify}, its own CA and the JVM's public CAs are ignored
 * (with a warning), so neither a skip-verify kubeconfig nor a DNS change after the check reaches another cluster.
 */
public final class KubernetesClients {
    static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(15);
    private final ClusterIdentityGuard guard;
    private final Consumer<String> warnings;

    public KubernetesClients(ClusterIdentityGuard guard) {
        this(guard, w -> System.err.println("warning: " + w));
    }

    /** @param warnings told when the kubeconfig asks for weaker or other trust than the pinned CA */
    public KubernetesClients(ClusterIdentityGuard guard, Consumer<String> warnings) {
        this.guard = guard;
        this.warnings = warnings;
    }

    /** The same guard, warnings told to {@code sink} instead of stderr. */
    public KubernetesClients withWarnings(Consumer<String> sink) {
        return new KubernetesClients(guard, sink);
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
                // Read-only: only to name the cluster reached instead; another environment's store is not this
                // command's to seed, cache or record an account in.
                identity(name, ws.stateStore(name, true)).ifPresent(others::add);
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

    /**
     * A client for {@code config} (not changed), after the guard checked the server it points at; it trusts only the
     * environment's CA.
     */
    public KubernetesClient connect(Config config) {
        Config pinned = pinned(config);
        guard.verify(URI.create(pinned.getMasterUrl()));
        TrustManager[] trust = {PinnedTrust.trusting(guard.expected().ca())};
        KeyManager[] keys = ClientKey.managers(pinned);
        // fabric8 gets the config without the client key (it would build its own key store, see ClientKey) and
        // the key managers through the TLS set-up below.
        Config withoutKey = new ConfigBuilder(pinned).withClientCertData(null).withClientCertFile(null)
                .withClientKeyData(null).withClientKeyFile(null).build();
        return new KubernetesClientBuilder().withConfig(withoutKey)
                // Applied after fabric8's own TLS set-up, so this trust replaces the one built from the config.
                .withHttpClientBuilderConsumer(b -> b.sslContext(keys, trust))
                .build();
    }

    /** A copy of {@code config} whose trust settings are the pinned CA's, warning about what it overrides. */
    private Config pinned(Config config) {
        ClusterIdentity id = guard.expected();
        String pinnedPem = Pem.certificate(id.ca());
        String what = "the client for environment '" + id.environment() + "' trusts only its CA (SHA-256 "
                + id.fingerprint() + ")";
        if (config.isTrustCerts()) {
            warnings.accept("the kubeconfig sets insecure-skip-tls-verify; ignored: " + what);
        }
        if (config.isDisableHostnameVerification() && !config.isTrustCerts()) {
            warnings.accept("the kubeconfig disables host name verification; ignored: " + what);
        }
        ownCa(config).filter(ca -> !ca.equals("SHA-256 " + id.fingerprint())).ifPresent(ca -> warnings.accept(
                "the kubeconfig names another CA (" + ca + "); ignored: " + what));
        return new ConfigBuilder(config).withTrustCerts(false).withDisableHostnameVerification(false)
                .withCaCertFile(null)
                .withCaCertData(Base64.getEncoder().encodeToString(pinnedPem.getBytes(StandardCharsets.US_ASCII)))
                .build();
    }

    /** The fingerprint of the CA the kubeconfig carries (data or file), or a description if it cannot be read. */
    private static Optional<String> ownCa(Config config) {
        try {
            String pem;
            if (config.getCaCertData() != null && !config.getCaCertData().isBlank()) {
                pem = new String(Base64.getMimeDecoder().decode(config.getCaCertData()), StandardCharsets.US_ASCII);
            } else if (config.getCaCertFile() != null && !config.getCaCertFile().isBlank()) {
                pem = Files.readString(Path.of(config.getCaCertFile()), StandardCharsets.US_ASCII);
            } else {
                return Optional.empty();
            }
            return Optional.of("SHA-256 " + Pem.fingerprint(Pem.parseCertificate(pem, "the kubeconfig's CA")));
        } catch (RuntimeException | java.io.IOException e) {
            return Optional.of("unreadable: " + e.getMessage());
        }
    }
}
