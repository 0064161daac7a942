package io.github.superpose.sim.fast;

import io.github.superpose.core.WorkerPool;
import java.util.Arrays;

/**
 * Dense-input kernel for larger models: the four matrix products of a step (h = x·W,
 * pre = h·Wᵀ + b, dh = g·W, dW = gᵀh + xᵀdh) as {@link Tiles} products over row arrays, each
 * output element one chain of fused multiply-adds in a fixed order (register tiles on the JDK's
 * vector API, or the scalar twin with the same bits).
 *
 * <p>Chunks of {@link #LANES} samples are held sample-major: x and pre/g as {@code [LANES][features]},
 * h and dh as {@code [LANES][hidden]}. The two products into the hidden layer read the weights as
 * rows over hidden units ({@code [features][hidden]}), so no chunk is ever transposed; the output
 * product reads them as rows over features and gates its result (loss, ReLU', dL/db) tile by tile
 * while it is in cache. The batch is split into {@link #PARTS} fixed parts, each with its own
 * gradient accumulators; parts may run on different threads and are summed in part order, so the
 * result does not depend on the thread count. Feature and hidden axes are zero-padded (features to
 * a multiple of {@link Tiles#COLUMNS}, hidden units to a multiple of 4, or of {@link Tiles#COLUMNS}
 * where they are columns) so no pass needs a remainder loop; the padding adds exact zeros, which
 * change no sum.
 *
 * <p>With a ReLU hidden layer only the non-empty samples are packed into chunks (their count,
 * not the thread count, sets the parts) and the empty ones are added in closed form, as in
 * {@link BlockKernel}. The untied model reads its decoder from W2's rows and keeps separate
 * accumulators for W1 and W2.
 */
final class PanelKernel implements GradKernel {
    /** Samples per chunk. */
    static final int LANES = 64;
    /** Fixed split of the batch for parallel work; never depends on the thread count. */
    static final int PARTS = 4;
    /**
     * Below this mean density the untied model takes the sparse path for the two products on x
     * (h = W1 x and dW1 = dh xᵀ), which then cost in proportion to the active entries (at 0.3 the
     * dense register tiles are faster). Both paths give the same bits.
     */
    static final double SPARSE_BELOW = 0.2;

    private final int n;
    private final int m;
    /** Padded feature count (multiple of {@link Tiles#COLUMNS}) and hidden count (multiple of 4). */
    private final int np;

    private final int mp;
    /** Hidden count padded to {@link Tiles#COLUMNS}, for rows over hidden units on the sparse path. */
    private final int mq;
    /** The sparse path for the products on x (untied model at low density). */
    private final boolean sparse;
    /** The encoder W (W1 when untied) as rows over hidden units, {@code [n][mq]}: h = x·encoder. */
    private final float[][] encoder;
    /** The decoder's transpose as rows over hidden units, {@code [n][mq]}: dh = g·decoderT (tied: encoder). */
    private final float[][] decoderT;

    private final int batch;
    private final boolean relu;
    private final FusedModel model;
    private final boolean signed;
    private final float[] importance;
    private final float[] coef;
    private final float[] bias;
    /** The decoder as rows over features, {@code [mp][np]}: Wᵀ when tied, W2 when untied; zero padded. */
    private final float[][] dT;
    /** Samples in chunk order: all of them, or the non-empty ones under a ReLU hidden layer. */
    private final int[] order;

    private int count;
    /** Scratch rows for summing the parts' weight gradients. */
    private final float[] gradRow;

    private final float[] gradRow2;
    private final Part[] parts;
    private final Scratch[] scratch;
    private final WorkerPool runner;

    /** @param runner runs the parts, possibly on several threads; null runs them on the caller */
    PanelKernel(int n, int m, int batch, boolean relu, float[] importance, WorkerPool runner) {
        this(relu ? FusedModel.RELU : FusedModel.LINEAR, false, n, m, batch, importance, runner);
    }

    PanelKernel(FusedModel model, boolean signed, int n, int m, int batch, float[] importance, WorkerPool runner) {
        this(model, signed, n, m, batch, importance, 1.0, runner);
    }

