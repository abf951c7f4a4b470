package dev.slipway.testing;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A real HTTPS listener on loopback serving a given certificate, recording how many TLS handshakes it served and
 * every HTTP request that reached it (with the client certificate's subject). Answers every request with a fixed
 * JSON body. Used to prove that a check happens after the handshake and before any request.
 */
public final class RecordingTlsServer implements AutoCloseable {
    private final HttpsServer server;
    private final AtomicInteger handshakes = new AtomicInteger();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    /** Serves {@code cert}; asks clients for a certificate issued by {@code clientCa} (optional for the client). */
    public RecordingTlsServer(PrivateKey key, X509Certificate cert, X509Certificate clientCa, String responseJson) {
        this(key, List.of(cert), clientCa, responseJson);
    }

    /**
     * Serves {@code chain} (leaf first) with {@code key}. Neither is checked: a test may serve a key that does not
     * belong to the leaf (the handshake then fails on the client) or append an unrelated CA to the chain.
     */
    public RecordingTlsServer(PrivateKey key, List<X509Certificate> chain, X509Certificate clientCa,
            String responseJson) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            char[] pw = "test".toCharArray();
            // The key store checks that a chain is one; the key manager below serves the chain as given.
            ks.setKeyEntry("server", key, pw, new Certificate[] {chain.get(0)});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            X509ExtendedKeyManager inner = (X509ExtendedKeyManager) kmf.getKeyManagers()[0];
            SSLContext tls = SSLContext.getInstance("TLS");
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("client-ca", clientCa);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            tls.init(new KeyManager[] {new Counting(inner, handshakes, chain.toArray(X509Certificate[]::new))}, tmf.getTrustManagers(), null);
            server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(tls) {
                @Override
                public void configure(HttpsParameters params) {
                    javax.net.ssl.SSLParameters p = tls.getDefaultSSLParameters();
                    p.setWantClientAuth(true);
                    params.setSSLParameters(p);
                }
            });
            server.createContext("/", exchange -> {
                String who = "anonymous";
                try {
                    Certificate[] peer = ((HttpsExchange) exchange).getSSLSession().getPeerCertificates();
                    who = ((X509Certificate) peer[0]).getSubjectX500Principal().getName();
                } catch (SSLPeerUnverifiedException e) {
                    // no client certificate: recorded as anonymous
                }
                requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " as " + who);
                byte[] body = responseJson.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot start the TLS listener", e);
        }
    }

    public String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    public int handshakes() {
        return handshakes.get();
    }

    public List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** Delegates to the real key manager, counting each server-side key choice: one per full handshake. */
    private static final class Counting extends X509ExtendedKeyManager {
        private final X509ExtendedKeyManager inner;
        private final AtomicInteger count;

        private final X509Certificate[] chain;

        Counting(X509ExtendedKeyManager inner, AtomicInteger count, X509Certificate[] chain) {
            this.inner = inner;
            this.count = count;
            this.chain = chain;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            String alias = inner.chooseEngineServerAlias(keyType, issuers, engine);
            if (alias != null) {
                count.incrementAndGet();
            }
            return alias;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            String alias = inner.chooseServerAlias(keyType, issuers, socket);
            if (alias != null) {
                count.incrementAndGet();
            }
            return alias;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return inner.getClientAliases(keyType, issuers);
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return inner.chooseClientAlias(keyType, issuers, socket);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return inner.getServerAliases(keyType, issuers);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return "server".equals(alias) ? chain.clone() : inner.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return inner.getPrivateKey(alias);
        }
    }
}
