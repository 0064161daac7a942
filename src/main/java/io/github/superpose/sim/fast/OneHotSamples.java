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
    }

    /**
     * Adds the one-hot samples' gradient to dW and db (which already hold the other samples');
     * returns their summed importance-weighted squared error (not yet divided by batch·n).
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
        double err = 0;
        for (int i = 0; i < count; i++) {
            int f = feature[i];
            float v = value[i];
            int off = f * n;
            float e = 0f;
            for (int k = 0; k < n; k++) {
                float pre = Math.fma(v, c[off + k], b[k]);
                float d = Math.max(pre, 0f) - (k == f ? v : 0f);
                e = Math.fma(importance[k] * d, d, e);
                // relu' is 0 at exactly 0, as in PyTorch
                float g = pre > 0f ? coef[k] * d : 0f;
                grad[off + k] = Math.fma(v, g, grad[off + k]);
                dbSum[k] += g;
            }
            err += e;
        }
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
        return err;
    }
}
