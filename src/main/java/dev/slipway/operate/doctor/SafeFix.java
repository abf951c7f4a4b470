package dev.slipway.operate.doctor;

/**
 * A fix {@code doctor --fix} may apply on its own because it cannot lose anything: deleting a Pod its controller
 * replaces, re-uploading provisioning files from {@code build/}. Everything else is a printed command.
 */
public interface SafeFix {
    /** What it will do, e.g. "delete Pod monitoring/grafana-7d9 (its ReplicaSet makes a new one)". */
    String description();

    /** Does it; returns what it did, in words. */
    String apply();
}
