package io.github.superpose.sim.fast;

import io.github.superpose.core.WorkerPool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntToDoubleFunction;

/**
 * Trains the toy models of {@link FusedModel} with the fused kernels.
 * Threads take whole instances (balanced by measured time), and each instance has its own
 * random stream; threads beyond one per instance help split each instance's batch into parts
 * whose number never depends on the thread count. So W and b are byte-identical at any thread
 * count.
 *
 * <pre>FusedResult r = FusedTrainer.train(job, W0, b0, new FusedListener() {});</pre>
 */
public final class FusedTrainer {
    /** Steps before the first rebalancing of instances over threads. */
    private static final int WARMUP_STEPS = 16;
    /**
     * Longest stretch between rebalancings. The first split is timed on cold (interpreted or
     * C1) code, whose relative costs can be far from the compiled ones, so segments double from
     * WARMUP_STEPS up to this and the split follows the latest measured segment.
     */
    private static final int MAX_SEGMENT = 2048;
    /**
     * Most instances in one cohort (instances on the same batches, see {@link InstanceRun}): large
     * enough that drawing and laying out a batch costs little per instance, small enough that
     * the cohorts of a job still spread evenly over the threads.
     */
    static final int MAX_COHORT = 32;

    private FusedTrainer() {}

    /**
     * Whether the fused path handles this job: every job of FusedJob whose batch fits in
     * int-indexed arrays.
     */
    public static boolean supports(FusedJob job) {
        return (long) job.batch() * job.features() < Integer.MAX_VALUE / 2
                && (long) job.features() * job.features() < Integer.MAX_VALUE / 2;
    }

    /**
     * @param W0 {@code [instances, features, hidden]} initial weights (not modified)
     * @param b0 {@code [instances, features]} initial biases (not modified)
     * @throws FusedDivergedException at the earliest (step, instance) whose loss or parameters are not finite
     */
    public static FusedResult train(FusedJob job, float[] W0, float[] b0, FusedListener listener) {
        int inst = job.instances();
        int n = job.features();
        int m = job.hidden();
        checkShape("W0", W0, inst * job.weightSize(), "[" + inst + ", " + job.weightSize() + "]");
        checkShape("b0", b0, inst * n, "[" + inst + ", " + n + "]");
        return train(job, FusedState.initial(job, W0, b0), 0, listener);
    }

    /**
     * Trains from {@code start} (a fresh start or a checkpoint) to the job's last step, offering
     * the listener a {@link FusedState} after every {@code checkpointEvery} steps (0 = never).
     * A job resumed from a state ends with the same bytes as one trained without stopping.
     */
    public static FusedResult train(FusedJob job, FusedState start, int checkpointEvery, FusedListener listener) {
        int inst = job.instances();
        int n = job.features();
        int m = job.hidden();
        int wSize = job.weightSize();
        checkShape("W", start.W(), inst * wSize, "[" + inst + ", " + wSize + "]");
        checkShape("b", start.b(), inst * n, "[" + inst + ", " + n + "]");
        checkShape("lastLoss", start.lastLoss(), inst, "[" + inst + "]");
        if (start.rng() == null || start.rng().length != 2 * inst) {
            throw new IllegalArgumentException("rng must hold 2 words per instance (" + 2 * inst + ")");
        }
        if (start.step() < 0 || start.step() >= job.steps()) {
            throw new IllegalArgumentException("start step " + start.step() + " outside [0, " + job.steps() + ")");
        }
        if (start.moments() != null) {
            checkShape("m_W", start.moments()[0], inst * wSize, "[" + inst + ", " + wSize + "]");
            checkShape("v_W", start.moments()[1], inst * wSize, "[" + inst + ", " + wSize + "]");
            checkShape("m_b", start.moments()[2], inst * n, "[" + inst + ", " + n + "]");
            checkShape("v_b", start.moments()[3], inst * n, "[" + inst + ", " + n + "]");
        }
        if (!supports(job)) {
            throw new IllegalArgumentException(
                    "job too large for the fused path: batch " + job.batch() + " x features " + n);
        }
        FusedListener l = listener == null ? new FusedListener() {} : listener;
        // the rate is computed step by step (never an array sized by steps: jobs may be very long)
        java.util.function.IntToDoubleFunction lr = job.lrAt();
        // threads beyond one per instance help the instances split their batches
        int helpers = job.threads() / inst - 1;
        WorkerPool[] runners = new WorkerPool[helpers > 0 ? inst : 0];
        InstanceRun[] runs = new InstanceRun[inst];
        java.util.Map<List<Long>, List<InstanceRun>> leaders = new java.util.HashMap<>();
        for (int i = 0; i < inst; i++) {
            if (helpers > 0) {
                runners[i] = WorkerPool.withHelpers(helpers, "fused");
                runs[i] = new InstanceRun(job, i, start, runners[i]);
                continue;
            }
            // candidates: the open cohorts whose stream starts where instance i's does
            List<InstanceRun> same = leaders.computeIfAbsent(
                    java.util.List.of(start.rng()[2 * i], start.rng()[2 * i + 1]), w -> new ArrayList<>());
            InstanceRun leader = null;
            for (int k = same.size() - 1; k >= 0 && leader == null; k--) {
                if (same.get(k).canLead(job, i, start, MAX_COHORT)) {
                    leader = same.get(k);
                }
            }
            runs[i] = new InstanceRun(job, i, start, null, leader);
            if (leader != null) {
                leader.lead(runs[i]);
            } else {
                same.add(runs[i]);
            }
        }
        int threads = Math.min(job.threads(), inst);
        ExecutorService pool = threads > 1
                ? Executors.newFixedThreadPool(threads, r -> {
                    Thread th = new Thread(r, "fused-trainer");
                    th.setDaemon(true);
                    return th;
                })
                : null;
        try {
            float[] lastLogged = runSegments(job, runs, lr, threads, pool, l, start, checkpointEvery);
            return new FusedResult(gatherW(runs, wSize), gatherB(runs, n), lastLogged);
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
            for (WorkerPool r : runners) {
                r.close();
            }
        }
    }

