package io.github.superpose.sim.fast;

import java.util.Arrays;

/**
 * Dense-input kernel: forward, backward and gradient accumulation fused over chunks of S
 * samples. Each quantity is stored feature-major as one {@code float[S]} row per feature or
 * hidden unit, so every pass is an axpy over whole arrays that C2 turns into SIMD code (on
 * JDK 17 C2 does not vectorise loops whose arrays carry different base offsets, hence rows
 * rather than one flat array; no incubator module is needed). Rows of x or g that are zero for
 * the whole chunk are skipped. dW is accumulated per lane ({@code [n·m][S]}) and the lanes are
 * summed once per batch, so this kernel is for small models ({@link #fits}); larger ones use
 * {@link PanelKernel}.
 */
final class BlockKernel implements GradKernel {
    /** Per-lane dW accumulators are used while n·m·S stays below this (L1/L2 sized). */
    private static final int MAX_LANE_ACCUMULATORS = 1 << 14;
    /** 2^100: (p·2^100)·2^100 ≥ 1 for every positive float p, so gate() is exactly 0 or 1. */
    private static final float HUGE = 0x1.0p100f;

    private final int n;
    private final int m;
    private final int batch;
    private final int lanes;
    private final boolean relu;
    private final float[] importance;
    private final float[] coef;
    private final float[][] x;
    private final float[][] h;
    private final float[][] pre;
    private final float[][] g;
    private final float[][] dh;
    private final float[] mask;
    private final float[] gate;
    private final float[] lossAcc;
    private final float[][] dbAcc;
    private final boolean[] xRow;
    private final boolean[] gRow;
    private final float[][] dWAcc;
    /** Scratch: indices of the non-zero rows of x or g in the current chunk. */
    private final int[] rows;

    BlockKernel(int n, int m, int batch, boolean relu, float[] importance) {
        if (!fits(n, m, batch)) {
            throw new IllegalArgumentException("model too large for per-lane accumulators: " + n + " x " + m);
        }
        this.n = n;
        this.m = m;
        this.batch = batch;
        this.lanes = lanes(batch);
        this.relu = relu;
        this.importance = importance.clone();
        this.coef = new float[n];
        for (int f = 0; f < n; f++) {
            coef[f] = (float) (2.0 * importance[f] / ((double) batch * n));
        }
        x = new float[n][lanes];
        h = new float[m][lanes];
        pre = new float[n][lanes];
        g = new float[n][lanes];
        dh = new float[m][lanes];
        mask = new float[lanes];
        gate = new float[lanes];
        lossAcc = new float[lanes];
        dbAcc = new float[n][lanes];
        xRow = new boolean[n];
        gRow = new boolean[n];
        dWAcc = new float[n * m][lanes];
        rows = new int[n];
    }

    /** Whether the per-lane dW accumulators of an n × m model stay small enough for this kernel. */
    static boolean fits(int n, int m, int batch) {
        return (long) n * m * lanes(batch) <= MAX_LANE_ACCUMULATORS;
    }

    private static int lanes(int batch) {
        return batch >= 128 ? 128 : 64;
    }

    @Override
    public double lossAndGrad(float[] W, float[] b, BatchSampler data, float[] dW, float[] db) {
        Arrays.fill(lossAcc, 0f);
        zero(dbAcc);
        zero(dWAcc);
        for (int c0 = 0; c0 < batch; c0 += lanes) {
            load(data, c0, Math.min(lanes, batch - c0));
            forward(W, b);
            backward(W);
            accumulate();
        }
        return reduce(dW, db);
    }