    /**
     * @param meanDensity the inputs' mean density: below {@link #SPARSE_BELOW} the untied model
     *     takes the sparse path (a fixed choice, so the bytes never depend on the machine)
     */
    PanelKernel(
            FusedModel model,
            boolean signed,
            int n,
            int m,
            int batch,
            float[] importance,
            double meanDensity,
            WorkerPool runner) {
        this.model = model;
        this.mq = (m + Tiles.COLUMNS - 1) / Tiles.COLUMNS * Tiles.COLUMNS;
        this.sparse = model == FusedModel.ABS && meanDensity < SPARSE_BELOW;
        this.encoder = new float[n][mq];
        this.decoderT = model == FusedModel.ABS ? new float[n][mq] : encoder;
        this.signed = signed;
        boolean relu = model.reluOut();
        this.n = n;
        this.m = m;
        this.np = (n + Tiles.COLUMNS - 1) / Tiles.COLUMNS * Tiles.COLUMNS;
        this.mp = (m + 3) / 4 * 4;
        this.batch = batch;
        this.relu = relu;
        this.importance = Arrays.copyOf(importance, np);
        this.coef = new float[np];
        for (int f = 0; f < n; f++) {
            coef[f] = (float) (2.0 * importance[f] / ((double) batch * n));
        }
        this.bias = new float[np];
        this.dT = new float[mp][np];
        this.gradRow = new float[Math.max(np, mq)];
        this.gradRow2 = new float[np];
        this.order = new int[batch];
        java.util.Arrays.setAll(order, s -> s);
        this.count = batch;
        int partCount = Math.min(PARTS, (batch + LANES - 1) / LANES);
        this.parts = new Part[partCount];
        for (int p = 0; p < partCount; p++) {
            parts[p] = new Part();
        }
        split();
        this.runner = runner;
        int workers = runner == null ? 1 : runner.workers();
        this.scratch = new Scratch[workers];
        for (int w = 0; w < workers; w++) {
            scratch[w] = new Scratch();
        }
    }

    @Override
    public double lossAndGrad(float[] W, float[] b, BatchSampler data, float[] dW, float[] db) {
        boolean untied = decoderT != encoder;
        for (int f = 0; f < n; f++) {
            System.arraycopy(W, f * m, encoder[f], 0, m);
            for (int j = 0; j < m && !untied; j++) {
                dT[j][f] = W[f * m + j];
            }
        }
        if (untied) {
            for (int j = 0; j < m; j++) {
                System.arraycopy(W, n * m + j * n, dT[j], 0, n);
                for (int f = 0; f < n; f++) {
                    decoderT[f][j] = W[n * m + j * n + f];
                }
            }
        }
        System.arraycopy(b, 0, bias, 0, n);
        if (model.reluHidden()) {
            int[] rowStart = data.rowStart;
            int k = 0;
            for (int s = 0; s < batch; s++) {
                order[k] = s;
                k += rowStart[s + 1] > rowStart[s] ? 1 : 0;
            }
            count = k;
            split();
        }
        if (runner == null || scratch.length == 1) {
            for (Part p : parts) {
                p.run(data, scratch[0]);
            }
        } else {
            runner.run(parts.length, (p, worker) -> parts[p].run(data, scratch[worker]));
        }
        double loss = 0;
        int zeros = batch - count;
        for (int f = 0; f < n; f++) {
            float g = 0f;
            for (Part p : parts) {
                g += p.db[f];
                loss += p.loss[f];
            }
            if (zeros > 0) {
                // samples with x = 0 under a ReLU hidden layer: h = 0, x' = ReLU(b), target 0
                float out = Math.max(b[f], 0f);
                loss += (double) importance[f] * out * out * zeros;
                g += (b[f] > 0f ? coef[f] * out : 0f) * zeros;
            }
            db[f] = g;
        }
        // the parts' sums in part order, row by row (unit stride over features)
        for (int j = 0; j < m; j++) {
            float[] sum = gradRow;
            float[] sum2 = gradRow2;
            if (!sparse) {
                System.arraycopy(parts[0].dWT[j], 0, sum, 0, n);
            }
            if (untied) {
                System.arraycopy(parts[0].dDT[j], 0, sum2, 0, n);
            }
            for (int p = 1; p < parts.length && !sparse; p++) {
                float[] d = parts[p].dWT[j];
                for (int f = 0; f < n; f++) {
                    sum[f] += d[f];
                }
            }
            for (int p = 1; p < parts.length; p++) {
                if (untied) {
                    float[] d2 = parts[p].dDT[j];
                    for (int f = 0; f < n; f++) {
                        sum2[f] += d2[f];
                    }
                }
            }
            for (int f = 0; f < n && !sparse; f++) {
                dW[f * m + j] = sum[f];
            }
            if (untied) {
                System.arraycopy(sum2, 0, dW, n * m + j * n, n);
            }
        }
        if (sparse) {
            for (int f = 0; f < n; f++) {
                float[] sum = gradRow;
                System.arraycopy(parts[0].dW1[f], 0, sum, 0, m);
                for (int p = 1; p < parts.length; p++) {
                    float[] d = parts[p].dW1[f];
                    for (int j = 0; j < m; j++) {
                        sum[j] += d[j];
                    }
                }
                System.arraycopy(sum, 0, dW, f * m, m);
            }
        }
        return loss / ((double) batch * n);
    }

