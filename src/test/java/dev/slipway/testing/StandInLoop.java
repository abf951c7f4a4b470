package dev.slipway.testing;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * The background thread of a stand-in controller, with a real controller's error handling: one round every
 * {@code period} until closed; a round that fails as a real controller's would be requeued (409 Conflict from a stale
 * read, 429, a 5xx, no connection for a moment, 404 for an object deleted meanwhile) is tried again on the next round
 * and counted ({@link #retried()});
 * any other failure is kept ({@link #failure()}, {@link #assertHealthy()}) so a broken stand-in fails its test
 * instead of showing only as a timeout, and the loop goes on. Neither dies on one conflict nor swallows a bug.
 * A round must therefore be safe to run again after any partial failure (each stand-in's round checks what is
 * already done first).
 */
public final class StandInLoop implements AutoCloseable {
    private final String name;
    private final Duration period;
    private final Runnable round;
    private final Thread thread;
    private final AtomicInteger retried = new AtomicInteger();
    private volatile boolean running = true;
    private volatile Throwable failure;

    public StandInLoop(String name, Duration period, Runnable round) {
        this.name = name;
        this.period = period;
        this.round = round;
        this.thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            try {
                round.run();
            } catch (RuntimeException | Error e) {
                if (!running) {
                    return; // close() interrupted a request in flight: fabric8 reports that as a failed request
                }
                if (retryable(e)) {
                    retried.incrementAndGet();
                } else if (failure == null) {
                    failure = e;
                }
            }
            try {
                Thread.sleep(period.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * What a controller requeues or drops: a conflict, throttling, a server error, a connection that failed, and an
     * object deleted between the list and the write (404: nothing left to do for it; the next round lists afresh).
     */
    static boolean retryable(Throwable e) {
        if (e instanceof KubernetesClientException k) {
            int code = k.getCode();
            return code == 404 || code == 409 || code == 429 || code >= 500
                    || code == 0 && k.getCause() instanceof java.io.IOException;
        }
        if (e instanceof SdkServiceException s) {
            return s.statusCode() == 409 || s.statusCode() == 429 || s.statusCode() >= 500 || s.isThrottlingException();
        }
        return e instanceof SdkClientException && e.getCause() instanceof java.io.IOException;
    }

    /** How many rounds failed for a retryable reason and were run again. */
    public int retried() {
        return retried.get();
    }

    /** The first failure that was not retryable, or null. */
    public Throwable failure() {
        return failure;
    }

    /** Fails the calling test if the stand-in ran into a failure that was not retryable. */
    public void assertHealthy() {
        Throwable f = failure;
        if (f != null) {
            throw new AssertionError(name + " failed: " + f, f);
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
