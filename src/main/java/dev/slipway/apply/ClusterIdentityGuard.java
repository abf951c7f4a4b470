package dev.slipway.apply;

import dev.slipway.pki.Pem;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Makes sure a command talks to the cluster of the environment it names. Before any request, it completes a TLS
 * handshake with the API server that trusts the environment's CA and nothing else: the server's chain must verify
 * (PKIX, leaf up to that CA; a chain that merely contains the CA's certificate does not), and the handshake must
 * complete, which proves the server holds the private key of the certificate it presented. Nothing but the
 * handshake is sent: on a mismatch the wrong cluster has seen no request at all.
 *
 * <p>The client handed out afterwards ({@link KubernetesClients}) pins the same CA on every connection, so a DNS
 * change after this check cannot redirect a later request either.
 */
public final class ClusterIdentityGuard {
    private final ClusterIdentity expected;
    private final List<ClusterIdentity> others;
    private final Duration timeout;

    /**
     * @param others the other environments of the same spec whose CAs are known, to name the one reached instead
     */
    public ClusterIdentityGuard(ClusterIdentity expected, List<ClusterIdentity> others, Duration timeout) {
        this.expected = expected;
        this.others = List.copyOf(others);
        this.timeout = timeout;
    }

    public ClusterIdentity expected() {
        return expected;
    }

    /** Completes a handshake with {@code server} ({@code https://host:port}) trusting only the expected CA. */
    public void verify(URI server) {
        Handshake h = handshake(server);
        if (h.failure == null) {
            return;
        }
        if (h.chain.isEmpty()) {
            throw new IllegalStateException("cannot reach the API server at " + server + " to check that it is"
                    + " environment '" + expected.environment() + "': " + h.failure.getMessage(), h.failure);
        }
        if (h.untrusted) {
            check(server.toString(), h.chain);
        }
        // The chain verified, but the server did not finish the handshake: it may present a certificate it merely
        // copied, without the private key. Not proof of identity.
        throw new ClusterIdentityMismatchException("the API server at " + server + " presented a certificate of"
                + " environment '" + expected.environment() + "' (CA " + describe(expected) + ") but the TLS"
                + " handshake failed (" + h.failure.getMessage() + "), so it did not prove that it holds the"
                + " certificate's private key. Stopped before sending any request: check the server your kubeconfig"
                + " points at.");
    }

    /**
     * Checks a chain presented by {@code server} (leaf first): it must verify up to the expected CA; throws
     * {@link ClusterIdentityMismatchException} otherwise. Proves nothing about the key: {@link #verify} does that.
     */
    public void check(String server, List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            throw new ClusterIdentityMismatchException("the API server at " + server + " presented no certificate;"
                    + " environment '" + expected.environment() + "' expects one from CA " + describe(expected)
                    + ". Stopped before sending any request.");
        }
        if (PinnedTrust.verifies(chain, expected.ca())) {
            return;
        }
        X509Certificate leaf = chain.get(0);
        StringBuilder msg = new StringBuilder();
        msg.append("environment '").append(expected.environment()).append("' expects its API server to present a")
                .append(" certificate issued by CA ").append(describe(expected)).append(", but ").append(server)
                .append(" presented '").append(leaf.getSubjectX500Principal().getName()).append("' issued by '")
                .append(leaf.getIssuerX500Principal().getName()).append("' (certificate SHA-256 ")
                .append(Pem.fingerprint(leaf));
        if (chain.size() > 1) {
            msg.append("; issuer SHA-256 ").append(Pem.fingerprint(chain.get(1)));
        }
        msg.append(")");
        Optional<ClusterIdentity> actual = others.stream()
                .filter(o -> PinnedTrust.verifies(chain, o.ca())).findFirst();
        actual.ifPresent(o -> msg.append(". That is the CA of environment '").append(o.environment())
                .append("' (SHA-256 ").append(o.fingerprint()).append(")"));
        msg.append(". Stopped before sending any request: check --env and the server your kubeconfig points at.");
        throw new ClusterIdentityMismatchException(msg.toString());
    }

    private static String describe(ClusterIdentity id) {
        return "'" + id.caSubject() + "' (SHA-256 " + id.fingerprint() + ")";
    }

    private Handshake handshake(URI server) {
        if (!"https".equalsIgnoreCase(server.getScheme()) || server.getHost() == null) {
            throw new IllegalArgumentException("API server URL must be https://HOST[:PORT], not " + server);
        }
        int port = server.getPort() == -1 ? 443 : server.getPort();
        Recording trust = new Recording(PinnedTrust.trusting(expected.ca()));
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {trust}, null);
            try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket()) {
                socket.connect(new InetSocketAddress(server.getHost(), port), (int) timeout.toMillis());
                socket.setSoTimeout((int) timeout.toMillis());
                if (!isAddressLiteral(server.getHost())) {
                    SSLParameters p = socket.getSSLParameters();
                    p.setServerNames(List.of(new SNIHostName(server.getHost())));
                    socket.setSSLParameters(p);
                }
                socket.startHandshake();
                // A session that is not valid means the handshake did not complete.
                if (!socket.getSession().isValid() || socket.getSession().getPeerCertificates().length == 0) {
                    return new Handshake(trust.chain, trust.untrusted,
                            new IOException("no complete TLS session was established"));
                }
                return new Handshake(trust.chain, false, null);
            }
        } catch (IOException e) {
            return new Handshake(trust.chain, trust.untrusted, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available: " + e.getMessage(), e);
        }
    }

    private static boolean isAddressLiteral(String host) {
        return host.startsWith("[") || host.contains(":") || host.matches("[0-9.]+");
    }

    private record Handshake(List<X509Certificate> chain, boolean untrusted, IOException failure) {
    }

    /** The pinned trust manager, recording the chain it was shown and whether it refused it. */
    private static final class Recording extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager pinned;
        private volatile List<X509Certificate> chain = List.of();
        private volatile boolean untrusted;

        Recording(X509ExtendedTrustManager pinned) {
            this.pinned = pinned;
        }

        private void record(X509Certificate[] certs, Check check) throws CertificateException {
            chain = List.of(certs);
            try {
                check.run();
            } catch (CertificateException e) {
                untrusted = true;
                throw e;
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] certs, String authType) throws CertificateException {
            record(certs, () -> pinned.checkServerTrusted(certs, authType));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] certs, String authType, Socket socket)
                throws CertificateException {
            record(certs, () -> pinned.checkServerTrusted(certs, authType, socket));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] certs, String authType, SSLEngine engine)
                throws CertificateException {
            record(certs, () -> pinned.checkServerTrusted(certs, authType, engine));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] certs, String authType) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] certs, String authType, Socket socket) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] certs, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return pinned.getAcceptedIssuers();
        }

        private interface Check {
            void run() throws CertificateException;
        }
    }
}
