package io.github.superpose.sim.fast;

import io.github.superpose.core.Rng;
import io.github.superpose.metrics.PointDimensionality;
import java.lang.management.ManagementFactory;

/**
 * Manual probe (not a test): one n = 10,000, m = 2 finite-data instance with the catalogue's
 * recipe (AdamW 1e-3, wd 1e-2, warmup then quarter cosine), trained on a fixed set of T points
 * (full batch, or minibatches of {@code batch} drawn with replacement) or, with T = 0, on
 * {@code batch} fresh points every step (the infinite-data limit). Prints train and test loss,
 * the squared-norm-weighted mean point and feature dimensionality, the features with norm above
 * 0.5 and the CPU time, with pairs visited per point and step along the way.
 *
 * <pre>java … DoubleDescentProbe T batch steps warmup [seed]</pre>
 */
public final class DoubleDescentProbe {
    public static void main(String[] a) {
        int n = 10000;
        int m = 2;
        int t = Integer.parseInt(a[0]);
        int batch = Integer.parseInt(a[1]);
        int steps = Integer.parseInt(a[2]);
        int warmup = Integer.parseInt(a[3]);
        long seed = a.length > 4 ? Long.parseLong(a[4]) : 0;
        SparsePoints train = t > 0 ? SparsePoints.draw(Rng.forStream(seed, 0, 11), t, n, 0.001f, true) : null;
        Rng rng = Rng.forStream(seed, 0, 12);
        FusedState s0 = DatasetStepProbe.start(n);
        float[] w = s0.W();
        float[] b = s0.b();
        ParamUpdate uw = new ParamUpdate(OptimizerKind.ADAMW, 0.9f, 0.999f, 1e-8f, 1e-2f, n * m);
        ParamUpdate ub = new ParamUpdate(OptimizerKind.ADAMW, 0.9f, 0.999f, 1e-8f, 1e-2f, n);
        DatasetKernel k = new DatasetKernel(n, m);
        SectorIndex idx = new SectorIndex(n, m);
        float[] imp = DatasetKernelTest.ones(n);
        long c0 = cpu();
        long start = c0;
        long pts = 0;
        double[] gw = new double[n * m];
        double[] gb = new double[n];
        for (int s = 0; s < steps; s++) {
            SparsePoints step;
            if (t == 0) {
                step = SparsePoints.draw(rng, batch, n, 0.001f, true);
            } else if (batch < t) {
                int[] rows = new int[batch];
                for (int r = 0; r < batch; r++) {
                    rows[r] = rng.nextInt(t);
                }
                step = train.rows(rows);
            } else {
                step = train;
            }
            int size = step.size();
            float scale = 2f / ((float) size * n);
            idx.build(w, 0, b, 0, imp, 0);
            double[] mom = new double[DatasetKernel.momentSize(m)];
            k.accumulate(step, 0, size, w, 0, b, 0, imp, 0, idx, scale, gw, gb, mom);
            DatasetKernel.linear(idx, n, m, w, 0, b, 0, imp, 0, mom, scale, gw, gb);
            pts += size;
            double lr = 1e-3 * (s < warmup ? (s + 1.0) / warmup : 1.0) * Math.cos(0.5 * Math.PI * s / (steps - 1));
            uw.stepFromDouble(w, gw, lr, s + 1);
            ub.stepFromDouble(b, gb, lr, s + 1);
            if ((s + 1) % Math.max(1, steps / 10) == 0) {
                System.out.printf(
                        "step %d visited/pt %.0f firing/pt %.0f cpu ms/step %.2f%n",
                        s + 1,
                        k.visited / (double) pts,
                        k.firing / (double) pts,
                        (cpu() - c0) / 1e6 / Math.max(1, steps / 10));
                k.visited = 0;
                k.firing = 0;
                pts = 0;
                c0 = cpu();
            }
        }
        double total = (cpu() - start) / 1e9;
        SparsePoints test = SparsePoints.draw(Rng.forStream(seed, 0, 13), 10000, n, 0.001f, true);
        float testLoss = DatasetTrainer.meanLoss(n, m, w, b, imp, 0, new SparsePoints[] {test}, 1)[0];
        float trainLoss =
                t > 0 ? DatasetTrainer.meanLoss(n, m, w, b, imp, 0, new SparsePoints[] {train}, 1)[0] : Float.NaN;
        double[][] wf = new double[n][m];
        int big = 0;
        double negBias = 0;
        for (int j = 0; j < n; j++) {
            wf[j][0] = w[j * m];
            wf[j][1] = w[j * m + 1];
            if (Math.hypot(wf[j][0], wf[j][1]) > 0.5) {
                big++;
                negBias += b[j];
            }
        }
        double dFeat = PointDimensionality.weightedMean(wf, PointDimensionality.of(wf));
        SparsePoints hp = t > 0 ? train : test;
        double[][] h = new double[hp.size()][m];
        for (int p = 0; p < hp.size(); p++) {
            for (int e = hp.start(p); e < hp.end(p); e++) {
                h[p][0] += hp.value(e) * wf[hp.feature(e)][0];
                h[p][1] += hp.value(e) * wf[hp.feature(e)][1];
            }
        }
        double dPoint = PointDimensionality.weightedMean(h, PointDimensionality.of(h));
        System.out.printf(
                "RESULT T %d batch %d steps %d train %.5g test %.5g meanPointD %.4g meanFeatD %.4g features>0.5 %d"
                        + " (mean b %.3g) cpu s %.1f%n",
                t, batch, steps, trainLoss, testLoss, dPoint, dFeat, big, big == 0 ? 0 : negBias / big, total);
    }

    private static long cpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }
}