    /** Fixed split of the chunk order into parts: depends on the sample count only. */
    private void split() {
        for (int p = 0; p < parts.length; p++) {
            parts[p].start = (int) ((long) count * p / parts.length);
            parts[p].end = (int) ((long) count * (p + 1) / parts.length);
        }
    }

    /** Per-thread chunk buffers; every value read in a chunk is written earlier in that chunk. */
    private final class Scratch {
        /** x and then pre/g, sample-major {@code [LANES][np]}. */
        final float[][] xS = new float[LANES][np];

        final float[][] gS = new float[LANES][np];
        /** h and dh sample-major, {@code [LANES][mq]} (zero past m). */
        final float[][] hS = new float[LANES][mq];

        final float[][] dhS = new float[LANES][mq];
        /** 1 where the hidden pre-activation is > 0, for a ReLU hidden layer. */
        final float[][] hMask = model.reluHidden() ? new float[LANES][mq] : null;
        /** h and dh hidden-major, {@code [mp][LANES]}, for the untied weight gradients. */
        final float[][] hF = model == FusedModel.ABS ? new float[mp][LANES] : null;

        final float[][] dhF = model == FusedModel.ABS ? new float[mp][LANES] : null;
        /** The tied weight gradient's k axis: per pair of samples g_s, g_s+1, x_s, x_s+1. */
        final float[][] pairRows = new float[2 * LANES][];
        /** Its coefficients per hidden unit: h_s, h_s+1, dh_s, dh_s+1. */
        final float[][] pairCoef = new float[mp][2 * LANES];

        Scratch() {
            for (int r = 0; r < LANES; r += 2) {
                pairRows[2 * r] = gS[r];
                pairRows[2 * r + 1] = gS[r + 1];
                pairRows[2 * r + 2] = xS[r];
                pairRows[2 * r + 3] = xS[r + 1];
            }
        }
    }

    /** Samples [start, end) of the batch and their gradient sums. */
    private final class Part {
        /** Positions [start, end) of the chunk order. */
        int start;

        int end;
        /** dWᵀ (dW1ᵀ when untied) {@code [mp][np]}, and per feature Σ dL/db and Σ I·(x' − x)². */
        final float[][] dWT = new float[mp][np];
        /** dW2 {@code [mp][np]} when untied, else null. */
        final float[][] dDT = model == FusedModel.ABS ? new float[mp][np] : null;

        /** dW1 {@code [n][mq]} on the sparse path (dWT is then unused), else null. */
        final float[][] dW1 = sparse ? new float[n][mq] : null;

        final float[] db = new float[np];
        final float[] loss = new float[np];

        void run(BatchSampler data, Scratch s) {
            BlockKernel.zero(sparse ? dW1 : dWT);
            if (dDT != null) {
                BlockKernel.zero(dDT);
            }
            Arrays.fill(db, 0f);
            Arrays.fill(loss, 0f);
            for (int c0 = start; c0 < end; c0 += LANES) {
                int len = Math.min(LANES, end - c0);
                // samples are processed in eights (the register tiles' rows, so no tail tile is
                // needed); padding samples are all-zero and the gate zeroes their gradient rows, so
                // they add nothing
                int len2 = (len + 7) & ~7;
                load(data, c0, len, len2, s);
                if (sparse) {
                    sparseHidden(data, c0, len, len2, s);
                } else {
                    Tiles.multiply(s.xS, len2, n, encoder, mq, s.hS, null, false);
                }
                if (s.hMask != null) {
                    reluInPlace(s.hS, s.hMask, len2);
                }
                // pre = b + h·Wᵀ, gated in place into dL/dpre; padding samples get a zero row
                Tiles.multiplyGated(
                        s.hS,
                        len2,
                        m,
                        dT,
                        np,
                        s.gS,
                        bias,
                        new Gate(importance, coef, relu, signed, s.xS, len, loss, db));
                Tiles.multiply(s.gS, len2, n, decoderT, mq, s.dhS, null, false);
                if (s.hMask != null) {
                    for (int r = 0; r < len2; r++) {
                        float[] d = s.dhS[r];
                        float[] mk = s.hMask[r];
                        for (int j = 0; j < mq; j++) {
                            d[j] *= mk[j];
                        }
                    }
                }
                if (sparse) {
                    sparseWeightGrad(data, c0, len, s);
                } else if (dDT != null) {
                    weightGradUntied(s, len);
                } else {
                    weightGrad(s, len2);
                }
            }
        }

