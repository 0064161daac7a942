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

    private DatasetTrainer() {
    }

    /**
     * Trains from {@code from} to the job's last step, offering a state after every
     * {@code checkpointEvery} steps (0 = never); returns the final weights and each instance's
     * loss on its whole training set with them (mean over points and features).
     */
    public static FusedResult train(DatasetJob job, FusedState from, int checkpointEvery, FusedListener l) {
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
        float[][] fw = new float[inst][n * m];
        float[][] fb = new float[inst][n];
        double[] loss = new double[tasks.size()];
        SectorIndex[] idx = new SectorIndex[inst];
        SparsePoints[] step = job.train().clone();
        try (WorkerPool pool = WorkerPool.forThreads(job.threads(), "dataset")) {
            DatasetKernel[] kernels = new DatasetKernel[pool.workers()];
            for (int k = 0; k < kernels.length; k++) {
                kernels[k] = new DatasetKernel(n, m);
            }
            for (int i = 0; i < inst; i++) {
                idx[i] = new SectorIndex(n, m);
            }
            for (int a = from.step(); a < job.steps(); a++) {
                if (job.hookEvery() > 0 && a % job.hookEvery() == 0) {
                    l.onHook(a, gather(w), gather(b));
                }
                final int s = a;
                pool.run(inst, i -> {
                    idx[i].build(w[i], 0, b[i], 0, job.importance(), job.importanceOffset(i));
                    if (job.batch() < job.train()[i].size()) {
                        step[i] = minibatch(job.train()[i], job.batch(), rng[i]);
                    }
                });
                pool.run(tasks.size(), (k, worker) -> {
                    int[] t = tasks.get(k);
                    int i = t[0];
                    java.util.Arrays.fill(gw[k], 0);
                    java.util.Arrays.fill(gb[k], 0);
                    java.util.Arrays.fill(mom[k], 0);
                    loss[k] = kernels[worker].accumulate(step[i], t[1], t[2], w[i], 0, b[i], 0, job.importance(),
                            job.importanceOffset(i), idx[i], scale(job, i), gw[k], gb[k], mom[k]);
                });
                float[] stepLoss = new float[inst];
                pool.run(inst, i -> stepLoss[i] = update(job, tasks, gw, gb, mom, loss, idx[i], i, w[i], b[i], fw[i],
                        fb[i], uw[i], ub[i], s));
                for (int i = 0; i < inst; i++) {
                    if (Float.isNaN(stepLoss[i])) {
                        throw new FusedDivergedException(i, a, Float.isFinite(last[i]) ? "parameter" : "loss");
                    }
                }
                if (a == job.steps() - 1 || (job.logEvery() > 0 && a % job.logEvery() == 0)) {
                    last = stepLoss;
                    l.onLog(a, last.clone());
                }
                int done = a + 1;
                if (checkpointEvery > 0 && done % checkpointEvery == 0 && done < job.steps()) {
                    l.onCheckpoint(snapshot(done, w, b, uw, ub, rng, last));
                }
                l.onProgress(done, job.steps());
            }
            float[] finalLoss = meanLoss(pool, kernels, n, m, w, b, job.importance(),
                    job.importance().length == n ? 0 : n, job.train());
            return new FusedResult(gather(w), gather(b), finalLoss);
        }
    }

    private static float scale(DatasetJob job, int i) {
        return 2f / ((float) job.stepPoints(i) * job.features());
    }

    /** Adds instance i's chunk gradients in chunk order and steps; returns the loss, NaN when not finite. */
    private static float update(DatasetJob job, List<int[]> tasks, double[][] gw, double[][] gb, double[][] mom,
                                double[] loss, SectorIndex idx, int i, float[] w, float[] b, float[] fw, float[] fb,
                                ParamUpdate uw, ParamUpdate ub, int step) {
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
        sum += DatasetKernel.linear(idx, n, job.hidden(), w, 0, b, 0, job.importance(), job.importanceOffset(i),
                mom[first], scale(job, i), gw[first], gb[first]);
        float mean = (float) (sum / ((double) job.stepPoints(i) * n));
        if (!Float.isFinite(mean)) {
            return Float.NaN;
        }
        for (int k = 0; k < fw.length; k++) {
            fw[k] = (float) gw[first][k];
        }
        for (int k = 0; k < fb.length; k++) {
            fb[k] = (float) gb[first][k];
        }
        double lr = job.lr().applyAsDouble(step);
        boolean ok = uw.stepInPlace(w, fw, lr, step + 1);
        ok &= ub.stepInPlace(b, fb, lr, step + 1);
        return ok ? mean : Float.NaN;
    }

    private static void add(double[] into, double[] from) {
        for (int k = 0; k < into.length; k++) {
            into[k] += from[k];
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
    public static float[] meanLoss(int n, int m, float[] w, float[] b, float[] importance, int impStride,
                                   SparsePoints[] pts, int threads) {
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

    private static float[] meanLoss(WorkerPool pool, DatasetKernel[] kernels, int n, int m, float[][] w, float[][] b,
                                    float[] importance, int impStride, SparsePoints[] pts) {
        float[] out = new float[pts.length];
        pool.run(pts.length, (i, worker) -> {
            SectorIndex idx = new SectorIndex(n, m);
            idx.build(w[i], 0, b[i], 0, importance, i * impStride);
            double[] mom = new double[DatasetKernel.momentSize(m)];
            double s = kernels[worker].accumulate(pts[i], 0, pts[i].size(), w[i], 0, b[i], 0, importance,
                    i * impStride, idx, 0f, null, null, mom);
            s += DatasetKernel.linear(idx, n, m, w[i], 0, b[i], 0, importance, i * impStride, mom, 0f, null, null);
            out[i] = (float) (s / ((double) Math.max(1, pts[i].size()) * n));
        });
        return out;
    }

    private static FusedState snapshot(int step, float[][] w, float[][] b, ParamUpdate[] uw, ParamUpdate[] ub,
                                       Rng[] rng, float[] last) {
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
