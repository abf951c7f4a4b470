package dev.slipway.apply.dashboards;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Forwards every request of one local port to one Service through the API server's service proxy
 * ({@code /api/v1/namespaces/NS/services/http:NAME:PORT/proxy/PATH}), with the environment's client: the browser
 * talks to 127.0.0.1 only and never sees a cluster credential. The UI's login is added here (a {@link UiSession}'s
 * cookies); whatever the browser sends under those names is dropped first, the session's cookies are never passed
 * back to the browser, and a 401 or a new value set by the UI goes to the session (which signs in again).
 *
 * <p>Since every request gets the session, a request that changes something (not GET, HEAD or OPTIONS) is taken only
 * from this port's own pages: one with another {@code Origin} is refused, so another web site's form or script
 * cannot act through it. Having checked it here, the {@code Origin} header is not forwarded: the UI sees the
 * service proxy's address, not 127.0.0.1, and would take this origin for a foreign one.
 *
 * <p>The API server rewrites absolute links in HTML pages and redirects to go through its proxy path; a request that
 * comes back with that path has it removed, so it is not prefixed twice. Requests whose {@code Host} is not this
 * port on 127.0.0.1 or localhost are refused: a web page that rebinds its own name to 127.0.0.1 reaches nothing.
 */
final class ServiceProxy implements HttpHandler {
    /** Headers not forwarded in either direction (hop-by-hop, or what the client sets itself). */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length",
            "authorization", "accept-encoding", "cookie");
    private final HttpClient http;
    private final String apiServer;
    private final Supplier<String> servicePath;
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private final Optional<UiSession> session;
    private final Set<String> hosts;

    /**
     * @param servicePath the service's proxy path, looked up per request (mongo-express's namespace is found at
     *                    run time); empty string when the Service does not exist
     * @param localPort   the port this handler serves (the only {@code Host} it answers)
     */
    ServiceProxy(HttpClient http, String apiServer, Supplier<String> servicePath, Optional<UiSession> session,
            int localPort) {
        this.http = http;
        this.apiServer = apiServer.endsWith("/") ? apiServer.substring(0, apiServer.length() - 1) : apiServer;
        this.servicePath = servicePath;
        this.session = session;
        this.hosts = localHosts(localPort);
    }

    static String proxyPath(String namespace, String service, String port) {
        return "/api/v1/namespaces/" + namespace + "/services/http:" + service + ":" + port + "/proxy";
    }

    /** The {@code Host} values a browser sends for {@code port} on this machine. */
    static Set<String> localHosts(int port) {
        return Set.of("127.0.0.1:" + port, "localhost:" + port);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        // closed in finally, not by try-with-resources: that would close it before the catch could answer 502
        try {
            if (!hosts.contains(String.valueOf(exchange.getRequestHeaders().getFirst("Host")))) {
                send(exchange, 403, "only http://127.0.0.1 or http://localhost may use this port");
                return;
            }
            String path = servicePath.get();
            if (path.isEmpty()) {
                send(exchange, 404, "this UI is not deployed in the environment");
                return;
            }
            String method = exchange.getRequestMethod();
            String origin = exchange.getRequestHeaders().getFirst("Origin");
            if (!SAFE_METHODS.contains(method) && origin != null && !hosts.contains(origin.replaceFirst("^http://", ""))) {
                send(exchange, 403, "only this port's own pages may send a " + method);
                return;
            }
            String local = exchange.getRequestURI().getRawPath();
            if (local.startsWith(path + "/")) {
                local = local.substring(path.length());
            }
            String target = apiServer + path + local
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> sent = session.map(UiSession::cookies).orElse(Map.of());
            HttpResponse<byte[]> response = send(exchange, target, method, body, sent);
            if (response.code() == 401 && session.isPresent() && session.get().rejected(sent)) {
                sent = session.get().cookies();
                response = send(exchange, target, method, body, sent);
            }
            response.headers().forEach((name, values) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                if (!HOP_BY_HOP.contains(lower)) {
                    if (lower.equals("set-cookie")) {
                        values.stream().filter(v -> sessionOwns(cookieName(v))).forEach(v -> session.get().setByUi(v));
                    }
                    List<String> kept = lower.equals("set-cookie")
                            ? values.stream().filter(v -> !sessionOwns(cookieName(v))).toList() : List.copyOf(values);
                    if (!kept.isEmpty()) {
                        exchange.getResponseHeaders().put(name, kept);
                    }
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
        } catch (PasswordSession.SignInFailed e) {
            send(exchange, 502, "Slipway could not sign in to this UI: " + e.getMessage());
        } catch (Exception e) {
            // the message names the UI's path, never a credential (those live in the client, not in messages)
            send(exchange, 502, "the API server did not answer for this UI: " + e.getClass().getSimpleName());
        } finally {
            exchange.close();
        }
    }

    /** One request to the UI through the service proxy, with the browser's headers and {@code sessionCookies}. */
    private HttpResponse<byte[]> send(HttpExchange exchange, String target, String method, byte[] body,
            Map<String, String> sessionCookies) throws Exception {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        HttpRequest.Builder request = http.newHttpRequestBuilder().uri(target).timeout(60, TimeUnit.SECONDS);
        if (!method.equals("GET")) {
            request.method(method, contentType == null ? "application/octet-stream" : contentType,
                    new java.io.ByteArrayInputStream(body), (long) body.length);
        }
        exchange.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(lower) && !lower.equals("content-type") && !lower.equals("origin")) {
                values.forEach(v -> request.header(name, v));
            }
        });
        String cookies = cookies(exchange.getRequestHeaders().getOrDefault("Cookie", List.of()), sessionCookies);
        if (!cookies.isEmpty()) {
            request.setHeader("Cookie", cookies);
        }
        return http.sendAsync(request.build(), byte[].class).get(90, TimeUnit.SECONDS);
    }

    /** The browser's cookies minus those the session owns, plus the session's; "" when there are none. */
    private String cookies(List<String> browserCookieHeaders, Map<String, String> sessionCookies) {
        List<String> out = new ArrayList<>();
        for (String header : browserCookieHeaders) {
            for (String pair : header.split(";")) {
                String p = pair.trim();
                if (!p.isEmpty() && !sessionOwns(cookieName(p))) {
                    out.add(p);
                }
            }
        }
        sessionCookies.forEach((name, value) -> out.add(name + "=" + value));
        return String.join("; ", out);
    }

    private boolean sessionOwns(String cookieName) {
        return session.isPresent() && session.get().owns(cookieName);
    }

    /** The name of a cookie in {@code name=value} or {@code Set-Cookie} form. */
    static String cookieName(String cookie) {
        int eq = cookie.indexOf('=');
        return (eq < 0 ? cookie : cookie.substring(0, eq)).trim();
    }

    static void send(HttpExchange exchange, int code, String text) {
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
