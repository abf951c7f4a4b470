package dev.slipway.apply.dashboards;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.slipway.render.k8s.addons.AddonUis;
import dev.slipway.state.StateStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code slipway dashboards}' local servers, all on 127.0.0.1: the index page at the base port and each UI at the
 * ports after it, proxied through the API server with {@code client} (the identity-guarded client of the
 * environment); UIs with a password login are signed in with the password in {@code state}. Runs until
 * {@link #close()}.
 */
public final class DashboardServer implements AutoCloseable {
    private final List<HttpServer> servers = new ArrayList<>();
    private final ExecutorService executor = Executors.newFixedThreadPool(16, r -> {
        Thread t = new Thread(r, "dashboards");
        t.setDaemon(true);
        return t;
    });
    private final int basePort;

    /** What the banner shows. */
    public record Banner(String environment, String clusterName, String caFingerprint, boolean protectedEnv) {
    }

    private DashboardServer(int basePort) {
        this.basePort = basePort;
    }

    public static DashboardServer start(KubernetesClient client, StateStore state, Banner banner,
            List<AddonUis.Ui> uis, int basePort) throws IOException {
        DashboardServer s = new DashboardServer(basePort);
        try {
            String apiServer = client.getMasterUrl().toString();
            Map<String, TokenSession> sessions = new LinkedHashMap<>();
            for (int i = 0; i < uis.size(); i++) {
                AddonUis.Ui ui = uis.get(i);
                Optional<TokenSession> session = ui.tokenLogin().map(l -> new TokenSession(client, l,
                        Clock.systemUTC()));
                session.ifPresent(t -> sessions.put(ui.key(), t));
                Supplier<String> proxyPath = () -> UiTarget.find(client, ui).proxyPath();
                Optional<UiSession> uiSession = session.<UiSession>map(t -> t).or(() -> ui.passwordLogin().map(l ->
                        new PasswordSession(client.getHttpClient(), apiServer, proxyPath, l, () -> state.read(
                                l.passwordStateKey()).map(b -> new String(b, StandardCharsets.UTF_8)))));
                s.listen(basePort + 1 + i).createContext("/", new ServiceProxy(client.getHttpClient(), apiServer,
                        proxyPath, uiSession, basePort + 1 + i));
            }
            HttpServer index = s.listen(basePort);
            Set<String> hosts = ServiceProxy.localHosts(basePort);
            sessions.forEach((key, session) -> {
                index.createContext("/" + key + "/admin", exchange -> switchSession(exchange, hosts, basePort,
                        session::actAsAdmin));
                index.createContext("/" + key + "/read-only", exchange -> switchSession(exchange, hosts, basePort,
                        session::readOnly));
            });
            index.createContext("/", exchange -> {
                try (exchange) {
                    if (!hosts.contains(String.valueOf(exchange.getRequestHeaders().getFirst("Host")))) {
                        ServiceProxy.send(exchange, 403, "only http://127.0.0.1 or http://localhost may use this port");
                        return;
                    }
                    List<IndexPage.Card> cards = new ArrayList<>();
                    for (int i = 0; i < uis.size(); i++) {
                        AddonUis.Ui ui = uis.get(i);
                        UiTarget target = UiTarget.find(client, ui);
                        boolean ready = target.ready(client);
                        TokenSession session = sessions.get(ui.key());
                        cards.add(new IndexPage.Card(ui.key(), ui.title(), "http://127.0.0.1:" + (basePort + 1 + i)
                                + "/", ready, target.service().isEmpty() ? "not deployed"
                                : ready ? "" : "no ready endpoint behind Service " + ui.service(),
                                session == null ? Optional.empty() : Optional.of(session.adminUntil())));
                    }
                    byte[] page = IndexPage.html(banner.environment(), banner.clusterName(), banner.caFingerprint(),
                            banner.protectedEnv(), cards).getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                    exchange.getResponseHeaders().set("Cache-Control", "no-store");
                    exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/") ? 200 : 404,
                            page.length);
                    try (OutputStream os = exchange.getResponseBody()) {
                        os.write(page);
                    }
                }
            });
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /**
     * A button of the index page that switches a UI's token (admin for minutes, or back to read-only): POST only, so
     * a page load, a prefetch or a link cannot; from this page's own origin only, so another web site's form cannot.
     * Answers with a redirect to the index page, which shows the new state; no token is ever in a response.
     */
    private static void switchSession(HttpExchange exchange, Set<String> hosts, int basePort, Runnable change) {
        try (exchange) {
            String origin = exchange.getRequestHeaders().getFirst("Origin");
            if (!exchange.getRequestMethod().equals("POST")) {
                ServiceProxy.send(exchange, 405, "POST only");
            } else if (!hosts.contains(String.valueOf(exchange.getRequestHeaders().getFirst("Host")))
                    || (origin != null && !origin.equals("http://127.0.0.1:" + basePort)
                            && !origin.equals("http://localhost:" + basePort))) {
                ServiceProxy.send(exchange, 403, "only this page may switch a UI's rights");
            } else {
                change.run();
                exchange.getResponseHeaders().set("Location", "/");
                exchange.sendResponseHeaders(303, -1);
            }
        } catch (IOException e) {
            // the browser went away
        }
    }

    private HttpServer listen(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port), 0);
        server.setExecutor(executor);
        server.start();
        servers.add(server);
        return server;
    }

    /** The index page's URL. */
    public String indexUrl() {
        return "http://127.0.0.1:" + basePort + "/";
    }

    /** The local URL of the {@code i}th UI. */
    public String uiUrl(int i) {
        return "http://127.0.0.1:" + (basePort + 1 + i) + "/";
    }

    @Override
    public void close() {
        servers.forEach(s -> s.stop(0));
        executor.shutdownNow();
    }
}
