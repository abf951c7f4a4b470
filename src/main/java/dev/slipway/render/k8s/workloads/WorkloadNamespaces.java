package dev.slipway.render.k8s.workloads;

/**
 * Where the business runs: the app suite and its cron jobs in one namespace, MongoDB with its UI and backups in
 * another, so the NetworkPolicy in front of MongoDB can name who may connect by namespace and label.
 */
public final class WorkloadNamespaces {
    public static final String APPS = "apps";
    public static final String MONGO = "mongo";

    private WorkloadNamespaces() {
    }
}
