package io.github.superpose.sim.fast;

import java.util.Arrays;

/**
 * Closed form for the samples of a hidden-ReLU batch that hold exactly one active feature
 * (h = ReLU(W x), x' = ReLU(Wᵀ h + b), tied W {@code [features, hidden]}, inputs ≥ 0). At low
 * density most non-empty samples are such one-hot samples, and for them the model is linear
 * in the value: with x = v·e_f and v > 0, h = v·ReLU(W_f), so
 * <pre>  pre = b + v·c_f,   c_f = W ReLU(W_f)   (one n-vector per feature, computed once a step)</pre>
 * and every weight gradient is a function of {@code G_fk = Σ_s v_s g_sk} over the samples whose
 * feature is f (g = dL/dpre):
 * <pre>  decoder: dW_kj += Σ_f G_fk ReLU(W_fj)     encoder: dW_fj += [W_fj > 0] Σ_k W_kj G_fk</pre>
 * The n²·m sums are paid once per step. The samples themselves cost nothing per step beyond
 * their grouping: for each (f, k), the samples with pre > 0 (where g ≠ 0) are a prefix or a
 * suffix of feature f's values sorted once per batch, found by binary search with the same
 * per-sample test, and the error and G_fk are polynomials in v over them (degree 2), so prefix
 * sums of v and v² (in double) give them exactly up to rounding. The rounding differs from the
 * full pass, so the gradient agrees with the tape to float tolerance; it never depends on threads.
 */
final class OneHotSamples {
    private final int n;
    private final int m;
    private final float[] importance;
    private final float[] coef;
    /** c_f = W ReLU(W_f) as {@code [f·n + k]}. */
    private final float[] c;
    /** G_fk = Σ_s v_s g_sk as {@code [f·n + k]}. */
    private final float[] grad;

    private final double[] dbSum;
    /** The one-hot samples of the current batch: feature and value, in batch order. */
    final int[] feature;
    /** Per-batch layout: feature group bounds and each group's values, sorted ascending. */
    private final int[] start;

    private final int[] next;
    private final float[] sorted;
    /** Prefix sums of the sorted values and of their squares: {@code sum1[i] = Σ_{s<i} v_s}. */
    private final double[] sum1;

    private final double[] sum2;
    final float[] value;
    int count;

    /** @param coef per-feature scale of dL/dout: 2·I_f / (batch·n), as the full pass uses */
    OneHotSamples(int n, int m, int batch, float[] importance, float[] coef) {
        this.n = n;
        this.m = m;
        this.importance = importance;
        this.coef = coef;
        this.c = new float[n * n];
        this.grad = new float[n * n];
        this.dbSum = new double[n];
        this.feature = new int[batch];
        this.value = new float[batch];
        this.start = new int[n + 1];
        this.next = new int[n];
        this.sorted = new float[batch];
        this.sum1 = new double[batch + 1];
        this.sum2 = new double[batch + 1];
    }

    /**
     * Groups the batch's one-hot samples by feature (stably), so each (f, k) pass of
     * {@link #addGradient} is one loop over values. Once per batch, before addGradient (which
     * may then run for several instances on the same batch).
     */
    void group() {
        Arrays.fill(start, 0);
        for (int i = 0; i < count; i++) {
            start[feature[i] + 1]++;
        }
        for (int f = 0; f < n; f++) {
            start[f + 1] += start[f];
        }
        System.arraycopy(start, 0, next, 0, n);
        for (int i = 0; i < count; i++) {
            sorted[next[feature[i]]++] = value[i];
        }
        for (int f = 0; f < n; f++) {
            Arrays.sort(sorted, start[f], start[f + 1]);
        }
        for (int i = 0; i < count; i++) {
            double v = sorted[i];
            sum1[i + 1] = sum1[i] + v;
            sum2[i + 1] = sum2[i] + v * v;
        }
    }

