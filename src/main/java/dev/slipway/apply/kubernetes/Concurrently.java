package dev.slipway.apply.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs independent API calls side by side, at most {@code parallelism} at once: the objects of one apply step, the
 * dry runs of a plan. Results keep the input order; the first failure is rethrown after the others finished.
 */
public final class Concurrently implements AutoCloseable {
    private final ExecutorService pool;

    public Concurrently(int parallelism) {
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "slipway-deploy-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public <T, R> List<R> map(List<T> items, Function<T, R> f) {
        if (items.size() == 1) {
            return List.of(f.apply(items.get(0)));
        }
        List<Future<R>> futures = new ArrayList<>();
        for (T item : items) {
            futures.add(pool.submit(() -> f.apply(item)));
        }
        List<R> results = new ArrayList<>();
        RuntimeException failure = null;
        for (Future<R> future : futures) {
            try {
                results.add(future.get());
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r ? r
                            : new IllegalStateException(e.getCause().getMessage(), e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return results;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
