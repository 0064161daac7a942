package io.github.superpose.sim.fast;

import io.github.superpose.core.Rng;

/**
 * A fixed set of sparse input points: point t holds the active features
 * {@code feat[start[t] .. start[t+1])} with values {@code val[...]}. The finite-data experiments
 * (Henighan et al. 2023) train on one such set per instance and test on fresh ones.
 *
 * <pre>SparsePoints train = SparsePoints.draw(Rng.forStream(seed, instance, 11), 1000, 10_000, 0.001f, true);</pre>
 */
public final class SparsePoints {
    private final int features;
    private final int[] start;
    private final int[] feat;
    private final float[] val;

    /** @param start {@code [points + 1]} row offsets into feat and val */
    public SparsePoints(int features, int[] start, int[] feat, float[] val) {
        int count = start.length - 1;
        if (count < 0 || start[0] != 0 || start[count] > feat.length || feat.length != val.length) {
            throw new IllegalArgumentException(
                    "row offsets [" + start.length + "] do not fit " + feat.length + " entries");
        }
        this.features = features;
        this.start = start;
        this.feat = feat;
        this.val = val;
    }

    /**
     * {@code count} points with every feature active with probability {@code density}, values in
     * U[0,1), drawn as the fused samplers draw a batch; {@code unit} rescales each point with an
     * active feature to unit Euclidean norm (a point with none stays zero).
     */
    public static SparsePoints draw(Rng rng, int count, int features, float density, boolean unit) {
        float[] d = new float[features];
        java.util.Arrays.fill(d, density);
        BatchSampler s = new BatchSampler(rng, count, d);
        s.sample();
        int nnz = s.rowStart[count];
        int[] start = s.rowStart.clone();
        int[] feat = java.util.Arrays.copyOf(s.feat, nnz);
        float[] val = java.util.Arrays.copyOf(s.val, nnz);
        if (unit) {
            for (int t = 0; t < count; t++) {
                double sq = 0;
                for (int e = start[t]; e < start[t + 1]; e++) {
                    sq += (double) val[e] * val[e];
                }
                if (sq > 0) {
                    float inv = (float) (1.0 / Math.sqrt(sq));
                    for (int e = start[t]; e < start[t + 1]; e++) {
                        val[e] *= inv;
                    }
                }
            }
        }
        return new SparsePoints(features, start, feat, val);
    }

    public int size() {
        return start.length - 1;
    }

    public int features() {
        return features;
    }

    /** Index of point t's first entry. */
    public int start(int t) {
        return start[t];
    }

    /** One past point t's last entry. */
    public int end(int t) {
        return start[t + 1];
    }

    public int feature(int entry) {
        return feat[entry];
    }

    public float value(int entry) {
        return val[entry];
    }

    /** Points t0 .. t1−1 written densely into {@code out} ([t1 − t0, features], zeros elsewhere). */
    public void dense(int t0, int t1, float[] out) {
        java.util.Arrays.fill(out, 0, (t1 - t0) * features, 0f);
        for (int t = t0; t < t1; t++) {
            for (int e = start[t]; e < start[t + 1]; e++) {
                out[(t - t0) * features + feat[e]] = val[e];
            }
        }
    }

    /** The points listed in {@code rows} (repeats allowed), in that order: a minibatch. */
    public SparsePoints rows(int[] rows) {
        int nnz = 0;
        for (int r : rows) {
            nnz += start[r + 1] - start[r];
        }
        int[] s = new int[rows.length + 1];
        int[] f = new int[nnz];
        float[] v = new float[nnz];
        int k = 0;
        for (int i = 0; i < rows.length; i++) {
            int len = start[rows[i] + 1] - start[rows[i]];
            System.arraycopy(feat, start[rows[i]], f, k, len);
            System.arraycopy(val, start[rows[i]], v, k, len);
            k += len;
            s[i + 1] = k;
        }
        return new SparsePoints(features, s, f, v);
    }
}
