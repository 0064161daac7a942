package io.github.superpose.sim.fast;

import java.util.Arrays;

/**
 * Sparse-input kernel. With G = W Wᵀ ({@code [n, n]}) the pre-activation of a sample is
 * pre = b + Σ_active x_k G_k, which costs n per active feature instead of n·m per sample.
 * The tied gradient dL/dW_f = Σ_s g_sf h_s + x_sf dh_s collapses to dW = (M + Mᵀ) W with
 * M[k][f] = Σ_s x_sk g_sf, again n per active feature. All-zero samples (h = 0, x' = act(b))
 * are counted and handled once in closed form.
 *
 * <p>Rows of G and M are stored with a stride np (= n here), so a padded SIMD layout can be
 * added later without touching the index arithmetic.
 */
final class GramKernel implements GradKernel {
    /** Squared errors are summed in float per feature over this many samples, then in double. */
    private static final int FLUSH_EVERY = 64;

    private final int n;
    private final int np;
    private final int m;
    private final int batch;
    private final boolean relu;
    private final float[] importance;
    /** 2·I_f / (batch·n): d(loss)/d(x'_f) per unit error; 0 in the padding. */
    private final float[] coef;

    private final float[] gram;
    private final float[] moment;
    private final float[] bPad;
    private final float[] dbPad;
    private final float[] pre;
    private final float[] g;
    private final float[] xDense;
    /** Recent squared errors per feature, float (flushed into sqErr every FLUSH_EVERY samples). */
    private final float[] sqErrF;
    /** Σ over non-empty samples of (x'_f − x_f)², per feature. */
    private final double[] sqErr;

    GramKernel(int n, int m, int batch, boolean relu, float[] importance) {
        this.n = n;
        this.np = n;
        this.m = m;
        this.batch = batch;
        this.relu = relu;
        this.importance = importance.clone();
        this.coef = new float[np];
        for (int f = 0; f < n; f++) {
            coef[f] = (float) (2.0 * importance[f] / ((double) batch * n));
        }
        this.gram = new float[n * np];
        this.moment = new float[n * np];
        this.bPad = new float[np];
        this.dbPad = new float[np];
        this.pre = new float[np];
        this.g = new float[np];
        this.xDense = new float[np];
        this.sqErrF = new float[np];
        this.sqErr = new double[n];
    }

    @Override
    public double lossAndGrad(float[] W, float[] b, BatchSampler batchData, float[] dW, float[] db) {
        computeGram(W);
        Arrays.fill(moment, 0f);
        Arrays.fill(dbPad, 0f);
        System.arraycopy(b, 0, bPad, 0, n);
        int[] rowStart = batchData.rowStart;
        int[] feat = batchData.feat;
        float[] val = batchData.val;
        Arrays.fill(sqErr, 0.0);
        Arrays.fill(sqErrF, 0f);
        int zeros = 0;
        int sinceFlush = 0;
        for (int s = 0; s < batch; s++) {
            int lo = rowStart[s];
            int hi = rowStart[s + 1];
            if (lo == hi) {
                zeros++;
                continue;
            }
            sample(feat, val, lo, hi);
            if (++sinceFlush == FLUSH_EVERY) {
                flush();
                sinceFlush = 0;
            }
        }
        flush();
        double loss = 0;
        for (int f = 0; f < n; f++) {
            loss += importance[f] * sqErr[f];
        }
        System.arraycopy(dbPad, 0, db, 0, n);
        if (zeros > 0) {
            loss += zeroSamples(b, zeros, db);
        }
        symmetricTimesW(W, dW);
        return loss / ((double) batch * n);
    }

    private void flush() {
        for (int f = 0; f < n; f++) {
            sqErr[f] += sqErrF[f];
            sqErrF[f] = 0f;
        }
    }

    /** Hot loop: one sample with active entries [lo, hi). */
    private void sample(int[] feat, float[] val, int lo, int hi) {
        System.arraycopy(bPad, 0, pre, 0, n);
        for (int e = lo; e < hi; e++) {
            int k = feat[e];
            float xk = val[e];
            xDense[k] = xk;
            int off = k * np;
            for (int f = 0; f < n; f++) {
                pre[f] += xk * gram[off + f];
            }
        }
        // Branch-free: with ReLU about half the features are gated off at random, and a
        // mispredicted branch per feature cost more than the arithmetic. Squared errors go into
        // one accumulator per feature (independent chains, no serial sum over features).
        for (int f = 0; f < n; f++) {
            float p = pre[f];
            int bits = Float.floatToRawIntBits(p);
            // all ones iff p > 0 as a signed int, i.e. p > 0 (relu' is 0 at exactly 0, as in
            // PyTorch; -0 and negatives give 0); masking gives max(p, 0) and the gated gradient
            int on = relu ? ((-bits) & ~bits) >> 31 : -1;
            float out = Float.intBitsToFloat(bits & on);
            float d = out - xDense[f];
            sqErrF[f] += d * d;
            float gf = Float.intBitsToFloat(Float.floatToRawIntBits(coef[f] * d) & on);
            g[f] = gf;
            dbPad[f] += gf;
        }
        for (int e = lo; e < hi; e++) {
            int k = feat[e];
            float xk = val[e];
            xDense[k] = 0f;
            int off = k * np;
            for (int f = 0; f < n; f++) {
                moment[off + f] += xk * g[f];
            }
        }
    }

    /** {@code zeros} samples with x = 0: x' = act(b), gradient only on b. */
    private double zeroSamples(float[] b, int zeros, float[] db) {
        double err = 0;
        for (int f = 0; f < n; f++) {
            float p = b[f];
            float out = relu ? Math.max(p, 0f) : p;
            err += (double) importance[f] * out * out * zeros;
            float gf = (relu && p <= 0f) ? 0f : coef[f] * out;
            db[f] += gf * zeros;
        }
        return err;
    }

    private void computeGram(float[] W) {
        for (int k = 0; k < n; k++) {
            for (int f = k; f < n; f++) {
                float s = 0f;
                for (int j = 0; j < m; j++) {
                    s += W[k * m + j] * W[f * m + j];
                }
                gram[k * np + f] = s;
                gram[f * np + k] = s;
            }
        }
    }

    /** dW = (M + Mᵀ) W. */
    private void symmetricTimesW(float[] W, float[] dW) {
        Arrays.fill(dW, 0f);
        for (int f = 0; f < n; f++) {
            int out = f * m;
            for (int k = 0; k < n; k++) {
                float c = moment[k * np + f] + moment[f * np + k];
                if (c == 0f) {
                    continue;
                }
                int in = k * m;
                for (int j = 0; j < m; j++) {
                    dW[out + j] += c * W[in + j];
                }
            }
        }
    }
}
