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
 *
 * <p>With a ReLU hidden layer ({@link FusedModel#reluHidden}) a sample with x = 0 has h = 0 and
 * x' = ReLU(b), so only the non-empty samples go through the passes (packed into the chunks in
 * batch order) and the empty ones are added once in closed form: the cost follows the number
 * of non-empty samples. For {@link FusedModel#ABS} the encoder is W1 and the decoder W2, read
 * through a transposed copy so both are indexed [feature, hidden].
 */
final class BlockKernel implements GradKernel {
    /** Per-lane dW accumulators are used while n·m·S stays below this (L1/L2 sized). */
    private static final int MAX_LANE_ACCUMULATORS = 1 << 14;
    /**
     * Lanes of a dW accumulator: lane s of a chunk adds into lane s mod FOLD, so a vector of FOLD
     * floats keeps a run of accumulators in registers across the chunk. Fixed, so the sums never
     * depend on the machine's vector width.
     */
    static final int FOLD = 16;
    /** Whether the lane loops can run as {@link BlockTiles} register tiles (same bits as the scalar loops). */
    static final boolean VECTOR = io.github.superpose.core.Simd.ENABLED && BlockTiles.fits();
    /** 2^100: (p·2^100)·2^100 ≥ 1 for every positive float p, so gate() is exactly 0 or 1. */
    private static final float HUGE = 0x1.0p100f;

    private final int n;
    private final int m;
    private final int batch;
    private final int lanes;
    /** Lanes the passes cover in the current chunk: its samples rounded up to a SIMD multiple. */
    private int width;
    /** Lanes the accumulators may hold values in since they were last cleared (a multiple of 16). */
    private int dirty;

    private final boolean relu;
    /** This kernel's lane loops run on {@link BlockTiles}. */
    private final boolean vector;

    private final FusedModel model;
    /** Inputs are signed and the target is |x| (the abs task). */
    private final boolean signed;

    private final float[] importance;
    private final float[] coef;
    /** The current chunk's inputs, mask and non-zero rows: views into the prepared batch. */
    private float[][] x;

    private final float[][] h;
    private final float[][] pre;
    private final float[][] g;
    private final float[][] dh;
    private float[] mask;
    private final float[] lossAcc;
    private final float[][] dbAcc;
    private boolean[] xRow;
    private final boolean[] gRow;
    private final float[][] dWAcc;
    /** Scratch: indices of the non-zero rows of x or g in the current chunk. */
    private final int[] rows;
    /** 1 where the hidden pre-activation is > 0 ({@code [m][lanes]}), for a ReLU hidden layer. */
    private final float[][] hMask;
    /** The decoder indexed [feature, hidden] (W2 transposed), for the untied model. */
    private final float[] decoder;
    /** Non-empty samples of the batch in order, for a ReLU hidden layer. */
    private final int[] order;
    /** Samples with one active feature, in closed form (tied hidden-ReLU on inputs ≥ 0), or null. */
    private final OneHotSamples oneHot;
    /**
     * The batch laid out once per draw, chunk by chunk: inputs {@code [chunk][n][lanes]}, lane
     * masks, lane widths and non-zero rows. Several instances that train on the same batches
     * (restarts sharing a data stream, {@link FusedTrainer}) share one kernel, so the layout is
     * built by the first and reused by the others.
     */
    private final float[][][] xChunks;

    private final float[][] maskChunks;
    private final int[] widths;
    private final boolean[][] xRowChunks;
    /** The sampler and draw the prepared layout holds, its chunk count and widest chunk. */
    private BatchSampler preparedFrom;

    private long preparedDraw = -1;
    private int preparedCount;
    private int preparedChunks;
    private int preparedDirty;

    BlockKernel(int n, int m, int batch, boolean relu, float[] importance) {
        this(relu ? FusedModel.RELU : FusedModel.LINEAR, false, n, m, batch, importance);
    }

    BlockKernel(FusedModel model, boolean signed, int n, int m, int batch, float[] importance) {
        this(model, signed, n, m, batch, importance, VECTOR);
    }

    /** As above; {@code vector} false forces the scalar loops (tests compare the two paths' bits). */
    BlockKernel(FusedModel model, boolean signed, int n, int m, int batch, float[] importance, boolean vector) {
        this.vector = vector && VECTOR;
        if (!fits(model, n, m, batch)) {
            throw new IllegalArgumentException("model too large for per-lane accumulators: " + n + " x " + m);
        }
        this.n = n;
        this.m = m;
        this.batch = batch;
        this.lanes = lanes(batch);
        this.model = model;
        this.signed = signed;
        this.relu = model.reluOut();
        this.importance = importance.clone();
        this.coef = new float[n];
        for (int f = 0; f < n; f++) {
            coef[f] = (float) (2.0 * importance[f] / ((double) batch * n));
        }
        int chunks = (batch + lanes - 1) / lanes;
        xChunks = new float[chunks][n][lanes];
        maskChunks = new float[chunks][lanes];
        widths = new int[chunks];
        xRowChunks = new boolean[chunks][n];
        h = new float[m][lanes];
        pre = new float[n][lanes];
        g = new float[n][lanes];
        dh = new float[m][lanes];
        lossAcc = new float[lanes];
        dbAcc = new float[n][lanes];
        gRow = new boolean[n];
        dWAcc = new float[model.weightSize(n, m)][FOLD];
        rows = new int[n];
        hMask = model.reluHidden() ? new float[m][lanes] : null;
        decoder = model == FusedModel.ABS ? new float[n * m] : null;
        order = model.reluHidden() ? new int[batch] : null;
        oneHot = model == FusedModel.HIDDEN_RELU && !signed
                ? new OneHotSamples(n, m, batch, this.importance, coef)
                : null;
    }

    /** Whether the per-lane dW accumulators of an n × m model stay small enough for this kernel. */
    static boolean fits(int n, int m, int batch) {
        return fits(FusedModel.RELU, n, m, batch);
    }

    static boolean fits(FusedModel model, int n, int m, int batch) {
        return (long) model.weightSize(n, m) * lanes(batch) <= MAX_LANE_ACCUMULATORS;
    }

    private static int lanes(int batch) {
        return batch >= 128 ? 128 : 64;
    }

    @Override
    public double lossAndGrad(float[] W, float[] b, BatchSampler data, float[] dW, float[] db) {
        // only lanes a chunk covered hold values: at low density that is a few of them
        Arrays.fill(lossAcc, 0, dirty, 0f);
        for (float[] r : dbAcc) {
            Arrays.fill(r, 0, dirty, 0f);
        }
        for (float[] r : dWAcc) {
            Arrays.fill(r, 0f);
        }
        dirty = 0;
        float[] dec = W;
        if (decoder != null) {
            int nm = n * m;
            for (int j = 0; j < m; j++) {
                for (int f = 0; f < n; f++) {
                    decoder[f * m + j] = W[nm + j * n + f];
                }
            }
            dec = decoder;
        }
        if (data != preparedFrom || data.draws() != preparedDraw) {
            prepare(data);
        }
        int count = preparedCount;
        dirty = preparedDirty;
        for (int c = 0; c < preparedChunks; c++) {
            x = xChunks[c];
            mask = maskChunks[c];
            xRow = xRowChunks[c];
            width = widths[c];
            forward(W, dec, b);
            backward(dec);
            accumulate();
        }
        double loss = reduce(dW, db);
        if (oneHot == null) {
            return loss + emptySamples(b, batch - count, db);
        }
        loss += oneHot.addGradient(W, b, dW, db) / ((double) batch * n);
        return loss + emptySamples(b, batch - count - oneHot.count, db);
    }

    /** Lays out the sampler's current batch in {@link #xChunks} (and the one-hot samples). */
    private void prepare(BatchSampler data) {
        int count = order == null ? batch : nonEmpty(data);
        if (oneHot != null) {
            oneHot.group();
        }
        int c = 0;
        int widest = 0;
        for (int c0 = 0; c0 < count; c0 += lanes, c++) {
            int len = Math.min(lanes, count - c0);
            x = xChunks[c];
            mask = maskChunks[c];
            xRow = xRowChunks[c];
            if (count == batch) {
                load(data, c0, len);
            } else {
                loadOrdered(data, c0, len);
            }
            widths[c] = width;
            widest = Math.max(widest, width);
        }
        preparedCount = count;
        preparedChunks = c;
        // the accumulators take values in the lanes of the widest chunk (the passes read no further)
        preparedDirty = widest;
        preparedFrom = data;
        preparedDraw = data.draws();
    }

    /**
     * Lists the samples with at least one entry in {@link #order}; returns their count. With
     * {@link #oneHot}, samples with exactly one entry go there instead (a one-hot sample whose
     * value is exactly 0 is an empty sample).
     */
    private int nonEmpty(BatchSampler data) {
        int[] rowStart = data.rowStart;
        int k = 0;
        if (oneHot == null) {
            for (int s = 0; s < batch; s++) {
                order[k] = s;
                k += rowStart[s + 1] > rowStart[s] ? 1 : 0;
            }
            return k;
        }
        int[] feat = data.feat;
        float[] val = data.val;
        int[] oneFeat = oneHot.feature;
        float[] oneVal = oneHot.value;
        int ones = 0;
        int last = Math.min(feat.length, val.length) - 1;
        for (int s = 0; s < batch; s++) {
            // branch-free: at mid densities whether a sample is one-hot is a coin flip
            int lo = rowStart[s];
            int len = rowStart[s + 1] - lo;
            int e = Math.min(lo, last);
            float v = val[e];
            oneFeat[ones] = feat[e];
            oneVal[ones] = v;
            ones += len == 1 && v > 0f ? 1 : 0;
            order[k] = s;
            k += len > 1 ? 1 : 0;
        }
        oneHot.count = ones;
        return k;
    }

    /**
     * Zeroes the chunk and marks its first {@code len} lanes as samples (the rest pad the chunk).
     * The passes cover only {@link #width} lanes, so a short chunk (few non-empty samples) costs
     * in proportion to its samples, not to the chunk size.
     */
    private void clearChunk(int len) {
        width = Math.min(lanes, (len + 15) & ~15);
        for (float[] r : x) {
            Arrays.fill(r, 0, width, 0f);
        }
        for (int s = 0; s < lanes; s++) {
            mask[s] = s < len ? 1f : 0f;
        }
    }

    /** Samples order[c0 .. c0+len) into the chunk, as {@link #load}. */
    private void loadOrdered(BatchSampler data, int c0, int len) {
        clearChunk(len);
        int[] rowStart = data.rowStart;
        int[] feat = data.feat;
        float[] val = data.val;
        for (int s = 0; s < len; s++) {
            int smp = order[c0 + s];
            for (int e = rowStart[smp], hi = rowStart[smp + 1]; e < hi; e++) {
                x[feat[e]][s] = val[e];
            }
        }
        for (int f = 0; f < n; f++) {
            xRow[f] = anyNonZero(x[f], width);
        }
    }

    /**
     * {@code zeros} samples with x = 0 under a ReLU hidden layer: h = 0, x' = ReLU(b) against a
     * target of 0, so only b has a gradient. Adds to db; returns the loss share.
     */
    private double emptySamples(float[] b, int zeros, float[] db) {
        if (zeros == 0) {
            return 0;
        }
        double err = 0;
        for (int f = 0; f < n; f++) {
            float out = Math.max(b[f], 0f);
            err += (double) importance[f] * out * out * zeros;
            db[f] += (b[f] > 0f ? coef[f] * out : 0f) * zeros;
        }
        return err / ((double) batch * n);
    }

    /**
     * Scatters samples [c0, c0+len) into the chunk; lanes past len are masked out. When every
     * sample holds all n features (in feature order, as the sampler writes them) the scatter is
     * a plain transpose. A row of x is marked non-zero after the scatter rather than per entry
     * (one store per entry fewer); a row whose drawn values are all exactly 0 counts as zero,
     * which changes no sum.
     */
    private void load(BatchSampler data, int c0, int len) {
        clearChunk(len);
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
            xRow[f] = anyNonZero(xs[f], width);
        }
    }

    /**
     * h_j = Σ_f W_fj x_f over the non-zero rows of x, then pre_f = b_f + Σ_j W_fj h_j. Rows are
     * taken four at a time as one nested fma per lane: the same rounding sequence as one axpy
     * per row, but each output row is loaded and stored once per four rows instead of once per row.
     */
    private void forward(float[] W, float[] dec, float[] b) {
        int nx = activeRows(xRow, rows);
        int four = vector ? m & ~3 : 0;
        for (int j = 0; j < four; j += 4) {
            BlockTiles.sumRowsFour(h, W, m, j, rows, nx, x, width, hMask, null);
        }
        for (int j = four; j < m; j++) {
            float[] hj = h[j];
            Arrays.fill(hj, 0, width, 0f);
            sumRows(hj, W, j, rows, nx, x);
            if (hMask != null) {
                float[] mj = hMask[j];
                for (int s = 0; s < width; s++) {
                    // relu' is 0 at exactly 0, as in PyTorch
                    mj[s] = Math.min(Math.max(hj[s] * HUGE * HUGE, 0f), 1f);
                    hj[s] = Math.max(hj[s], 0f);
                }
            }
        }
        boolean fused = vector && relu && !signed;
        for (int f = 0; f < n; f++) {
            if (fused) {
                BlockTiles.preGate(
                        dec, f, m, b[f], h, x[f], mask, importance[f], coef[f], g[f], dbAcc[f], lossAcc, width);
                gRow[f] = anyNonZero(g[f], width);
                continue;
            }
            float[] p = pre[f];
            Arrays.fill(p, 0, width, b[f]);
            int j = 0;
            for (; j + 3 < m; j += 4) {
                float w0 = dec[f * m + j];
                float w1 = dec[f * m + j + 1];
                float w2 = dec[f * m + j + 2];
                float w3 = dec[f * m + j + 3];
                float[] h0 = h[j];
                float[] h1 = h[j + 1];
                float[] h2 = h[j + 2];
                float[] h3 = h[j + 3];
                for (int s = 0; s < width; s++) {
                    p[s] = Math.fma(w3, h3[s], Math.fma(w2, h2[s], Math.fma(w1, h1[s], Math.fma(w0, h0[s], p[s]))));
                }
            }
            for (; j < m; j++) {
                axpy(p, dec[f * m + j], h[j], width);
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
            for (int s = 0; s < width; s++) {
                y[s] = Math.fma(a3, v3[s], Math.fma(a2, v2[s], Math.fma(a1, v1[s], Math.fma(a0, v0[s], y[s]))));
            }
        }
        for (; r < count; r++) {
            axpy(y, W[rows[r] * m + j], v[rows[r]], width);
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
        float[] mk = mask;
        float[] la = lossAcc;
        if (relu && !signed) {
            for (int s = 0; s < width; s++) {
                // relu' is 0 at exactly 0, as in PyTorch: the gate is 1 iff p > 0, branch-free
                float gt = Math.min(Math.max(p[s] * HUGE * HUGE, 0f), 1f) * mk[s];
                float d = (Math.max(p[s], 0f) - xf[s]) * mk[s];
                la[s] = Math.fma(imp * d, d, la[s]);
                float gs = c * d * gt;
                gf[s] = gs;
                dbf[s] += gs;
            }
        } else {
            for (int s = 0; s < width; s++) {
                float gt = relu ? Math.min(Math.max(p[s] * HUGE * HUGE, 0f), 1f) * mk[s] : mk[s];
                float out = relu ? Math.max(p[s], 0f) : p[s];
                float d = (out - (signed ? Math.abs(xf[s]) : xf[s])) * mk[s];
                la[s] = Math.fma(imp * d, d, la[s]);
                float gs = c * d * gt;
                gf[s] = gs;
                dbf[s] += gs;
            }
        }
        gRow[f] = relu ? anyNonZero(gf, width) : true;
    }

    private void backward(float[] dec) {
        int ng = activeRows(gRow, rows);
        int four = vector ? m & ~3 : 0;
        for (int j = 0; j < four; j += 4) {
            BlockTiles.sumRowsFour(dh, dec, m, j, rows, ng, g, width, null, hMask);
        }
        for (int j = four; j < m; j++) {
            float[] dhj = dh[j];
            Arrays.fill(dhj, 0, width, 0f);
            sumRows(dhj, dec, j, rows, ng, g);
            if (hMask != null) {
                float[] mj = hMask[j];
                for (int s = 0; s < width; s++) {
                    dhj[s] *= mj[s];
                }
            }
        }
    }

    /**
     * dW_f += Σ_s g_sf h_s + x_sf dh_s (untied: the two terms go to W2 and W1), lane s into
     * accumulator lane s mod {@link #FOLD}. A row of g or x that is zero over the chunk is left out.
     */
    private void accumulate() {
        int nm = n * m;
        boolean untied = decoder != null;
        for (int f = 0; f < n; f++) {
            float[] gf = gRow[f] ? g[f] : null;
            float[] xf = xRow[f] ? x[f] : null;
            if (gf == null && xf == null) {
                continue;
            }
            for (int j = 0; j < m; j += 4) {
                int count = Math.min(4, m - j);
                if (untied) {
                    // W1 takes x·dh, W2 (as [feature, hidden] accumulators) takes g·h
                    if (xf != null) {
                        fold(f * m + j, null, xf, j, count);
                    }
                    if (gf != null) {
                        fold(nm + f * m + j, gf, null, j, count);
                    }
                } else {
                    fold(f * m + j, gf, xf, j, count);
                }
            }
        }
    }

    /** Accumulators k … k+count−1 += g·h_j + x·dh_j over hidden units j …, a null row left out. */
    private void fold(int k, float[] gf, float[] xf, int j, int count) {
        if (vector) {
            BlockTiles.accumulate(dWAcc, k, gf, xf, h, dh, j, count, width);
            return;
        }
        for (int i = 0; i < count; i++) {
            float[] acc = dWAcc[k + i];
            float[] hj = h[j + i];
            float[] dhj = dh[j + i];
            for (int s = 0; s < width; s++) {
                int l = s & (FOLD - 1);
                float a = acc[l];
                if (gf != null) {
                    a = Math.fma(gf[s], hj[s], a);
                }
                if (xf != null) {
                    a = Math.fma(xf[s], dhj[s], a);
                }
                acc[l] = a;
            }
        }
    }

    private double reduce(float[] dW, float[] db) {
        int nm = n * m;
        for (int k = 0; k < nm; k++) {
            dW[k] = sumLanes(dWAcc[k], FOLD);
        }
        if (decoder != null) {
            for (int f = 0; f < n; f++) {
                for (int j = 0; j < m; j++) {
                    dW[nm + j * n + f] = sumLanes(dWAcc[nm + f * m + j], FOLD);
                }
            }
        }
        for (int f = 0; f < n; f++) {
            db[f] = sumLanes(dbAcc[f], dirty);
        }
        double loss = 0;
        for (int s = 0; s < lanes; s++) {
            loss += lossAcc[s];
        }
        return loss / ((double) batch * n);
    }

    /** Lane sum in a fixed order: eight partial sums, then those. */
    static float sumLanes(float[] a) {
        return sumLanes(a, a.length);
    }

    /** As {@link #sumLanes(float[])} over the first {@code len} lanes (a multiple of 8; the rest are 0). */
    static float sumLanes(float[] a, int len) {
        float p0 = 0, p1 = 0, p2 = 0, p3 = 0, p4 = 0, p5 = 0, p6 = 0, p7 = 0;
        for (int s = 0; s < len; s += 8) {
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

    private static boolean anyNonZero(float[] a, int len) {
        for (int s = 0; s < len; s++) {
            if (a[s] != 0f) {
                return true;
            }
        }
        return false;
    }

    static void axpy(float[] y, float a, float[] v) {
        axpy(y, a, v, y.length);
    }

    /** y[s] += a·v[s] for s < len. */
    static void axpy(float[] y, float a, float[] v, int len) {
        for (int s = 0; s < len; s++) {
            y[s] = Math.fma(a, v[s], y[s]);
        }
    }

    static void zero(float[][] rows) {
        for (float[] r : rows) {
            Arrays.fill(r, 0f);
        }
    }
}
