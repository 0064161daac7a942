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
 * A sample then costs O(n) instead of the full pass's O(n·m), and the two n²·m sums are paid
 * once per step. The rounding differs from the full pass (products are grouped otherwise), so
 * the gradient agrees with the tape to float tolerance; it never depends on threads.
 */
final class OneHotSamples {
    /** 2^100: (p·2^100)·2^100 ≥ 1 for every positive float p, so the gate is exactly 0 or 1. */
    private static final float HUGE = 0x1.0p100f;

    private final int n;
    private final int m;
    private final float[] importance;
    private final float[] coef;
    /** c_f = W ReLU(W_f) as {@code [f·n + k]}. */
    private final float[] c;
    /** G_fk = Σ_s v_s g_sk as {@code [f·n + k]}. */
    private final float[] grad;

    private final float[] dbSum;
    /** The one-hot samples of the current batch: feature and value, in batch order. */
    final int[] feature;
    /** Per-step scratch: feature group bounds, values grouped by feature, per-sample error and g. */
    private final int[] start;

    private final int[] next;
    private final float[] sorted;
    private final float[] err;
    private final float[] gs;
    private final float[] gv;
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
        this.dbSum = new float[n];
        this.feature = new int[batch];
        this.value = new float[batch];
        this.start = new int[n + 1];
        this.next = new int[n];
        this.sorted = new float[batch];
        this.err = new float[batch];
        this.gs = new float[batch];
        this.gv = new float[batch];
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
        Arrays.fill(grad, 0f);
        Arrays.fill(dbSum, 0f);
        Arrays.fill(err, 0, count, 0f);
        for (int f = 0; f < n; f++) {
            int lo = start[f];
            int hi = start[f + 1];
            if (lo == hi) {
                continue;
            }
            for (int k = 0; k < n; k++) {
                float cfk = c[f * n + k];
                float bk = b[k];
                float imp = importance[k];
                float ck = coef[k];
                float target = k == f ? 1f : 0f;
                for (int s = lo; s < hi; s++) {
                    float v = sorted[s];
                    float pre = Math.fma(v, cfk, bk);
                    float d = Math.max(pre, 0f) - target * v;
                    err[s] = Math.fma(imp * d, d, err[s]);
                    // relu' is 0 at exactly 0, as in PyTorch: the gate is exactly 0 or 1, branch-free
                    float g = ck * d * Math.min(Math.max(pre * HUGE * HUGE, 0f), 1f);
                    gs[s] = g;
                    gv[s] = v * g;
                }
                grad[f * n + k] = sum(gv, lo, hi);
                dbSum[k] += sum(gs, lo, hi);
            }
        }
        double loss = sum(err, 0, count);
        for (int k = 0; k < n; k++) {
            db[k] += dbSum[k];
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

    /** a[lo] + ... + a[hi - 1] in a fixed order: eight running sums, then those. */
    private static float sum(float[] a, int lo, int hi) {
        float p0 = 0, p1 = 0, p2 = 0, p3 = 0, p4 = 0, p5 = 0, p6 = 0, p7 = 0;
        int s = lo;
        for (; s + 7 < hi; s += 8) {
            p0 += a[s];
            p1 += a[s + 1];
            p2 += a[s + 2];
            p3 += a[s + 3];
            p4 += a[s + 4];
            p5 += a[s + 5];
            p6 += a[s + 6];
            p7 += a[s + 7];
        }
        for (; s < hi; s++) {
            p0 += a[s];
        }
        return ((p0 + p1) + (p2 + p3)) + ((p4 + p5) + (p6 + p7));
    }
}
