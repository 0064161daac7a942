package io.github.superpose.sim.fast;

/**
 * The finite-data loss and gradients of {@link DatasetKernel}, by brute force: for each point,
 * every feature's pre-activation w_j·h + b_j in one unit-stride loop over a feature-major copy
 * of W (one float array per hidden dimension, so the JIT vectorises it), then gradients only
 * for the pairs that fire. It needs no sorting and no per-step index, so it wins when
 * points × features is small (small training sets); the trainer
 * picks it when points × features ≤ {@link #BRUTE_PAIRS}. Gradients accumulate in double, as in the sparse kernel.
 *
 * <p>One kernel serves one task on one worker: scratch arrays are its own.
 *
 * <pre>double sum = brute.accumulate(points, 0, T, W, b, imp, 0, 2f / (T * n), gW, gb);</pre>
 */
final class BruteKernel {
    /**
     * Largest points × features a step takes by brute force. Measured at n = 10,000, m = 2 in the
     * first 1,000 steps (DatasetStepProbe, CPU ms per step): T = 3 brute 0.56 vs pruned 0.74,
     * T = 100 brute 4.2 vs pruned 2.4. While biases are near zero half of all pairs fire, so brute
     * force pays about 4 ns per pair; it wins only for the smallest sets.
     */
    static final long BRUTE_PAIRS = 1L << 18;

    private final int n;
    private final int m;
    private final float[][] wt;
    private final float[] pre;
    private final float[] target;
    private final float[] h;
    private final double[] gh;

    BruteKernel(int n, int m) {
        this.n = n;
        this.m = m;
        this.wt = new float[m][n];
        this.pre = new float[n];
        this.target = new float[n];
        this.h = new float[m];
        this.gh = new double[m];
    }

    /**
     * Adds, for points t0 .. t1−1, {@code gradScale}·∂/∂θ of Σ_j I_j (x'_j − x_j)² to gW [n, m]
     * and gb [n] (null: loss only) and returns that loss summed over the points. W [n, m] and b [n]
     * start at offset 0.
     */
    double accumulate(
            SparsePoints pts,
            int t0,
            int t1,
            float[] w,
            float[] b,
            float[] imp,
            int impOff,
            float gradScale,
            double[] gW,
            double[] gb) {
        for (int j = 0; j < n; j++) {
            for (int d = 0; d < m; d++) {
                wt[d][j] = w[j * m + d];
            }
        }
        double loss = 0;
        for (int t = t0; t < t1; t++) {
            loss += point(pts, t, w, b, imp, impOff, gradScale, gW, gb);
        }
        return loss;
    }

    private double point(
            SparsePoints pts,
            int t,
            float[] w,
            float[] b,
            float[] imp,
            int impOff,
            float gradScale,
            double[] gW,
            double[] gb) {
        int e0 = pts.start(t);
        int e1 = pts.end(t);
        java.util.Arrays.fill(h, 0f);
        for (int e = e0; e < e1; e++) {
            int a = pts.feature(e);
            float x = pts.value(e);
            for (int d = 0; d < m; d++) {
                h[d] += x * w[a * m + d];
            }
            target[a] = x;
        }
        preActivations(b);
        java.util.Arrays.fill(gh, 0);
        double loss = 0;
        for (int j = 0; j < n; j++) {
            float p = pre[j];
            float x = target[j];
            if (p > 0f || x != 0f) {
                float y = p > 0f ? p : 0f;
                float diff = y - x;
                loss += (double) imp[impOff + j] * diff * diff;
                if (p > 0f && gW != null) {
                    double g = gradScale * imp[impOff + j] * (double) diff;
                    int o = j * m;
                    for (int d = 0; d < m; d++) {
                        gW[o + d] += g * h[d];
                        gh[d] += g * w[o + d];
                    }
                    gb[j] += g;
                }
            }
        }
        for (int e = e0; e < e1; e++) {
            int a = pts.feature(e);
            target[a] = 0f;
            if (gW != null) {
                float x = pts.value(e);
                for (int d = 0; d < m; d++) {
                    gW[a * m + d] += x * gh[d];
                }
            }
        }
        return loss;
    }

    /** pre_j = (Σ_d w_jd h_d) + b_j in the sparse kernel's float order, so both paths agree on which pairs fire. */
    private void preActivations(float[] b) {
        if (m == 2) {
            float[] w0 = wt[0];
            float[] w1 = wt[1];
            float h0 = h[0];
            float h1 = h[1];
            for (int j = 0; j < n; j++) {
                pre[j] = (w0[j] * h0 + w1[j] * h1) + b[j];
            }
            return;
        }
        java.util.Arrays.fill(pre, 0f);
        for (int d = 0; d < m; d++) {
            float[] wd = wt[d];
            float hd = h[d];
            for (int j = 0; j < n; j++) {
                pre[j] += wd[j] * hd;
            }
        }
        for (int j = 0; j < n; j++) {
            pre[j] += b[j];
        }
    }
}
