package io.github.superpose.sim.fast;

import io.github.superpose.core.Rng;
import io.github.superpose.core.WorkerPool;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains {@link DatasetJob}s with the exact sparse {@link DatasetKernel}. Each step: every
 * instance re-sorts its features ({@link SectorIndex}); the step's points are cut into chunks of
 * {@link #CHUNK} whose gradients are computed as independent tasks and added in chunk order; then
 * each instance takes one optimizer step. Chunks depend only on the job, so W and b are
 * byte-identical at any thread count.
 *
 * <pre>FusedResult r = DatasetTrainer.train(job, FusedState.initial(...), 0, listener);</pre>
 */
public final class DatasetTrainer {
    /** Points per gradient task. */
    public static final int CHUNK = 8192;

    private DatasetTrainer() {}

    /**
     * Trains from {@code from} to the job's last step, offering a state after every
     * {@code checkpointEvery} steps (0 = never); returns the final weights and each instance's
     * loss on its whole training set with them (mean over points and features).
     */
    public static FusedResult train(DatasetJob job, FusedState from, int checkpointEvery, FusedListener l) {
        return train(job, from, checkpointEvery, l, BruteKernel.BRUTE_PAIRS);
    }

    /** As {@link #train}, taking the brute-force path for instances whose points × features ≤ {@code brutePairs}. */
    static FusedResult train(DatasetJob job, FusedState from, int checkpointEvery, FusedListener l, long brutePairs) {
        int inst = job.instances();
        int n = job.features();
        int m = job.hidden();
        float[][] w = new float[inst][];
        float[][] b = new float[inst][];
        ParamUpdate[] uw = new ParamUpdate[inst];
        ParamUpdate[] ub = new ParamUpdate[inst];
        Rng[] rng = new Rng[inst];
        for (int i = 0; i < inst; i++) {
            w[i] = java.util.Arrays.copyOfRange(from.W(), i * n * m, (i + 1) * n * m);
            b[i] = java.util.Arrays.copyOfRange(from.b(), i * n, (i + 1) * n);
            uw[i] = new ParamUpdate(job.optimizer(), job.beta1(), job.beta2(), job.eps(), job.weightDecay(), n * m);
            ub[i] = new ParamUpdate(job.optimizer(), job.beta1(), job.beta2(), job.eps(), job.weightDecay(), n);
            if (from.moments() != null) {
                uw[i].restoreMoments(from.moments()[0], from.moments()[1], i * n * m);
                ub[i].restoreMoments(from.moments()[2], from.moments()[3], i * n);
            }
            rng[i] = Rng.fromState(new long[] {from.rng()[2 * i], from.rng()[2 * i + 1]});
        }
        float[] last = from.lastLoss().clone();
        List<int[]> tasks = new ArrayList<>();
        for (int i = 0; i < inst; i++) {
            for (int t0 = 0; t0 < job.stepPoints(i); t0 += CHUNK) {
                tasks.add(new int[] {i, t0, Math.min(job.stepPoints(i), t0 + CHUNK)});
            }
        }
        double[][] gw = new double[tasks.size()][n * m];
        double[][] gb = new double[tasks.size()][n];
        double[][] mom = new double[tasks.size()][DatasetKernel.momentSize(m)];
        double[] loss = new double[tasks.size()];
        SectorIndex[] idx = new SectorIndex[inst];
        boolean[] brute = new boolean[inst];
        boolean single = tasks.size() == inst;
        boolean anyIndex = false;
        SparsePoints[] step = job.train().clone();
        float[] stepLoss = new float[inst];
        try (WorkerPool pool = WorkerPool.forThreads(job.threads(), "dataset")) {
            DatasetKernel[] kernels = new DatasetKernel[pool.workers()];
            BruteKernel[] brutes = new BruteKernel[pool.workers()];
            for (int k = 0; k < kernels.length; k++) {
                kernels[k] = new DatasetKernel(n, m);
                brutes[k] = new BruteKernel(n, m);
            }
            for (int i = 0; i < inst; i++) {
                brute[i] = (long) job.stepPoints(i) * n <= brutePairs;
                if (!brute[i]) {
                    idx[i] = new SectorIndex(n, m);
                    anyIndex = true;
                }
            }
            boolean minibatches = false;
            for (int i = 0; i < inst; i++) {
                minibatches |= job.batch() < job.train()[i].size();
            }
            for (int a = from.step(); a < job.steps(); a++) {
                if (job.hookEvery() > 0 && a % job.hookEvery() == 0) {
                    l.onHook(a, gather(w), gather(b));
                }
                final int s = a;
                if (single) {
                    // one task per instance: index, gradients and update in one hand-off per step
                    pool.run(inst, (i, worker) -> {
                        prepare(job, idx, step, rng, w, b, i);
                        gradient(job, tasks, i, worker, step, w, b, idx, brute, kernels, brutes, gw, gb, mom, loss);
                        stepLoss[i] = update(job, tasks, gw, gb, mom, loss, idx[i], i, w[i], b[i], uw[i], ub[i], s);
                    });
                } else {
                    if (anyIndex || minibatches) {
                        pool.run(inst, i -> prepare(job, idx, step, rng, w, b, i));
                    }
                    pool.run(
                            tasks.size(),
                            (k, worker) -> gradient(
                                    job, tasks, k, worker, step, w, b, idx, brute, kernels, brutes, gw, gb, mom, loss));
                    pool.run(
                            inst,
                            i -> stepLoss[i] =
                                    update(job, tasks, gw, gb, mom, loss, idx[i], i, w[i], b[i], uw[i], ub[i], s));
                }
                for (int i = 0; i < inst; i++) {
                    if (Float.isNaN(stepLoss[i])) {
                        throw new FusedDivergedException(i, a, Float.isFinite(last[i]) ? "parameter" : "loss");
                    }
                }
                if (a == job.steps() - 1 || (job.logEvery() > 0 && a % job.logEvery() == 0)) {
                    last = stepLoss.clone();
                    l.onLog(a, last.clone());
                }
                int done = a + 1;
                if (checkpointEvery > 0 && done % checkpointEvery == 0 && done < job.steps()) {
                    l.onCheckpoint(snapshot(done, w, b, uw, ub, rng, last));
                }
                l.onProgress(done, job.steps());
            }
            float[] finalLoss = meanLoss(
                    pool, kernels, n, m, w, b, job.importance(), job.importance().length == n ? 0 : n, job.train());
            return new FusedResult(gather(w), gather(b), finalLoss);
        }
    }

    private static float scale(DatasetJob job, int i) {
        return 2f / ((float) job.stepPoints(i) * job.features());
    }

    /** Re-sorts instance i's index (pruned path) and draws its minibatch, if it trains on minibatches. */
    private static void prepare(
            DatasetJob job, SectorIndex[] idx, SparsePoints[] step, Rng[] rng, float[][] w, float[][] b, int i) {
        if (idx[i] != null) {
            idx[i].build(w[i], 0, b[i], 0, job.importance(), job.importanceOffset(i));
        }
        if (job.batch() < job.train()[i].size()) {
            step[i] = minibatch(job.train()[i], job.batch(), rng[i]);
        }
    }

    /** Task k's loss and gradients into its own (zeroed) accumulators, by brute force or the pruned walk. */
    private static void gradient(
            DatasetJob job,
            List<int[]> tasks,
            int k,
            int worker,
            SparsePoints[] step,
            float[][] w,
            float[][] b,
            SectorIndex[] idx,
            boolean[] brute,
            DatasetKernel[] kernels,
            BruteKernel[] brutes,
            double[][] gw,
            double[][] gb,
            double[][] mom,
            double[] loss) {
        int[] t = tasks.get(k);
        int i = t[0];
        java.util.Arrays.fill(mom[k], 0);
        if (brute[i]) {
            loss[k] = brutes[worker].accumulate(
                    step[i],
                    t[1],
                    t[2],
                    w[i],
                    b[i],
                    job.importance(),
                    job.importanceOffset(i),
                    scale(job, i),
                    gw[k],
                    gb[k]);
        } else {
            loss[k] = kernels[worker].accumulate(
                    step[i],
                    t[1],
                    t[2],
                    w[i],
                    0,
                    b[i],
                    0,
                    job.importance(),
                    job.importanceOffset(i),
                    idx[i],
                    scale(job, i),
                    gw[k],
                    gb[k],
                    mom[k]);
        }
    }

    /**
     * Adds instance i's chunk gradients in chunk order (clearing the others) and steps, which clears
     * the first; returns the loss, NaN when not finite.
     */
    private static float update(
            DatasetJob job,
            List<int[]> tasks,
            double[][] gw,
            double[][] gb,
            double[][] mom,
            double[] loss,
            SectorIndex idx,
            int i,
            float[] w,
            float[] b,
            ParamUpdate uw,
            ParamUpdate ub,
            int step) {
        int first = -1;
        double sum = 0;
        for (int k = 0; k < tasks.size(); k++) {
            if (tasks.get(k)[0] != i) {
                continue;
            }
            sum += loss[k];
            if (first < 0) {
                first = k;
            } else {
                add(gw[first], gw[k]);
                add(gb[first], gb[k]);
                add(mom[first], mom[k]);
            }
        }
        int n = job.features();
        if (idx != null) {
            sum += DatasetKernel.linear(
                    idx,
                    n,
                    job.hidden(),
                    w,
                    0,
                    b,
                    0,
                    job.importance(),
                    job.importanceOffset(i),
                    mom[first],
                    scale(job, i),
                    gw[first],
                    gb[first]);
        }
        // clamped at 0 for the rounding residue of the linear part (see meanLoss)
        float mean = (float) Math.max(0.0, sum / ((double) job.stepPoints(i) * n));
        if (!Float.isFinite(mean)) {
            java.util.Arrays.fill(gw[first], 0);
            java.util.Arrays.fill(gb[first], 0);
            return Float.NaN;
        }
        double lr = job.lr().applyAsDouble(step);
        boolean ok = uw.stepFromDouble(w, gw[first], lr, step + 1);
        ok &= ub.stepFromDouble(b, gb[first], lr, step + 1);
        return ok ? mean : Float.NaN;
    }

    /** into += from, leaving from zeroed for the next step. */
    private static void add(double[] into, double[] from) {
        for (int k = 0; k < into.length; k++) {
            into[k] += from[k];
            from[k] = 0;
        }
    }

    /** {@code size} rows drawn uniformly with replacement. */
    private static SparsePoints minibatch(SparsePoints all, int size, Rng rng) {
        int[] rows = new int[size];
        for (int k = 0; k < size; k++) {
            rows[k] = rng.nextInt(all.size());
        }
        return all.rows(rows);
    }

    /**
     * Mean loss (over points and features, importance-weighted) of each instance's weights on its
     * points: the final training loss, and the test loss on fresh points.
     *
     * @param w         {@code [instances, features, hidden]}
     * @param b         {@code [instances, features]}
     * @param impStride 0 when importance is shared, else features
     */
    public static float[] meanLoss(
            int n, int m, float[] w, float[] b, float[] importance, int impStride, SparsePoints[] pts, int threads) {
        int inst = pts.length;
        float[][] ws = new float[inst][];
        float[][] bs = new float[inst][];
        for (int i = 0; i < inst; i++) {
            ws[i] = java.util.Arrays.copyOfRange(w, i * n * m, (i + 1) * n * m);
            bs[i] = java.util.Arrays.copyOfRange(b, i * n, (i + 1) * n);
        }
        try (WorkerPool pool = WorkerPool.forThreads(Math.max(1, threads), "dataset-loss")) {
            DatasetKernel[] kernels = new DatasetKernel[pool.workers()];
            for (int k = 0; k < kernels.length; k++) {
                kernels[k] = new DatasetKernel(n, m);
            }
            return meanLoss(pool, kernels, n, m, ws, bs, importance, impStride, pts);
        }
    }

    private static float[] meanLoss(
            WorkerPool pool,
            DatasetKernel[] kernels,
            int n,
            int m,
            float[][] w,
            float[][] b,
            float[] importance,
            int impStride,
            SparsePoints[] pts) {
        float[] out = new float[pts.length];
        pool.run(pts.length, (i, worker) -> {
            SectorIndex idx = new SectorIndex(n, m);
            idx.build(w[i], 0, b[i], 0, importance, i * impStride);
            double[] mom = new double[DatasetKernel.momentSize(m)];
            double s = kernels[worker].accumulate(
                    pts[i], 0, pts[i].size(), w[i], 0, b[i], 0, importance, i * impStride, idx, 0f, null, null, mom);
            s += DatasetKernel.linear(idx, n, m, w[i], 0, b[i], 0, importance, i * impStride, mom, 0f, null, null);
            // A sum of squares: the positive-bias features enter as a whole linear map with their
            // non-firing pairs subtracted, which leaves a rounding residue of either sign when the
            // training set is memorized (loss ~1e-14), so the mean is clamped at 0.
            out[i] = (float) Math.max(0.0, s / ((double) Math.max(1, pts[i].size()) * n));
        });
        return out;
    }

    private static FusedState snapshot(
            int step, float[][] w, float[][] b, ParamUpdate[] uw, ParamUpdate[] ub, Rng[] rng, float[] last) {
        float[][] moments = null;
        if (uw[0].moments() != null) {
            float[][] mw = new float[uw.length][];
            float[][] vw = new float[uw.length][];
            float[][] mb = new float[uw.length][];
            float[][] vb = new float[uw.length][];
            for (int i = 0; i < uw.length; i++) {
                mw[i] = uw[i].moments()[0];
                vw[i] = uw[i].moments()[1];
                mb[i] = ub[i].moments()[0];
                vb[i] = ub[i].moments()[1];
            }
            moments = new float[][] {gather(mw), gather(vw), gather(mb), gather(vb)};
        }
        long[] states = new long[2 * rng.length];
        for (int i = 0; i < rng.length; i++) {
            long[] st = rng[i].state();
            states[2 * i] = st[0];
            states[2 * i + 1] = st[1];
        }
        return new FusedState(step, gather(w), gather(b), moments, states, last.clone());
    }

    /** Per-instance arrays of equal length, concatenated. */
    static float[] gather(float[][] parts) {
        int len = parts[0].length;
        float[] out = new float[parts.length * len];
        for (int i = 0; i < parts.length; i++) {
            System.arraycopy(parts[i], 0, out, i * len, len);
        }
        return out;
    }
}
