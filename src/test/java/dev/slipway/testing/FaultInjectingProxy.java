package dev.slipway.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;

/**
 * A loopback HTTP proxy in front of moto that answers chosen requests with an S3-style {@code 500 InternalError}
 * and forwards all others unchanged: how tests see what Slipway does when S3 fails.
 */
public final class FaultInjectingProxy implements AutoCloseable {
    private static final Set<String> HOP_HEADERS = Set.of("host", "connection", "content-length", "expect",
            "transfer-encoding", "upgrade", "keep-alive");

    private final HttpServer server;
    private final URI target;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final BiPredicate<String, String> fail;
    private final AtomicInteger failed = new AtomicInteger();

    /** {@code fail} gets the method and the path (with query) of each request; true answers it with a 500. */
    public FaultInjectingProxy(URI target, BiPredicate<String, String> fail) throws IOException {
        this.target = target;
        this.fail = fail;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "fault-proxy");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** How many requests were answered with a fault. */
    public int failedRequests() {
        return failed.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String pathAndQuery = ex.getRequestURI().getRawPath()
                    + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
            byte[] body = ex.getRequestBody().readAllBytes();
            if (fail.test(ex.getRequestMethod(), pathAndQuery)) {
                failed.incrementAndGet();
                byte[] xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>InternalError</Code>"
                        + "<Message>We encountered an internal error. Please try again.</Message></Error>")
                        .getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/xml");
                if ("HEAD".equals(ex.getRequestMethod())) {
                    ex.sendResponseHeaders(500, -1);
                } else {
                    ex.sendResponseHeaders(500, xml.length);
                    ex.getResponseBody().write(xml);
                }
                return;
            }
            HttpRequest.Builder req = HttpRequest.newBuilder(target.resolve(pathAndQuery))
                    .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            ex.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(v -> req.header(name, v));
                }
            });
            HttpResponse<InputStream> resp = client.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
            resp.headers().map().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    ex.getResponseHeaders().put(name, List.copyOf(values));
                }
            });
            byte[] out;
            try (InputStream in = resp.body()) {
                out = in.readAllBytes();
            }
            boolean noBody = "HEAD".equals(ex.getRequestMethod()) || out.length == 0;
            if (noBody && "HEAD".equals(ex.getRequestMethod())) {
                resp.headers().firstValue("content-length").ifPresent(
                        v -> ex.getResponseHeaders().set("Content-Length", v));
            }
            ex.sendResponseHeaders(resp.statusCode(), noBody ? -1 : out.length);
            if (!noBody) {
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(out);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
