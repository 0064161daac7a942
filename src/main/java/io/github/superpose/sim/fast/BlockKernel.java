package io.github.superpose.sim.fast;

import java.util.Arrays;

/**
 * Dense-input kernel: forward, backward and gradient accumulation fused over chunks of
 * {@link #S} samples, stored feature-major inside the chunk ({@code x[f*S + s]}) so every pass
 * is a fixed-length axpy over samples that C2 turns into SIMD code (no incubator module needed).
 * Rows of x or g that are zero for the whole chunk are skipped.
 * Small models keep per-lane dW accumulators {@code [n, m, S]}; large ones accumulate dW
 * row by row from transposed h and dh.
 */
final class BlockKernel implements GradKernel {
    static final int S = 64;
    private static final int MAX_LANE_ACCUMULATORS = 1 << 16;

    private final int n;
    private final int m;
    private final int batch;
    private final boolean relu;
    private final float[] importance;
    private final float[] coef;
    private final float[] x;
    private final float[] h;
    private final float[] pre;
    private final float[] g;
    private final float[] dh;
    private final float[] mask = new float[S];
    private final float[] lossAcc = new float[S];
    private final float[] dbAcc;
    private final boolean[] xRow;
    private final boolean[] gRow;
    private final boolean laneAcc;
    private final float[] dWAcc;
    private final float[] hT;
    private final float[] dhT;

    BlockKernel(int n, int m, int batch, boolean relu, float[] importance) {
        this.n = n;
        this.m = m;
        this.batch = batch;
        this.relu = relu;
        this.importance = importance.clone();
        this.coef = new float[n];
        for (int f = 0; f < n; f++) {
            coef[f] = (float) (2.0 * importance[f] / ((double) batch * n));
        }
        x = new float[n * S];
        h = new float[m * S];
        pre = new float[n * S];
        g = new float[n * S];
        dh = new float[m * S];
        dbAcc = new float[n * S];
        xRow = new boolean[n];
        gRow = new boolean[n];
        laneAcc = (long) n * m * S <= MAX_LANE_ACCUMULATORS;
        dWAcc = laneAcc ? new float[n * m * S] : null;
        hT = laneAcc ? null : new float[S * m];
        dhT = laneAcc ? null : new float[S * m];
    }

    @Override
    public double lossAndGrad(float[] W, float[] b, BatchSampler data, float[] dW, float[] db) {
        Arrays.fill(lossAcc, 0f);
        Arrays.fill(dbAcc, 0f);
        Arrays.fill(dW, 0f);
        if (laneAcc) {
            Arrays.fill(dWAcc, 0f);
        }
        for (int c0 = 0; c0 < batch; c0 += S) {
            int len = Math.min(S, batch - c0);
            load(data, c0, len);
            forward(W, b);
            backward(W);
            accumulate(dW);
        }
        return reduce(dW, db);
    }

    /** Scatters samples [c0, c0+len) into the chunk; lanes past len are masked out. */
    private void load(BatchSampler data, int c0, int len) {
        Arrays.fill(x, 0f);
        Arrays.fill(xRow, false);
        for (int s = 0; s < S; s++) {
            mask[s] = s < len ? 1f : 0f;
        }
        int[] rowStart = data.rowStart;
        int[] feat = data.feat;
        float[] val = data.val;
        for (int s = 0; s < len; s++) {
            for (int e = rowStart[c0 + s], hi = rowStart[c0 + s + 1]; e < hi; e++) {
                x[feat[e] * S + s] = val[e];
                xRow[feat[e]] = true;
            }
        }
    }

    private void forward(float[] W, float[] b) {
        Arrays.fill(h, 0f);
        for (int f = 0; f < n; f++) {
            if (xRow[f]) {
                for (int j = 0; j < m; j++) {
                    axpy(h, j * S, W[f * m + j], x, f * S);
                }
            }
        }
        for (int f = 0; f < n; f++) {
            int fo = f * S;
            Arrays.fill(pre, fo, fo + S, b[f]);
            for (int j = 0; j < m; j++) {
                axpy(pre, fo, W[f * m + j], h, j * S);
            }
            gate(f, fo);
        }
    }

