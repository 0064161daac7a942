package io.github.superpose.core;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs numbered tasks on the calling thread and a fixed set of daemon helper threads: each worker
 * claims the next unclaimed task until none is left. Which worker runs a task is left to timing, so
 * a task must give the same result on any worker: the fused kernels split their work into a fixed
 * number of tasks that write disjoint outputs (or partial sums added in task order), and may use the
 * worker id only to pick per-worker scratch space. That is what keeps results byte-identical at any
 * thread count.
 *
 * <pre>try (WorkerPool w = WorkerPool.forThreads(2, "sae")) { w.run(16, part -> work(part)); }</pre>
 */
public final class WorkerPool implements AutoCloseable {
    /** One task of a batch; {@code worker} is in [0, workers()). */
    public interface Task {
        void run(int task, int worker);
    }

    private final ExecutorService helpers;
    private final int helperCount;

    private WorkerPool(int helperCount, String name) {
        this.helperCount = Math.max(0, helperCount);
        this.helpers = this.helperCount == 0
                ? null
                : Executors.newFixedThreadPool(this.helperCount, r -> {
                    Thread th = new Thread(r, name + "-helper");
                    th.setDaemon(true);
                    return th;
                });
    }

    /** A pool of {@code threads} workers in all: the caller and {@code threads − 1} helpers. */
    public static WorkerPool forThreads(int threads, String name) {
        return new WorkerPool(threads - 1, name);
    }

    /** A pool of the caller and {@code helperCount} helper threads. */
    public static WorkerPool withHelpers(int helperCount, String name) {
        return new WorkerPool(helperCount, name);
    }

    /** The caller plus the helper threads. */
    public int workers() {
        return helperCount + 1;
    }

    /** Runs task(0) … task(count − 1) and returns when all are done. */
    public void run(int count, IntConsumer task) {
        run(count, (t, worker) -> task.accept(t));
    }

    /** Runs tasks [0, count) and returns when all are done; the first failure is rethrown. */
    public void run(int count, Task task) {
        if (helpers == null || count < 2) {
            for (int t = 0; t < count; t++) {
                task.run(t, 0);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        int used = Math.min(helperCount, count - 1);
        Future<?>[] running = new Future<?>[used];
        for (int w = 0; w < used; w++) {
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
                    failure = e.getCause() instanceof RuntimeException r
                            ? r
                            : new IllegalStateException("a worker failed", e.getCause());
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
        if (helpers != null) {
            helpers.shutdownNow();
        }
    }
}