    /**
     * First index in [lo, hi) (or hi) at which [v·c + b > 0] equals {@code active}, for a test
     * that holds on a prefix or suffix of the sorted values: {@code active} true finds the start
     * of a suffix (c > 0), false the end of a prefix (c < 0). Branch-free halving: whether a
     * value passes is a coin flip the branch predictor would miss.
     */
    private int boundary(float c, float b, int lo, int hi, boolean active) {
        int len = hi - lo;
        if (len == 0) {
            return lo;
        }
        int base = lo;
        while (len > 1) {
            int half = len >>> 1;
            boolean hit = (Math.fma(sorted[base + half - 1], c, b) > 0f) == active;
            base = hit ? base : base + half;
            len -= half;
        }
        return (Math.fma(sorted[base], c, b) > 0f) == active ? base : base + 1;
    }

    /**
     * Adds the one-hot samples' gradient to dW and db (which already hold the other samples');
     * returns their summed importance-weighted squared error (not yet divided by batch·n).
     * {@link #group} must have run on the current batch.
     */
    double addGradient(float[] W, float[] b, float[] dW, float[] db) {
        if (count == 0) {
            return 0;
        }
        for (int f = 0; f < n; f++) {
            for (int k = 0; k < n; k++) {
                float s = 0f;
                for (int j = 0; j < m; j++) {
                    s = Math.fma(W[k * m + j], Math.max(W[f * m + j], 0f), s);
                }
                c[f * n + k] = s;
            }
        }
        double loss = 0;
        Arrays.fill(dbSum, 0.0);
        for (int f = 0; f < n; f++) {
            int lo = start[f];
            int hi = start[f + 1];
            if (lo == hi) {
                java.util.Arrays.fill(grad, f * n, (f + 1) * n, 0f);
                continue;
            }
            for (int k = 0; k < n; k++) {
                float cfk = c[f * n + k];
                float bk = b[k];
                if (!Float.isFinite(cfk) || !Float.isFinite(bk)) {
                    // a diverged model: report it through the loss
                    loss = Double.NaN;
                }
                // the samples with pre = v·c + b > 0 (relu' is 0 at exactly 0, as in PyTorch) are a
                // prefix or suffix of the sorted values; the gate is the same test per sample
                int lo1 = lo;
                int hi1 = hi;
                if (cfk > 0f) {
                    lo1 = boundary(cfk, bk, lo, hi, true);
                } else if (cfk < 0f) {
                    hi1 = boundary(cfk, bk, lo, hi, false);
                } else if (!(bk > 0f)) {
                    hi1 = lo;
                }
                double s0 = hi1 - lo1;
                double s1 = sum1[hi1] - sum1[lo1];
                double s2 = sum2[hi1] - sum2[lo1];
                // on the active samples d = v·e + b with e = c − [k = f]; off them d = −v·[k = f], g = 0
                double e = k == f ? cfk - 1.0 : cfk;
                double err = e * e * s2 + 2.0 * e * bk * s1 + (double) bk * bk * s0;
                if (k == f) {
                    err += (sum2[hi] - sum2[lo]) - s2;
                }
                loss += importance[k] * err;
                grad[f * n + k] = (float) (coef[k] * (e * s2 + bk * s1));
                dbSum[k] += coef[k] * (e * s1 + bk * s0);
            }
        }
        for (int k = 0; k < n; k++) {
            db[k] += (float) dbSum[k];
        }
        for (int f = 0; f < n; f++) {
            int off = f * n;
            for (int j = 0; j < m; j++) {
                float wf = W[f * m + j];
                float h = Math.max(wf, 0f);
                float enc = 0f;
                for (int k = 0; k < n; k++) {
                    float gk = grad[off + k];
                    enc = Math.fma(W[k * m + j], gk, enc);
                    dW[k * m + j] = Math.fma(gk, h, dW[k * m + j]);
                }
                if (wf > 0f) {
                    dW[f * m + j] += enc;
                }
            }
        }
        return loss;
    }
}
