package dev.slipway.apply;

import dev.slipway.pki.CertificateIssuer;
import dev.slipway.pki.Pem;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
 * handshake with the API server, takes the certificate chain the server presents and checks that it is (or is
 * signed by) the environment's CA. Nothing but the handshake is sent: on a mismatch the wrong cluster has seen no
 * request at all.
 *
 * <p>The handshake accepts any chain on purpose: judging it is this class's job, and it sends no data on that
 * connection. The real client that follows verifies TLS normally against the same CA.
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

    /** Connects to {@code server} ({@code https://host:port}) and checks the chain it presents. */
    public void verify(URI server) {
        check(server.toString(), presentedChain(server));
    }

    /** Checks a chain presented by {@code server}; throws {@link ClusterIdentityMismatchException} on a mismatch. */
    public void check(String server, List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            throw new ClusterIdentityMismatchException("the API server at " + server + " presented no certificate;"
                    + " environment '" + expected.environment() + "' expects one from CA " + describe(expected)
                    + ". Stopped before sending any request.");
        }
        if (chainsTo(chain, expected.ca())) {
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
        Optional<ClusterIdentity> actual = others.stream().filter(o -> chainsTo(chain, o.ca())).findFirst();
        actual.ifPresent(o -> msg.append(". That is the CA of environment '").append(o.environment())
                .append("' (SHA-256 ").append(o.fingerprint()).append(")"));
        msg.append(". Stopped before sending any request: check --env and the server your kubeconfig points at.");
        throw new ClusterIdentityMismatchException(msg.toString());
    }

    static boolean chainsTo(List<X509Certificate> chain, X509Certificate ca) {
        String want = Pem.fingerprint(ca);
        for (X509Certificate c : chain) {
            if (Pem.fingerprint(c).equals(want) || CertificateIssuer.isSignedBy(c, ca)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(ClusterIdentity id) {
        return "'" + id.caSubject() + "' (SHA-256 " + id.fingerprint() + ")";
    }

    private List<X509Certificate> presentedChain(URI server) {
        if (!"https".equalsIgnoreCase(server.getScheme()) || server.getHost() == null) {
            throw new IllegalArgumentException("API server URL must be https://HOST[:PORT], not " + server);
        }
        int port = server.getPort() == -1 ? 443 : server.getPort();
        Capture capture = new Capture();
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {capture}, null);
            try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket()) {
                socket.connect(new InetSocketAddress(server.getHost(), port), (int) timeout.toMillis());
                socket.setSoTimeout((int) timeout.toMillis());
                if (!isAddressLiteral(server.getHost())) {
                    SSLParameters p = socket.getSSLParameters();
                    p.setServerNames(List.of(new SNIHostName(server.getHost())));
                    socket.setSSLParameters(p);
                }
                socket.startHandshake();
                Certificate[] peer = socket.getSession().getPeerCertificates();
                List<X509Certificate> chain = new ArrayList<>();
                Arrays.stream(peer).filter(X509Certificate.class::isInstance)
                        .forEach(c -> chain.add((X509Certificate) c));
                return chain;
            }
        } catch (IOException e) {
            if (!capture.chain.isEmpty()) {
                return capture.chain;
            }
            throw new IllegalStateException("cannot reach the API server at " + server + " to check that it is"
                    + " environment '" + expected.environment() + "': " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available: " + e.getMessage(), e);
        }
    }

    private static boolean isAddressLiteral(String host) {
        return host.startsWith("[") || host.contains(":") || host.matches("[0-9.]+");
    }

    /** Records the server's chain and accepts it, so that the handshake completes and the chain can be judged. */
    private static final class Capture extends X509ExtendedTrustManager {
        private List<X509Certificate> chain = List.of();

        @Override
        public void checkServerTrusted(X509Certificate[] certs, String authType) {
            chain = List.of(certs);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] certs, String authType, Socket socket) {
            chain = List.of(certs);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] certs, String authType, SSLEngine engine) {
            chain = List.of(certs);
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
            return new X509Certificate[0];
        }
    }
}
