package io.github.superpose.sim.fast;

import io.github.superpose.core.Rng;

/**
 * Every instance's training state between two steps, gathered over instances: where a fused
 * job starts, and what {@link FusedListener#onCheckpoint} receives.
 *
 * @param step     steps done (the next step's index)
 * @param W        {@code [instances, features, hidden]}
 * @param b        {@code [instances, features]}
 * @param moments  Adam/AdamW moments {m_W, v_W, m_b, v_b} in the shapes of W and b; null for SGD
 *                 or for a fresh start (zeros)
 * @param rng      two state words per instance
 * @param lastLoss last logged loss per instance (NaN before the first log)
 */
public record FusedState(int step, float[] W, float[] b, float[][] moments, long[] rng, float[] lastLoss) {

    /** A fresh start: instance i draws from {@code Rng.forStream(job.seed(), i)}. */
    public static FusedState initial(FusedJob job, float[] W0, float[] b0) {
        long[] streams = new long[job.instances()];
        java.util.Arrays.setAll(streams, i -> i);
        return initial(job, W0, b0, streams);
    }

    /** A fresh start with instance i drawing from {@code Rng.forStream(job.seed(), streams[i])}. */
    public static FusedState initial(FusedJob job, float[] W0, float[] b0, long[] streams) {
        long[] rng = new long[2 * job.instances()];
        for (int i = 0; i < job.instances(); i++) {
            long[] s = Rng.forStream(job.seed(), streams[i]).state();
            rng[2 * i] = s[0];
            rng[2 * i + 1] = s[1];
        }
        float[] last = new float[job.instances()];
        java.util.Arrays.fill(last, Float.NaN);
        return new FusedState(0, W0, b0, null, rng, last);
    }
}
