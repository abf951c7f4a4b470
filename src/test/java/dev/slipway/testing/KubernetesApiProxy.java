package dev.slipway.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * A TLS proxy in front of the harness's real API server that records every request (method and path with query) and
 * can answer a share of them with 429 or 503, or delay them: how tests see exactly what {@code deploy} sends (a no-op
 * run must send no write) and that it survives a flaky API server.
 *
 * <p>It serves the API server's own certificate ({@code apiserver.crt} of the control plane's PKI), so Slipway's
 * identity guard accepts it as the environment's cluster, and forwards with the harness administrator's client
 * certificate: the API server sees the proxy's identity, not the caller's. Watches are not supported (whole
 * responses are buffered); deploy does not watch.
 */
public final class KubernetesApiProxy implements AutoCloseable {
    private static final Set<String> HOP_HEADERS = Set.of("host", "connection", "content-length", "expect",
            "transfer-encoding", "upgrade", "keep-alive", "http2-settings");

    /** One request as the proxy saw it. */
    public record Request(String method, String pathAndQuery, int status) {
        /** Whether this request could change the cluster: a non-GET that is not a server-side dry run. */
        public boolean writes() {
            return !method.equals("GET") && !method.equals("HEAD") && !pathAndQuery.contains("dryRun=All");
        }
    }

    private final HttpsServer server;
    private final ExecutorService executor;
    private final URI target;
    private final HttpClient client;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger faults = new AtomicInteger();
    private final Random random = new Random(42);
    private volatile double faultRate;
    private volatile double delayRate;

    public KubernetesApiProxy(KubernetesControlPlane controlPlane) throws Exception {
        this.target = URI.create(controlPlane.apiserverUrl());
        KubeadmPki pki = controlPlane.pki();
        Path certs = controlPlane.workDir().resolve("certs");
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keyManagers(pki.file("apiserver.crt"), pki.file("apiserver.key")), null, null);
        SSLContext clientTls = SSLContext.getInstance("TLS");
        clientTls.init(keyManagers(certs.resolve("slipway-harness-admin.crt"),
                certs.resolve("slipway-harness-admin.key")), trustManagers(pki.caCert()), null);
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(clientTls)
                .connectTimeout(Duration.ofSeconds(10)).build();
        this.server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        this.executor = Executors.newFixedThreadPool(32, r -> {
            Thread t = new Thread(r, "k8s-api-proxy");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    /** From now on answer this share of requests with 429 or 503 (half each), and delay another share by 0.2-1 s. */
    public void injectFaults(double faultRate, double delayRate) {
        this.faultRate = faultRate;
        this.delayRate = delayRate;
    }

    public int faults() {
        return faults.get();
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public void clear() {
        requests.clear();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String pathAndQuery = ex.getRequestURI().getRawPath()
                    + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
            byte[] body = ex.getRequestBody().readAllBytes();
            double roll;
            double delay;
            synchronized (random) {
                roll = random.nextDouble();
                delay = random.nextDouble();
            }
            if (roll < faultRate) {
                int code = faults.incrementAndGet() % 2 == 0 ? 429 : 503;
                requests.add(new Request(ex.getRequestMethod(), pathAndQuery, code));
                byte[] status = ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":"
                        + "\"injected by the test proxy\",\"reason\":\"" + (code == 429 ? "TooManyRequests"
                        : "ServiceUnavailable") + "\",\"code\":" + code + "}").getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                if (code == 429) {
                    ex.getResponseHeaders().add("Retry-After", "1");
                }
                ex.sendResponseHeaders(code, status.length);
                ex.getResponseBody().write(status);
                return;
            }
            if (delay < delayRate) {
                Thread.sleep(200 + (long) (800 * delay / Math.max(delayRate, 1e-9)));
            }
            HttpRequest.Builder req = HttpRequest.newBuilder(target.resolve(pathAndQuery))
                    .timeout(Duration.ofSeconds(60))
                    .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            ex.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(v -> req.header(name, v));
                }
            });
            HttpResponse<InputStream> resp = client.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
            requests.add(new Request(ex.getRequestMethod(), pathAndQuery, resp.statusCode()));
            resp.headers().map().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    ex.getResponseHeaders().put(name, List.copyOf(values));
                }
            });
            byte[] out;
            try (InputStream in = resp.body()) {
                out = in.readAllBytes();
            }
            ex.sendResponseHeaders(resp.statusCode(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(out);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static javax.net.ssl.KeyManager[] keyManagers(Path cert, Path key) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("key", privateKey(key), new char[0], certificates(cert));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        return kmf.getKeyManagers();
    }

    private static javax.net.ssl.TrustManager[] trustManagers(Path ca) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("ca", certificates(ca)[0]);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return tmf.getTrustManagers();
    }

    private static Certificate[] certificates(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).toArray(Certificate[]::new);
        }
    }

    private static PrivateKey privateKey(Path pem) throws IOException {
        try (Reader r = Files.newBufferedReader(pem); PEMParser parser = new PEMParser(r)) {
            Object o = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (o instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new IOException(pem + ": not a private key (" + (o == null ? "empty" : o.getClass()) + ")");
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
