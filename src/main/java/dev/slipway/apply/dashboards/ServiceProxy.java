package dev.slipway.apply.dashboards;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Forwards every request of one local port to one Service through the API server's service proxy
 * ({@code /api/v1/namespaces/NS/services/http:NAME:PORT/proxy/PATH}), with the environment's client: the browser
 * talks to 127.0.0.1 only and never sees a cluster credential. The UI's login headers are added here; whatever the
 * browser sends as credentials or login headers is dropped first.
 */
final class ServiceProxy implements HttpHandler {
    /** Headers not forwarded in either direction (hop-by-hop, or what the client sets itself). */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length",
            "authorization", "accept-encoding");
    private final HttpClient http;
    private final String apiServer;
    private final Supplier<String> servicePath;
    private final Map<String, String> loginHeaders;

    /**
     * @param servicePath the service's proxy path, looked up per request (mongo-express's namespace is found at
     *                    run time); empty string when the Service does not exist
     */
    ServiceProxy(HttpClient http, String apiServer, Supplier<String> servicePath, Map<String, String> loginHeaders) {
        this.http = http;
        this.apiServer = apiServer.endsWith("/") ? apiServer.substring(0, apiServer.length() - 1) : apiServer;
        this.servicePath = servicePath;
        this.loginHeaders = Map.copyOf(loginHeaders);
    }

    static String proxyPath(String namespace, String service, String port) {
        return "/api/v1/namespaces/" + namespace + "/services/http:" + service + ":" + port + "/proxy";
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = servicePath.get();
            if (path.isEmpty()) {
                send(exchange, 404, "this UI is not deployed in the environment");
                return;
            }
            String target = apiServer + path + exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            byte[] body = exchange.getRequestBody().readAllBytes();
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            HttpRequest.Builder request = http.newHttpRequestBuilder().uri(target).timeout(60, TimeUnit.SECONDS);
            String method = exchange.getRequestMethod();
            if (!method.equals("GET")) {
                request.method(method, contentType == null ? "application/octet-stream" : contentType,
                        new java.io.ByteArrayInputStream(body), (long) body.length);
            }
            exchange.getRequestHeaders().forEach((name, values) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                if (!HOP_BY_HOP.contains(lower) && !lower.equals("content-type") && !isLoginHeader(lower)) {
                    values.forEach(v -> request.header(name, v));
                }
            });
            loginHeaders.forEach(request::setHeader);
            HttpResponse<byte[]> response = http.sendAsync(request.build(), byte[].class).get(90, TimeUnit.SECONDS);
            response.headers().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                    exchange.getResponseHeaders().put(name, List.copyOf(values));
                }
            });
            byte[] out = response.body() == null ? new byte[0] : response.body();
            exchange.sendResponseHeaders(response.code(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // the message names the UI's path, never a credential (those live in the client, not in messages)
            send(exchange, 502, "the API server did not answer for this UI: " + e.getClass().getSimpleName());
        }
    }

    private boolean isLoginHeader(String lowerName) {
        return loginHeaders.keySet().stream().anyMatch(h -> h.toLowerCase(Locale.ROOT).equals(lowerName));
    }

    private static void send(HttpExchange exchange, int code, String text) {
        try {
            byte[] b = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(code, b.length);
            exchange.getResponseBody().write(b);
        } catch (IOException ignored) {
            // the browser went away
        }
    }
}
