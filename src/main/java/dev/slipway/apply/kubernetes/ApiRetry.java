package dev.slipway.apply.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Retries one API call when the answer says "try again": 429 (API priority and fairness, or a busy server), 5xx
 * (a restarting or overloaded API server, a load balancer between), timeouts and broken connections. Exponential
 * back-off with jitter, capped; every other answer (404, 409, 422, ...) is returned to the caller at once. The calls
 * it wraps are idempotent (apply, get, list, delete by name), so repeating one is safe.
 */
public final class ApiRetry {
    private final int attempts;
    private final Duration first;
    private final Duration cap;

    public ApiRetry(int attempts, Duration first, Duration cap) {
        this.attempts = attempts;
        this.first = first;
        this.cap = cap;
    }

    /** 10 attempts, 200 ms doubling to at most 5 s: about half a minute of trouble before giving up. */
    public static ApiRetry standard() {
        return new ApiRetry(10, Duration.ofMillis(200), Duration.ofSeconds(5));
    }

    public <T> T call(Supplier<T> call) {
        long delay = first.toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (attempt >= attempts || !retryable(e)) {
                    throw e;
                }
            }
            sleep(delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1));
            delay = Math.min(cap.toMillis(), delay * 2);
        }
    }

    public void run(Runnable call) {
        call(() -> {
            call.run();
            return null;
        });
    }

    static boolean retryable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof KubernetesClientException k && (k.getCode() == 429 || k.getCode() >= 500)) {
                return true;
            }
            if (t instanceof IOException || t instanceof TimeoutException || t instanceof InterruptedIOException) {
                return true;
            }
            if (t instanceof KubernetesClientException k && k.getCode() > 0) {
                return false;
            }
        }
        return false;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", e);
        }
    }
}
