package dev.slipway.render.k8s.addons;

import dev.slipway.spec.Environment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
     */
    public record Ui(String key, String title, String namespace, String service, String port,
            Map<String, String> loginHeaders) {
        public Ui {
            loginHeaders = Map.copyOf(loginHeaders);
        }
    }

    private AddonUis() {
    }

    /** The UIs {@code env} runs, in card order; mongo-express's namespace is the workloads' and found at run time. */
    public static List<Ui> of(Environment env) {
        List<Ui> uis = new ArrayList<>();
        if (env.addons().dashboard().enabled()) {
            uis.add(new Ui("headlamp", "Headlamp (cluster dashboard)", Headlamp.NAMESPACE, Headlamp.NAME, "http",
                    Map.of()));
        }
        if (env.addons().metrics().enabled()) {
            uis.add(new Ui("grafana", "Grafana (metrics, logs, alerts)", Metrics.NAMESPACE, Metrics.GRAFANA, "http",
                    Map.of(Grafana.AUTH_PROXY_HEADER, "admin")));
        }
        if (env.addons().logging().enabled()) {
            uis.add(new Ui("opensearch-dashboards", "OpenSearch Dashboards (logs)", Logging.NAMESPACE, Logging.UI,
                    "http", Map.of()));
        }
        if (env.addons().metrics().enabled()) {
            uis.add(new Ui("prometheus", "Prometheus (targets, alerts)", Metrics.NAMESPACE, Metrics.PROMETHEUS,
                    "http", Map.of()));
        }
        if (env.mongo().enabled() && env.mongo().mongoExpress()) {
            uis.add(new Ui("mongo-express", "mongo-express (MongoDB)", "", "mongo-express", "", Map.of()));
        }
        return List.copyOf(uis);
    }
}