        /** Copies samples [c0, c0+len) into xS, rows up to len2 zero-padded. */
        private void load(BatchSampler data, int c0, int len, int len2, Scratch s) {
            int[] rowStart = data.rowStart;
            int[] feat = data.feat;
            float[] val = data.val;
            for (int r = 0; r < len2; r++) {
                float[] row = s.xS[r];
                int lo = r < len ? rowStart[order[c0 + r]] : 0;
                int hi = r < len ? rowStart[order[c0 + r] + 1] : 0;
                if (hi - lo == n) {
                    // a full row holds features 0..n-1 in order
                    System.arraycopy(val, lo, row, 0, n);
                } else {
                    Arrays.fill(row, 0f);
                    for (int e = lo; e < hi; e++) {
                        row[feat[e]] = val[e];
                    }
                }
            }
        }

        /**
         * h = W1 x over each sample's active entries (features ascending: the same chain as the
         * dense product, whose other terms are exact zeros), sample-major into hS.
         */
        private void sparseHidden(BatchSampler data, int c0, int len, int len2, Scratch s) {
            int[] rowStart = data.rowStart;
            int[] feat = data.feat;
            float[] val = data.val;
            for (int r = 0; r < len2; r++) {
                float[] row = s.hS[r];
                Arrays.fill(row, 0f);
                if (r < len) {
                    int smp = order[c0 + r];
                    for (int e = rowStart[smp]; e < rowStart[smp + 1]; e++) {
                        Tiles.axpy(row, val[e], encoder[feat[e]], mq);
                    }
                }
            }
        }

        /**
         * dW1_f += Σ_s x_sf dh_s over the active entries, samples in order (the dense product's
         * chain without its zero terms); dW2 as on the dense path.
         */
        private void sparseWeightGrad(BatchSampler data, int c0, int len, Scratch s) {
            int[] rowStart = data.rowStart;
            int[] feat = data.feat;
            float[] val = data.val;
            for (int r = 0; r < len; r++) {
                float[] row = s.dhS[r];
                int smp = order[c0 + r];
                for (int e = rowStart[smp]; e < rowStart[smp + 1]; e++) {
                    Tiles.axpy(dW1[feat[e]], val[e], row, mq);
                }
            }
            hiddenMajor(s.hS, s.hF, len);
            Tiles.multiply(s.hF, mp, len, s.gS, np, dDT, null, true);
        }

        /**
         * dWᵀ_j += Σ_s h_sj g_s + dh_sj x_s, the terms of each pair of samples (s, s+1) in the order
         * h_s g_s, h_s+1 g_s+1, dh_s x_s, dh_s+1 x_s+1: one product over the k axis that
         * {@link Scratch#pairRows} lists, with its coefficients copied into {@link Scratch#pairCoef}.
         */
        private void weightGrad(Scratch s, int len2) {
            for (int r = 0; r < len2; r += 2) {
                float[] h0 = s.hS[r];
                float[] h1 = s.hS[r + 1];
                float[] d0 = s.dhS[r];
                float[] d1 = s.dhS[r + 1];
                for (int j = 0; j < mp; j++) {
                    float[] cj = s.pairCoef[j];
                    cj[2 * r] = h0[j];
                    cj[2 * r + 1] = h1[j];
                    cj[2 * r + 2] = d0[j];
                    cj[2 * r + 3] = d1[j];
                }
            }
            Tiles.multiply(s.pairCoef, mp, 2 * len2, s.pairRows, np, dWT, null, true);
        }

        /** dW1ᵀ_j += Σ_s dh_sj x_s and dW2_j += Σ_s h_sj g_s, samples in order. */
        private void weightGradUntied(Scratch s, int len) {
            hiddenMajor(s.dhS, s.dhF, len);
            Tiles.multiply(s.dhF, mp, len, s.xS, np, dWT, null, true);
            hiddenMajor(s.hS, s.hF, len);
            Tiles.multiply(s.hF, mp, len, s.gS, np, dDT, null, true);
        }
    }

    /** dst[j][r] = src[r][j] for r < rows, j < mp: a chunk's h or dh hidden-major. */
    private void hiddenMajor(float[][] src, float[][] dst, int rows) {
        for (int r = 0; r < rows; r++) {
            float[] row = src[r];
            for (int j = 0; j < mp; j++) {
                dst[j][r] = row[j];
            }
        }
    }

    /** h ← ReLU(h) over samples [0, len2), with mask 1 where h > 0 (relu' is 0 at exactly 0, as in PyTorch). */
    private void reluInPlace(float[][] h, float[][] mask, int len2) {
        for (int r = 0; r < len2; r++) {
            float[] hr = h[r];
            float[] mr = mask[r];
            for (int j = 0; j < mq; j++) {
                mr[j] = Math.min(Math.max(hr[j] * Gate.HUGE * Gate.HUGE, 0f), 1f);
                hr[j] = Math.max(hr[j], 0f);
            }
        }
    }
}