    private static float[] runSegments(
            FusedJob job,
            InstanceRun[] runs,
            IntToDoubleFunction lr,
            int threads,
            ExecutorService pool,
            FusedListener l,
            FusedState start,
            int checkpointEvery) {
        int steps = job.steps();
        float[] lastLogged = start.lastLoss().clone();
        int a = start.step();
        int warmupEnd = (int) Math.min((long) a + WARMUP_STEPS, Integer.MAX_VALUE);
        while (a < steps) {
            if (job.hookEvery() > 0 && a % job.hookEvery() == 0) {
                l.onHook(a, gatherW(runs, job.weightSize()), gatherB(runs, job.features()));
            }
            int e = nextBoundary(job, a, threads, warmupEnd);
            if (checkpointEvery > 0) {
                e = (int) Math.min(e, (a / checkpointEvery + 1L) * checkpointEvery);
            }
            runSegment(runs, lr, a, e, threads, pool);
            int last = e - 1;
            if (last == steps - 1 || (job.logEvery() > 0 && last % job.logEvery() == 0)) {
                for (int i = 0; i < runs.length; i++) {
                    lastLogged[i] = runs[i].lastLoss;
                }
                l.onLog(last, lastLogged.clone());
            }
            if (checkpointEvery > 0 && e % checkpointEvery == 0 && e < steps) {
                l.onCheckpoint(snapshot(job, runs, e, lastLogged));
            }
            l.onProgress(e, steps);
            a = e;
        }
        return lastLogged;
    }

    private static FusedState snapshot(FusedJob job, InstanceRun[] runs, int step, float[] lastLogged) {
        int nm = job.weightSize();
        int n = job.features();
        long[] rng = new long[2 * runs.length];
        float[][] moments = runs[0].moments() == null
                ? null
                : new float[][] {
                    new float[runs.length * nm],
                    new float[runs.length * nm],
                    new float[runs.length * n],
                    new float[runs.length * n]
                };
        for (InstanceRun r : runs) {
            long[] s = r.rngState();
            rng[2 * r.index] = s[0];
            rng[2 * r.index + 1] = s[1];
            if (moments != null) {
                float[][] mo = r.moments();
                System.arraycopy(mo[0], 0, moments[0], r.index * nm, nm);
                System.arraycopy(mo[1], 0, moments[1], r.index * nm, nm);
                System.arraycopy(mo[2], 0, moments[2], r.index * n, n);
                System.arraycopy(mo[3], 0, moments[3], r.index * n, n);
            }
        }
        return new FusedState(step, gatherW(runs, nm), gatherB(runs, n), moments, rng, lastLogged.clone());
    }