    /** Error, loss and dL/dpre for feature row f. */
    private void gate(int f, int fo) {
        float imp = importance[f];
        float c = coef[f];
        for (int s = 0; s < S; s++) {
            float p = pre[fo + s];
            float out = relu ? Math.max(p, 0f) : p;
            float d = (out - x[fo + s]) * mask[s];
            lossAcc[s] += imp * d * d;
            g[fo + s] = c * d;
        }
        boolean any = false;
        if (relu) {
            // relu' is 0 at exactly 0, as in PyTorch
            for (int s = 0; s < S; s++) {
                if (pre[fo + s] <= 0f) {
                    g[fo + s] = 0f;
                }
            }
        }
        for (int s = 0; s < S; s++) {
            float gs = g[fo + s];
            dbAcc[fo + s] += gs;
            any |= gs != 0f;
        }
        gRow[f] = any;
    }

    private void backward(float[] W) {
        Arrays.fill(dh, 0f);
        for (int f = 0; f < n; f++) {
            if (gRow[f]) {
                for (int j = 0; j < m; j++) {
                    axpy(dh, j * S, W[f * m + j], g, f * S);
                }
            }
        }
    }

    /** dW_f += Σ_s g_sf h_s + x_sf dh_s. */
    private void accumulate(float[] dW) {
        if (laneAcc) {
            for (int f = 0; f < n; f++) {
                for (int j = 0; j < m; j++) {
                    int o = (f * m + j) * S;
                    if (gRow[f]) {
                        mul(dWAcc, o, g, f * S, h, j * S);
                    }
                    if (xRow[f]) {
                        mul(dWAcc, o, x, f * S, dh, j * S);
                    }
                }
            }
            return;
        }
        for (int j = 0; j < m; j++) {
            for (int s = 0; s < S; s++) {
                hT[s * m + j] = h[j * S + s];
                dhT[s * m + j] = dh[j * S + s];
            }
        }
        for (int f = 0; f < n; f++) {
            for (int s = 0; s < S; s++) {
                float gs = g[f * S + s];
                float xs = x[f * S + s];
                if (gs != 0f) {
                    axpyRow(dW, f * m, gs, hT, s * m, m);
                }
                if (xs != 0f) {
                    axpyRow(dW, f * m, xs, dhT, s * m, m);
                }
            }
        }
    }

    private double reduce(float[] dW, float[] db) {
        if (laneAcc) {
            for (int k = 0; k < n * m; k++) {
                dW[k] = sumLanes(dWAcc, k * S);
            }
        }
        for (int f = 0; f < n; f++) {
            db[f] = sumLanes(dbAcc, f * S);
        }
        double loss = 0;
        for (int s = 0; s < S; s++) {
            loss += lossAcc[s];
        }
        return loss / ((double) batch * n);
    }

    /** Pairwise-free lane sum in a fixed order (8 partial sums, then those). */
    private static float sumLanes(float[] a, int o) {
        float[] part = new float[8];
        for (int s = 0; s < S; s += 8) {
            for (int l = 0; l < 8; l++) {
                part[l] += a[o + s + l];
            }
        }
        float t = 0f;
        for (int l = 0; l < 8; l++) {
            t += part[l];
        }
        return t;
    }

    private static void axpy(float[] y, int yo, float a, float[] v, int vo) {
        for (int s = 0; s < S; s++) {
            y[yo + s] += a * v[vo + s];
        }
    }

    private static void mul(float[] y, int yo, float[] u, int uo, float[] v, int vo) {
        for (int s = 0; s < S; s++) {
            y[yo + s] += u[uo + s] * v[vo + s];
        }
    }

    private static void axpyRow(float[] y, int yo, float a, float[] v, int vo, int len) {
        for (int k = 0; k < len; k++) {
            y[yo + k] += a * v[vo + k];
        }
    }
}
