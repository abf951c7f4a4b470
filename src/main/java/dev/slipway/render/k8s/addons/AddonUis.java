package dev.slipway.render.k8s.addons;

import dev.slipway.spec.Environment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The web UIs of an environment's add-ons, as {@code slipway dashboards} reaches them: the Service and its port,
 * and the header a UI takes to sign a person in (set by Slipway, never by the browser).
 */
public final class AddonUis {

    /**
     * One UI.
     *
     * @param key          short name, also the path of its card
     * @param title        what the card says
     * @param namespace    the Service's namespace; empty when it is looked up by name at run time
     * @param service      the Service's name
     * @param port         the Service's port name
     * @param loginHeaders headers that sign the request in (Grafana's auth proxy header)
     * @param tokenLogin   how a UI that acts with the person's own Kubernetes token (Headlamp) gets one, if it does
     */
    public record Ui(String key, String title, String namespace, String service, String port,
            Map<String, String> loginHeaders, Optional<TokenLogin> tokenLogin) {
        public Ui {
            loginHeaders = Map.copyOf(loginHeaders);
        }
    }

    /**
     * A UI that sends each person's own Kubernetes token to the API server. {@code slipway dashboards} mints
     * short-lived tokens of these ServiceAccounts (TokenRequest) and adds them to every request as the UI's session
     * cookie, on the way from 127.0.0.1 to the API server: not as an {@code Authorization} header, which the API
     * server consumes (it authenticates the request with it, or with Slipway's own credential, and then deletes it)
     * and never passes to the proxied Service. The browser never receives the token.
     *
     * @param cookiePrefix   the session cookie's name; a long token is split over {@code PREFIX.0}, {@code PREFIX.1}...
     * @param chunkSize      the most characters one cookie carries
     * @param namespace      the accounts' namespace
     * @param viewAccount    the account whose token is used by default (read-only)
     * @param adminAccount   the account whose token is used after the operator asks for admin, for minutes
     */
    public record TokenLogin(String cookiePrefix, int chunkSize, String namespace, String viewAccount,
            String adminAccount) {
    }

    private AddonUis() {
    }

    /** The UIs {@code env} runs, in card order; mongo-express's namespace is the workloads' and found at run time. */
    public static List<Ui> of(Environment env) {
        List<Ui> uis = new ArrayList<>();
        if (env.addons().dashboard().enabled()) {
            uis.add(new Ui("headlamp", "Headlamp (cluster dashboard)", Headlamp.NAMESPACE, Headlamp.NAME, "http",
                    Map.of(), Optional.of(new TokenLogin(Headlamp.TOKEN_COOKIE, Headlamp.TOKEN_COOKIE_CHUNK,
                            Headlamp.NAMESPACE, Headlamp.NAME, Headlamp.ADMIN_ACCOUNT))));
        }
        if (env.addons().metrics().enabled()) {
            uis.add(new Ui("grafana", "Grafana (metrics, logs, alerts)", Metrics.NAMESPACE, Metrics.GRAFANA, "http",
                    Map.of(Grafana.AUTH_PROXY_HEADER, "admin"), Optional.empty()));
        }
        if (env.addons().logging().enabled()) {
            uis.add(new Ui("opensearch-dashboards", "OpenSearch Dashboards (logs)", Logging.NAMESPACE, Logging.UI,
                    "http", Map.of(), Optional.empty()));
        }
        if (env.addons().metrics().enabled()) {
            uis.add(new Ui("prometheus", "Prometheus (targets, alerts)", Metrics.NAMESPACE, Metrics.PROMETHEUS,
                    "http", Map.of(), Optional.empty()));
        }
        if (env.mongo().enabled() && env.mongo().mongoExpress()) {
            uis.add(new Ui("mongo-express", "mongo-express (MongoDB)", "", "mongo-express", "", Map.of(),
                    Optional.empty()));
        }
        return List.copyOf(uis);
    }
}
