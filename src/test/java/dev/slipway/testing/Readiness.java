package dev.slipway.testing;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Waits, with a bound, for something in the harness to become true, polling; on timeout fails with what was awaited,
 * the last observation and the diagnostics (usually a component's log tail), so a failure says why.
 */
final class Readiness {
    private static final long POLL_MILLIS = 250;

    private Readiness() {
    }

    /** A probe answers null when ready, or a short description of what it saw instead. */
    interface Probe {
        String check() throws Exception;
    }

    static void await(String what, Duration timeout, Probe probe, Runnable stillAlive, Supplier<String> diagnostics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "not checked yet";
        while (true) {
            stillAlive.run();
            try {
                last = probe.check();
                if (last == null) {
                    return;
                }
            } catch (Exception e) {
                last = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout.toSeconds() + "s waiting for " + what
                        + "; last seen: " + last + "\n" + diagnostics.get());
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }
}