    /**
     * Scatters samples [c0, c0+len) into the chunk; lanes past len are masked out. When every
     * sample holds all n features (in feature order, as the sampler writes them) the scatter is
     * a plain transpose. A row of x is marked non-zero after the scatter rather than per entry
     * (one store per entry fewer); a row whose drawn values are all exactly 0 counts as zero,
     * which changes no sum.
     */
    private void load(BatchSampler data, int c0, int len) {
        zero(x);
        for (int s = 0; s < lanes; s++) {
            mask[s] = s < len ? 1f : 0f;
        }
        int[] rowStart = data.rowStart;
        int[] feat = data.feat;
        float[] val = data.val;
        float[][] xs = x;
        int base = rowStart[c0];
        if (rowStart[c0 + len] - base == len * n) {
            for (int f = 0; f < n; f++) {
                float[] xf = xs[f];
                for (int s = 0, e = base + f; s < len; s++, e += n) {
                    xf[s] = val[e];
                }
            }
        } else {
            for (int s = 0; s < len; s++) {
                for (int e = rowStart[c0 + s], hi = rowStart[c0 + s + 1]; e < hi; e++) {
                    xs[feat[e]][s] = val[e];
                }
            }
        }
        for (int f = 0; f < n; f++) {
            xRow[f] = anyNonZero(xs[f]);
        }
    }

    /**
     * h_j = Σ_f W_fj x_f over the non-zero rows of x, then pre_f = b_f + Σ_j W_fj h_j. Rows are
     * taken four at a time as one nested fma per lane: the same rounding sequence as one axpy
     * per row, but each output row is loaded and stored once per four rows instead of once per row.
     */
    private void forward(float[] W, float[] b) {
        int nx = activeRows(xRow, rows);
        for (int j = 0; j < m; j++) {
            float[] hj = h[j];
            Arrays.fill(hj, 0f);
            sumRows(hj, W, j, rows, nx, x);
        }
        for (int f = 0; f < n; f++) {
            float[] p = pre[f];
            Arrays.fill(p, b[f]);
            int j = 0;
            for (; j + 3 < m; j += 4) {
                float w0 = W[f * m + j];
                float w1 = W[f * m + j + 1];
                float w2 = W[f * m + j + 2];
                float w3 = W[f * m + j + 3];
                float[] h0 = h[j];
                float[] h1 = h[j + 1];
                float[] h2 = h[j + 2];
                float[] h3 = h[j + 3];
                for (int s = 0; s < p.length; s++) {
                    p[s] = Math.fma(w3, h3[s], Math.fma(w2, h2[s], Math.fma(w1, h1[s], Math.fma(w0, h0[s], p[s]))));
                }
            }
            for (; j < m; j++) {
                axpy(p, W[f * m + j], h[j]);
            }
            gate(f);
        }
    }

    /** Indices of the true entries of flags, in order, into out; returns their count. */
    private int activeRows(boolean[] flags, int[] out) {
        int k = 0;
        for (int f = 0; f < n; f++) {
            if (flags[f]) {
                out[k++] = f;
            }
        }
        return k;
    }

    /** y += Σ_{r < count} W[rows[r]·m + j] · v[rows[r]], in row order, four rows per pass. */
    private void sumRows(float[] y, float[] W, int j, int[] rows, int count, float[][] v) {
        int r = 0;
        for (; r + 3 < count; r += 4) {
            float a0 = W[rows[r] * m + j];
            float a1 = W[rows[r + 1] * m + j];
            float a2 = W[rows[r + 2] * m + j];
            float a3 = W[rows[r + 3] * m + j];
            float[] v0 = v[rows[r]];
            float[] v1 = v[rows[r + 1]];
            float[] v2 = v[rows[r + 2]];
            float[] v3 = v[rows[r + 3]];
            for (int s = 0; s < y.length; s++) {
                y[s] = Math.fma(a3, v3[s], Math.fma(a2, v2[s], Math.fma(a1, v1[s], Math.fma(a0, v0[s], y[s]))));
            }
        }
        for (; r < count; r++) {
            axpy(y, W[rows[r] * m + j], v[rows[r]]);
        }
    }

