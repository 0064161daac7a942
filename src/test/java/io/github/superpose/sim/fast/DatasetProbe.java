package io.github.superpose.sim.fast;

import io.github.superpose.core.Rng;

/** Manual probe (not a test): steps/s and pruning counts of one finite-data instance. */
public final class DatasetProbe {
    public static void main(String[] a) {
        int n = 10000;
        int m = Integer.parseInt(a[1]);
        int T = Integer.parseInt(a[0]);
        int steps = Integer.parseInt(a[2]);
        int every = Integer.parseInt(a[3]);
        SparsePoints pts = SparsePoints.draw(Rng.forStream(0, 0, 11), T, n, 0.001f, true);
        float[] w = new float[n * m];
        Rng r = Rng.forStream(0, 0, 1);
        double std = Math.sqrt(2.0 / (n * m + 18.0 * m));
        for (int k = 0; k < w.length; k++) {
            w[k] = (float) (std * r.nextGaussian());
        }
        float[] b = new float[n];
        ParamUpdate uw = new ParamUpdate(OptimizerKind.ADAMW, 0.9f, 0.999f, 1e-8f, 1e-2f, n * m);
        ParamUpdate ub = new ParamUpdate(OptimizerKind.ADAMW, 0.9f, 0.999f, 1e-8f, 1e-2f, n);
        DatasetKernel k = new DatasetKernel(n, m);
        SectorIndex idx = new SectorIndex(n, m);
        float[] imp = new float[n];
        java.util.Arrays.fill(imp, 1f);
        long t0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        int total = Integer.parseInt(a[4]);
        for (int s = 0; s < steps; s++) {
            idx.build(w, 0, b, 0, imp, 0);
            double[] gw = new double[n * m];
            double[] gb = new double[n];
            double[] mom = new double[DatasetKernel.momentSize(m)];
            double loss = k.accumulate(pts, 0, T, w, 0, b, 0, imp, 0, idx, 2f / ((float) T * n), gw, gb, mom);
            loss += DatasetKernel.linear(idx, n, m, w, 0, b, 0, imp, 0, mom, 2f / ((float) T * n), gw, gb);
            float[] fw = new float[n * m];
            float[] fb = new float[n];
            for (int q = 0; q < fw.length; q++) {
                fw[q] = (float) gw[q];
            }
            for (int q = 0; q < n; q++) {
                fb[q] = (float) gb[q];
            }
            double lr = 1e-3 * Math.min(1, (s + 1) / 2500.0) * Math.cos(0.5 * Math.PI * s / (total - 1));
            uw.stepInPlace(w, fw, lr, s + 1);
            ub.stepInPlace(b, fb, lr, s + 1);
            if (s % every == 0 || s == steps - 1) {
                System.out.printf(
                        "step %d loss %.4g visited/pt %.1f firing/pt %.1f cpu ms/step %.2f alwaysN %d minTau %.3g%n",
                        s,
                        loss / ((double) T * n),
                        k.visited / (double) T,
                        k.firing / (double) T,
                        (java.lang.management.ManagementFactory.getThreadMXBean()
                                                .getCurrentThreadCpuTime()
                                        - t0)
                                / 1e6
                                / (s % every == 0 && s > 0 ? every : 1),
                        idx.alwaysEnd() - idx.alwaysStart(),
                        idx.minTau);
                k.visited = 0;
                k.firing = 0;
                t0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            }
        }
    }
}