    /**
     * End (exclusive) of the segment starting at a: the next log, hook or rebalancing point.
     * Segments only decide which thread steps which instance, never the numbers.
     */
    static int nextBoundary(FusedJob job, int a, int threads) {
        return nextBoundary(job, a, threads, WARMUP_STEPS);
    }

    /** As above, with the first rebalancing at {@code warmupEnd} (a resumed job warms up afresh). */
    static int nextBoundary(FusedJob job, int a, int threads, int warmupEnd) {
        int e = job.steps();
        if (job.logEvery() > 0) {
            // in long: near Integer.MAX_VALUE steps the next boundary would overflow an int
            long nextLog = (((long) a + job.logEvery() - 1) / job.logEvery()) * job.logEvery();
            e = (int) Math.min(e, nextLog + 1);
        }
        if (job.hookEvery() > 0) {
            e = (int) Math.min(e, (a / job.hookEvery() + 1L) * job.hookEvery());
        }
        if (a < warmupEnd) {
            e = Math.min(e, warmupEnd);
        } else if (threads > 1) {
            e = (int) Math.min(e, (long) a + Math.min(Math.max((long) a - warmupEnd + WARMUP_STEPS, 1), MAX_SEGMENT));
        }
        return Math.max(e, a + 1);
    }

    private static void runSegment(
            InstanceRun[] runs, IntToDoubleFunction lr, int a, int e, int threads, ExecutorService pool) {
        AtomicInteger stopAfter = new AtomicInteger(Integer.MAX_VALUE);
        InstanceRun[] units =
                java.util.Arrays.stream(runs).filter(r -> !r.follower).toArray(InstanceRun[]::new);
        List<List<InstanceRun>> groups = InstanceBalancer.partition(units, threads);
        if (pool == null) {
            for (List<InstanceRun> g : groups) {
                runGroup(g, lr, a, e, stopAfter);
            }
        } else {
            List<Future<?>> futures = new ArrayList<>();
            for (List<InstanceRun> g : groups) {
                futures.add(pool.submit(() -> runGroup(g, lr, a, e, stopAfter)));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", ex);
                } catch (java.util.concurrent.ExecutionException ex) {
                    throw new IllegalStateException("fused training failed", ex.getCause());
                }
            }
        }
        if (stopAfter.get() != Integer.MAX_VALUE) {
            int step = stopAfter.get();
            for (InstanceRun r : runs) {
                if (r.divergedAt == step) {
                    throw new FusedDivergedException(r.index, step, r.divergedWhat);
                }
            }
        }
    }

    /**
     * Steps each instance (with its cohort) of the group through [a, e). An instance that
     * diverges at step t lowers stopAfter to t; others stop after t too, so the earliest
     * (step, instance) is always found.
     */
    private static void runGroup(
            List<InstanceRun> group, IntToDoubleFunction lr, int a, int e, AtomicInteger stopAfter) {
        for (InstanceRun r : group) {
            int first = r.stepsDone;
            long t0 = System.nanoTime();
            for (int t = a; t < e && t <= stopAfter.get(); t++) {
                if (!r.stepCohort(t, lr.applyAsDouble(t))) {
                    stopAfter.accumulateAndGet(t, Math::min);
                    break;
                }
            }
            long dt = System.nanoTime() - t0;
            r.nanos += dt;
            r.segmentNanos = dt;
            r.segmentSteps = r.stepsDone - first;
        }
    }

    private static float[] gatherW(InstanceRun[] runs, int size) {
        float[] out = new float[runs.length * size];
        for (InstanceRun r : runs) {
            System.arraycopy(r.W, 0, out, r.index * size, size);
        }
        return out;
    }

    private static float[] gatherB(InstanceRun[] runs, int size) {
        float[] out = new float[runs.length * size];
        for (InstanceRun r : runs) {
            System.arraycopy(r.b, 0, out, r.index * size, size);
        }
        return out;
    }

    private static void checkShape(String name, float[] a, int expected, String shape) {
        if (a == null || a.length != expected) {
            throw new IllegalArgumentException(name + " must have shape " + shape + " (" + expected + " values), got "
                    + (a == null ? "null" : a.length + " values"));
        }
    }
}
