package io.github.superpose.bridge;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs numbered tasks on the calling thread and {@code threads − 1} daemon helpers; each worker claims
 * the next unclaimed task. The fused SAE step splits its work into a fixed number of tasks that write
 * disjoint outputs (or per-task partial sums added in task order), so which thread runs a task never
 * changes a result.
 *
 * <pre>try (SaeWorkers w = new SaeWorkers(2)) { w.run(16, part -> work(part)); }</pre>
 */
final class SaeWorkers implements AutoCloseable {
    private final ExecutorService helpers;
    private final int helperCount;

    SaeWorkers(int threads) {
        this.helperCount = Math.max(0, threads - 1);
        this.helpers = helperCount == 0 ? null : Executors.newFixedThreadPool(helperCount, r -> {
            Thread th = new Thread(r, "sae-helper");
            th.setDaemon(true);
            return th;
        });
    }

    int threads() {
        return helperCount + 1;
    }

    /** Runs task(0) … task(count − 1) and returns when all are done. */
    void run(int count, IntConsumer task) {
        if (helpers == null || count < 2) {
            for (int t = 0; t < count; t++) {
                task.accept(t);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        int used = Math.min(helperCount, count - 1);
        Future<?>[] running = new Future<?>[used];
        for (int w = 0; w < used; w++) {
            running[w] = helpers.submit(() -> drain(next, count, task));
        }
        RuntimeException failure = null;
        try {
            drain(next, count, task);
        } catch (RuntimeException e) {
            next.set(count);
            failure = e;
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r ? r
                            : new IllegalStateException("SAE step failed", e.getCause());
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void drain(AtomicInteger next, int count, IntConsumer task) {
        for (int t = next.getAndIncrement(); t < count; t = next.getAndIncrement()) {
            task.accept(t);
        }
    }

    @Override
    public void close() {
        if (helpers != null) {
            helpers.shutdownNow();
        }
    }
}