    /** Error, loss and dL/dpre for feature row f. */
    private void gate(int f) {
        float imp = importance[f];
        float c = coef[f];
        float[] p = pre[f];
        float[] xf = x[f];
        float[] gf = g[f];
        float[] dbf = dbAcc[f];
        if (relu) {
            // relu' is 0 at exactly 0, as in PyTorch: gate = 1 iff p > 0, computed branch-free
            for (int s = 0; s < lanes; s++) {
                gate[s] = Math.min(Math.max(p[s] * HUGE * HUGE, 0f), 1f) * mask[s];
            }
        }
        float[] gt = relu ? gate : mask;
        for (int s = 0; s < lanes; s++) {
            float out = relu ? Math.max(p[s], 0f) : p[s];
            float d = (out - xf[s]) * mask[s];
            lossAcc[s] = Math.fma(imp * d, d, lossAcc[s]);
            float gs = c * d * gt[s];
            gf[s] = gs;
            dbf[s] += gs;
        }
        gRow[f] = relu ? anyNonZero(gf) : true;
    }

    private void backward(float[] W) {
        int ng = activeRows(gRow, rows);
        for (int j = 0; j < m; j++) {
            float[] dhj = dh[j];
            Arrays.fill(dhj, 0f);
            sumRows(dhj, W, j, rows, ng, g);
        }
    }

    /** dW_f += Σ_s g_sf h_s + x_sf dh_s. */
    private void accumulate() {
        for (int f = 0; f < n; f++) {
            for (int j = 0; j < m; j++) {
                float[] acc = dWAcc[f * m + j];
                if (gRow[f] && xRow[f]) {
                    // both terms in one pass, same order as two separate passes
                    mul2(acc, g[f], h[j], x[f], dh[j]);
                } else if (gRow[f]) {
                    mul(acc, g[f], h[j]);
                } else if (xRow[f]) {
                    mul(acc, x[f], dh[j]);
                }
            }
        }
    }

    private double reduce(float[] dW, float[] db) {
        for (int k = 0; k < n * m; k++) {
            dW[k] = sumLanes(dWAcc[k]);
        }
        for (int f = 0; f < n; f++) {
            db[f] = sumLanes(dbAcc[f]);
        }
        double loss = 0;
        for (int s = 0; s < lanes; s++) {
            loss += lossAcc[s];
        }
        return loss / ((double) batch * n);
    }

    /** Lane sum in a fixed order: eight partial sums, then those. */
    static float sumLanes(float[] a) {
        float p0 = 0, p1 = 0, p2 = 0, p3 = 0, p4 = 0, p5 = 0, p6 = 0, p7 = 0;
        for (int s = 0; s < a.length; s += 8) {
            p0 += a[s];
            p1 += a[s + 1];
            p2 += a[s + 2];
            p3 += a[s + 3];
            p4 += a[s + 4];
            p5 += a[s + 5];
            p6 += a[s + 6];
            p7 += a[s + 7];
        }
        return ((p0 + p1) + (p2 + p3)) + ((p4 + p5) + (p6 + p7));
    }

    private static boolean anyNonZero(float[] a) {
        for (float v : a) {
            if (v != 0f) {
                return true;
            }
        }
        return false;
    }

    static void axpy(float[] y, float a, float[] v) {
        for (int s = 0; s < y.length; s++) {
            y[s] = Math.fma(a, v[s], y[s]);
        }
    }

    private static void mul(float[] y, float[] u, float[] v) {
        for (int s = 0; s < y.length; s++) {
            y[s] = Math.fma(u[s], v[s], y[s]);
        }
    }

    private static void mul2(float[] y, float[] u, float[] v, float[] u2, float[] v2) {
        for (int s = 0; s < y.length; s++) {
            y[s] = Math.fma(u2[s], v2[s], Math.fma(u[s], v[s], y[s]));
        }
    }

    static void zero(float[][] rows) {
        for (float[] r : rows) {
            Arrays.fill(r, 0f);
        }
    }
}
