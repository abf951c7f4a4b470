package dev.slipway.render.k8s.addons;

/** Names the logging add-on's parts share: one namespace, the store's Service, the index the logs go to. */
final class Logging {
    static final String NAMESPACE = "logging";
    static final String STORE = "opensearch";
    static final String UI = "opensearch-dashboards";
    static final String SHIPPER = "fluent-bit";
    static final String SETUP = "opensearch-setup";
    static final int STORE_PORT = 9200;
    static final int TRANSPORT_PORT = 9300;
    static final int UI_PORT = 5601;
    /** fluent-bit writes one index per day, {@code logs-YYYY.MM.DD}; retention deletes whole days. */
    static final String INDEX_PREFIX = "logs";
    static final String STORE_URL = "http://" + STORE + "." + NAMESPACE + ".svc:" + STORE_PORT;

    private Logging() {
    }
}
