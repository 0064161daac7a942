package io.github.superpose.bridge;

import io.github.superpose.core.Functions;
import io.github.superpose.core.WorkerPool;
import java.util.Arrays;

/**
 * A transformer linear layer y = x·W + b [rows, out] for x [rows, in], W [in, out], with W packed once
 * into column blocks of {@link #COLS}: block c holds, for every input i, its own array W[i, c·COLS …].
 * The product is register-tiled the way C2 vectorises: a task's output rows × COLS columns stay in
 * L1 while chunks of the packed block are reused from L2, and the inner loop is a unit-stride pass over
 * whole arrays that adds four inputs' contributions to two output rows at once (C2 leaves a four-row
 * loop scalar, and does not vectorise {@code Math.fma}). Work is split into (row range × column
 * block) tasks on a {@link WorkerPool}; every output element is summed as
 * ((((b + x₀w₀) + x₁w₁) + x₂w₂) + x₃w₃) + … over i ascending whatever the tile, task or thread count,
 * so results are identical at any thread count and for a sentence alone or stacked with others.
 * GELU is fused into the write-out of each tile ({@link #forwardGelu}).
 *
 * <pre>PackedLinear l = new PackedLinear(W_in, b_in, dModel, dMlp); l.forward(x, rows, y, workers);</pre>
 */
final class PackedLinear {
    /** Columns per packed block: the loop bound C2 unrolls into SIMD code (measured best of 64, 128, 256). */
    static final int COLS = 128;
    /** Rows per task: enough to reuse the packed block from L2, few enough to give both cores work. */
    private static final int TASK_ROWS = 32;
    /** Inputs per pass over a task's rows (a multiple of four). */
    private static final int CHUNK = 128;

    private final int in;
    private final int out;
    private final float[] bias;
    /** [blocks][in][COLS], the last block zero-padded. */
    private final float[][][] packed;

    PackedLinear(float[] W, float[] b, int in, int out) {
        if (W.length != in * out || b.length != out) {
            throw new IllegalArgumentException("W has " + W.length + " values and b " + b.length + ", expected [" + in
                    + ", " + out + "] and [" + out + "]");
        }
        this.in = in;
        this.out = out;
        this.bias = b.clone();
        int blocks = (out + COLS - 1) / COLS;
        this.packed = new float[blocks][in][COLS];
        for (int c = 0; c < blocks; c++) {
            int len = Math.min(COLS, out - c * COLS);
            for (int i = 0; i < in; i++) {
                System.arraycopy(W, i * out + c * COLS, packed[c][i], 0, len);
            }
        }
    }

    int in() {
        return in;
    }

    int out() {
        return out;
    }

    /** y [rows, out] = x [rows, in] · W + b. */
    void forward(float[] x, int rows, float[] y, WorkerPool workers) {
        run(x, rows, y, null, null, workers);
    }

    /**
     * post = GELU(x·W + b) [rows, out], exact (erf) or tanh form; pre, when not null, receives x·W + b.
     * The GELU runs on each tile as it is written out, while it is still in L1, on the task's thread.
     */
    void forwardGelu(float[] x, int rows, float[] pre, float[] post, boolean tanh, WorkerPool workers) {
        run(x, rows, pre, post, tanh, workers);
    }

    private void run(float[] x, int rows, float[] y, float[] post, Boolean tanh, WorkerPool workers) {
        if (x.length < rows * in) {
            throw new IllegalArgumentException("x has " + x.length + " values, expected [" + rows + ", " + in + "]");
        }
        int groups = (rows + TASK_ROWS - 1) / TASK_ROWS;
        float[][][] tiles = new float[workers.workers()][TASK_ROWS + 1][COLS];
        workers.run(groups * packed.length, (task, worker) -> {
            int c = task % packed.length;
            int r0 = (task / packed.length) * TASK_ROWS;
            block(x, Math.min(rows, r0 + TASK_ROWS), r0, c, y, post, tanh, tiles[worker]);
        });
    }

