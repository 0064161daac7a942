package io.github.superpose.sim.fast;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs numbered tasks on the calling thread and a fixed set of helper threads: each worker
 * claims the next unclaimed task until none is left. Which worker runs a task is left to
 * timing, so a task must give the same result on any worker (it may only use the worker id to
 * pick per-worker scratch space).
 */
final class PartRunner implements AutoCloseable {
    /** One task of a batch; {@code worker} is in [0, workers()). */
    interface Task {
        void run(int task, int worker);
    }

    private final ExecutorService helpers;
    private final int helperCount;

    PartRunner(int helperCount) {
        this.helperCount = helperCount;
        this.helpers = Executors.newFixedThreadPool(helperCount, r -> {
            Thread th = new Thread(r, "fused-helper");
            th.setDaemon(true);
            return th;
        });
    }

    /** The caller plus the helper threads. */
    int workers() {
        return helperCount + 1;
    }

    /** Runs tasks [0, count) and returns when all are done. */
    void run(int count, Task task) {
        AtomicInteger next = new AtomicInteger();
        Future<?>[] running = new Future<?>[helperCount];
        for (int w = 0; w < helperCount; w++) {
            int worker = w + 1;
            running[w] = helpers.submit(() -> drain(next, count, task, worker));
        }
        RuntimeException failure = null;
        try {
            drain(next, count, task, 0);
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
                    failure = new IllegalStateException("fused training failed", e.getCause());
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void drain(AtomicInteger next, int count, Task task, int worker) {
        for (int t = next.getAndIncrement(); t < count; t = next.getAndIncrement()) {
            task.run(t, worker);
        }
    }

    @Override
    public void close() {
        helpers.shutdownNow();
    }
}
