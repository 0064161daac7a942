package io.github.superpose.sim.fast;

import io.github.superpose.core.Rng;

/** Manual probe (not a test): ms per training step of one n = 10,000, m = 2 instance, brute force and pruned. */
public final class DatasetStepProbe {
    public static void main(String[] a) {
        int n = 10000;
        int steps = Integer.parseInt(a[1]);
        for (String ts : a[0].split(",")) {
            int t = Integer.parseInt(ts);
            SparsePoints[] train = {SparsePoints.draw(Rng.forStream(0, 0, 11), t, n, 0.001f, true)};
            for (long pairs : a.length > 2 ? new long[] {Long.parseLong(a[2])} : new long[] {Long.MAX_VALUE, 0}) {
                DatasetJob job = new DatasetJob(
                        1,
                        n,
                        2,
                        train,
                        DatasetKernelTest.ones(n),
                        steps,
                        1 << 20,
                        s -> 1e-3 * Math.min(1, (s + 1) / 2500.0),
                        OptimizerKind.ADAMW,
                        0.9f,
                        0.999f,
                        1e-8f,
                        1e-2f,
                        1,
                        0,
                        0);
                long t0 =
                        java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                DatasetTrainer.train(job, start(n), 0, new FusedListener() {}, pairs);
                System.out.printf(
                        "T %d %s: %.3f cpu ms/step%n",
                        t,
                        pairs == 0 ? "pruned" : "brute",
                        (java.lang.management.ManagementFactory.getThreadMXBean()
                                                .getCurrentThreadCpuTime()
                                        - t0)
                                / 1e6
                                / steps);
            }
        }
    }

    /** The initial weights of {@link DatasetProbe} (Xavier-like, std √(2 / (n m + 18 m))), zero biases. */
    static FusedState start(int n) {
        int m = 2;
        float[] w = new float[n * m];
        Rng r = Rng.forStream(0, 0, 1);
        double std = Math.sqrt(2.0 / (n * m + 18.0 * m));
        for (int k = 0; k < w.length; k++) {
            w[k] = (float) (std * r.nextGaussian());
        }
        long[] st = Rng.forStream(2, 0).state();
        return new FusedState(0, w, new float[n], null, new long[] {st[0], st[1]}, new float[1]);
    }
}