    /**
     * Rows [r0, r1) of column block c. The inputs go in chunks of {@link #CHUNK}: a chunk of the
     * packed block (64 KB) is used by every row of the task while it is in cache, the rows' partial
     * sums wait in {@code acc} (at most TASK_ROWS rows plus one of GELU scratch, 16 KB), four rows at
     * a time. Inputs still add in ascending order, so chunking changes no bit of the result.
     */
    private void block(float[] x, int r1, int r0, int c, float[] y, float[] post, Boolean tanh, float[][] acc) {
        int j0 = c * COLS;
        int len = Math.min(COLS, out - j0);
        float[][] w = packed[c];
        for (int q = 0; q < r1 - r0; q++) {
            Arrays.fill(acc[q], 0f);
            System.arraycopy(bias, j0, acc[q], 0, len);
        }
        for (int k0 = 0; k0 < in; k0 += CHUNK) {
            int k1 = Math.min(in, k0 + CHUNK);
            for (int r = r0; r < r1; r += 4) {
                int n = Math.min(4, r1 - r);
                int t = r - r0;
                int i = k0;
                for (; i + 4 <= k1; i += 4) {
                    int a = r * in + i;
                    if (n == 4) {
                        int b = a + in;
                        pair(
                                acc[t],
                                acc[t + 1],
                                x[a],
                                x[a + 1],
                                x[a + 2],
                                x[a + 3],
                                x[b],
                                x[b + 1],
                                x[b + 2],
                                x[b + 3],
                                w[i],
                                w[i + 1],
                                w[i + 2],
                                w[i + 3]);
                        int e = b + in;
                        int f = e + in;
                        pair(
                                acc[t + 2],
                                acc[t + 3],
                                x[e],
                                x[e + 1],
                                x[e + 2],
                                x[e + 3],
                                x[f],
                                x[f + 1],
                                x[f + 2],
                                x[f + 3],
                                w[i],
                                w[i + 1],
                                w[i + 2],
                                w[i + 3]);
                    } else {
                        for (int q = 0; q < n; q++) {
                            int aq = a + q * in;
                            row(acc[t + q], x[aq], x[aq + 1], x[aq + 2], x[aq + 3], w[i], w[i + 1], w[i + 2], w[i + 3]);
                        }
                    }
                }
                for (; i < k1; i++) {
                    for (int q = 0; q < n; q++) {
                        axpy(acc[t + q], x[(r + q) * in + i], w[i]);
                    }
                }
            }
        }
        float[] gelu = acc[TASK_ROWS];
        for (int q = 0; q < r1 - r0; q++) {
            int o = (r0 + q) * out + j0;
            if (y != null) {
                System.arraycopy(acc[q], 0, y, o, len);
            }
            if (post != null && tanh) {
                for (int j = 0; j < len; j++) {
                    post[o + j] = (float) Functions.geluTanh(acc[q][j]);
                }
            } else if (post != null) {
                geluErf(acc[q], gelu);
                System.arraycopy(gelu, 0, post, o, len);
            }
        }
    }

    /** Numerator and denominator of erf(u) ≈ u·P(u²)/Q(u²) on [−ERF_CLAMP, ERF_CLAMP]. */
    private static final float P0 = 1.1283791840612485f;

    private static final float P1 = 0.19226273914770584f;
    private static final float P2 = 0.05567947610448751f;
    private static final float P3 = 0.004202397525382874f;
    private static final float P4 = 0.00041122980833837707f;
    private static final float P5 = 6.807823689058967e-06f;
    private static final float Q1 = 0.5037219889463657f;
    private static final float Q2 = 0.11725087896083382f;
    private static final float Q3 = 0.016247562943849537f;
    private static final float Q4 = 0.0014161581903869708f;
    private static final float Q5 = 7.26980877207746e-05f;
    private static final float Q6 = 2.608953454108498e-07f;
    /** Beyond this erf is ±1 in float32 (1 − erf(3.92) ≈ 4e-8). */
    private static final float ERF_CLAMP = 3.92f;

    private static final float INV_SQRT2 = (float) (1.0 / Math.sqrt(2.0));

    /**
     * g = x·Φ(x) = 0.5·x·(1 + erf(x/√2)), the exact GELU, with erf as a rational function of degree 11/12
     * (fitted by src/test/resources/gelu/fit_erf.py: 1.7e-9 in double, 3.6e-7 after float32 rounding),
     * because {@code Math.exp} keeps a loop scalar and cost more than the matrix product feeding it;
     * this loop of multiplies, adds, one divide and a clamp runs as SIMD code.
     */
    static void geluErf(float[] x, float[] g) {
        for (int j = 0; j < COLS; j++) {
            float v = x[j];
            float u = Math.max(-ERF_CLAMP, Math.min(ERF_CLAMP, v * INV_SQRT2));
            float u2 = u * u;
            float p = ((((P5 * u2 + P4) * u2 + P3) * u2 + P2) * u2 + P1) * u2 + P0;
            float q = (((((Q6 * u2 + Q5) * u2 + Q4) * u2 + Q3) * u2 + Q2) * u2 + Q1) * u2 + 1f;
            g[j] = 0.5f * v * (1f + u * p / q);
        }
    }

    /** Two output rows += their 2 × 4 coefficients times four packed rows, each summed left to right. */
    private static void pair(
            float[] y0,
            float[] y1,
            float a00,
            float a01,
            float a02,
            float a03,
            float a10,
            float a11,
            float a12,
            float a13,
            float[] u0,
            float[] u1,
            float[] u2,
            float[] u3) {
        for (int j = 0; j < COLS; j++) {
            float v0 = u0[j];
            float v1 = u1[j];
            float v2 = u2[j];
            float v3 = u3[j];
            y0[j] = y0[j] + a00 * v0 + a01 * v1 + a02 * v2 + a03 * v3;
            y1[j] = y1[j] + a10 * v0 + a11 * v1 + a12 * v2 + a13 * v3;
        }
    }

    /** One output row += four coefficients times four packed rows, in the same order as {@link #pair}. */
    private static void row(
            float[] y, float a0, float a1, float a2, float a3, float[] u0, float[] u1, float[] u2, float[] u3) {
        for (int j = 0; j < COLS; j++) {
            y[j] = y[j] + a0 * u0[j] + a1 * u1[j] + a2 * u2[j] + a3 * u3[j];
        }
    }

    /** y += a·u over the block: the inputs left over when in is not a multiple of four. */
    private static void axpy(float[] y, float a, float[] u) {
        for (int j = 0; j < COLS; j++) {
            y[j] += a * u[j];
        }
    }
}
