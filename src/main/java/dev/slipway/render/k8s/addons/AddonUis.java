package dev.slipway.render.k8s.addons;

import dev.slipway.spec.Environment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The web UIs of an environment's add-ons, as {@code slipway dashboards} reaches them: the Service and its port,
 * and how Slipway signs a person in (on the local proxy side, never in the browser).
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
     * @param passwordLogin how Slipway signs in to a UI with its own password login (Grafana), if it does
     * @param tokenLogin    how a UI that acts with the person's own Kubernetes token (Headlamp) gets one, if it does
     */
    public record Ui(String key, String title, String namespace, String service, String port,
            Optional<PasswordLogin> passwordLogin, Optional<TokenLogin> tokenLogin) {
    }

    /**
     * A UI with a password login of its own that answers with a session cookie (Grafana). {@code slipway dashboards}
     * posts the user and the password from the state store as JSON to {@code path} through the API server's service
     * proxy, keeps the session cookie it gets back and adds it to every request it proxies to the UI; it signs in
     * again when the UI answers 401 or replaces the cookie. Neither the password nor the cookie reaches the browser.
     * A network-trusting header (Grafana's auth proxy) is not used: the source address of the API server's proxied
     * request says nothing about who sent it.
     *
     * @param path             the login API's path, e.g. {@code /login}
     * @param user             the user signed in
     * @param passwordStateKey the state store entry holding the user's password
     * @param cookieName       the session cookie's name (as rendered into the UI's configuration)
     */
    public record PasswordLogin(String path, String user, String passwordStateKey, String cookieName) {
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
                    Optional.empty(), Optional.of(new TokenLogin(Headlamp.TOKEN_COOKIE, Headlamp.TOKEN_COOKIE_CHUNK,
                            Headlamp.NAMESPACE, Headlamp.NAME, Headlamp.ADMIN_ACCOUNT))));
        }
        if (env.addons().metrics().enabled()) {
            uis.add(new Ui("grafana", "Grafana (metrics, logs, alerts)", Metrics.NAMESPACE, Metrics.GRAFANA, "http",
                    Optional.of(new PasswordLogin(Grafana.LOGIN_PATH, Grafana.ADMIN_USER, Grafana.ADMIN_PASSWORD_KEY,
                            Grafana.SESSION_COOKIE)), Optional.empty()));
        }
        if (env.addons().logging().enabled()) {
            uis.add(new Ui("opensearch-dashboards", "OpenSearch Dashboards (logs)", Logging.NAMESPACE, Logging.UI,
                    "http", Optional.empty(), Optional.empty()));
        }
        if (env.addons().metrics().enabled()) {
            uis.add(new Ui("prometheus", "Prometheus (targets, alerts)", Metrics.NAMESPACE, Metrics.PROMETHEUS,
                    "http", Optional.empty(), Optional.empty()));
        }
        if (env.mongo().enabled() && env.mongo().mongoExpress()) {
            uis.add(new Ui("mongo-express", "mongo-express (MongoDB)", "", "mongo-express", "",
                    Optional.empty(), Optional.empty()));
        }
        return List.copyOf(uis);
    }
}
