package dev.slipway.render.ignition;

/**
 * The API server's audit policy ({@code /etc/kubernetes/audit-policy.yaml}): who did what to which object, at
 * {@code Metadata} level for every request — never request or response bodies, so Secret values, tokens and
 * certificate requests stay out of the log — except the health probes and the high-rate, low-value traffic of
 * leases and events, which are not logged. The log is rotated by the API server itself (size, count and age below).
 */
final class AuditPolicy {
    static final String PATH = "/etc/kubernetes/audit-policy.yaml";
    static final String LOG_DIR = "/var/log/kubernetes/audit";
    static final String LOG = LOG_DIR + "/audit.log";
    static final String MAX_SIZE_MB = "100";
    static final String MAX_BACKUPS = "10";
    static final String MAX_AGE_DAYS = "30";

    private AuditPolicy() {
    }

    static String render() {
        return """
                # Written by Slipway. Metadata (who, what, which object, result) for every request; never bodies.
                apiVersion: audit.k8s.io/v1
                kind: Policy
                omitStages:
                  - RequestReceived
                rules:
                  - level: None
                    nonResourceURLs:
                      - /healthz*
                      - /livez*
                      - /readyz*
                      - /version
                  - level: None
                    resources:
                      - group: coordination.k8s.io
                        resources: [leases]
                  - level: None
                    resources:
                      - group: ""
                        resources: [events]
                      - group: events.k8s.io
                        resources: [events]
                  - level: Metadata
                """;
    }
}
