package io.github.superpose.bridge;

import io.github.superpose.core.Functions;
import io.github.superpose.core.WorkerPool;

import java.util.Arrays;

/**
 * A transformer linear layer y = x·W + b [rows, out] for x [rows, in], W [in, out], with W packed once
 * into column blocks of {@link #COLS}: block c holds, for every input i, its own array W[i, c·COLS …].
 * The product is register-tiled the way C2 vectorises: an output tile of four rows × COLS columns
 * stays in L1 while the packed block streams from L2, and the inner loop is a unit-stride pass over
 * whole arrays that adds four inputs' contributions to two output rows at once (C2 leaves a four-row
 * loop scalar, and does not vectorise {@code Math.fma}). Work is split into (row range × column
 * block) tasks on a {@link WorkerPool}; every output element is summed as
 * ((((b + x₀w₀) + x₁w₁) + x₂w₂) + x₃w₃) + … over i ascending whatever the tile, task or thread count,
 * so results are identical at any thread count and for a sentence alone or stacked with others.
 * GELU can be fused into the write-out of each tile ({@link #forwardGelu}).
 *
 * <pre>PackedLinear l = new PackedLinear(W_in, b_in, dModel, dMlp); l.forward(x, rows, y, workers);</pre>
 */
final class PackedLinear {
    /** Columns per packed block: the loop bound C2 unrolls into SIMD code (measured best of 64, 128, 256). */
    static final int COLS = 128;
    /** Rows per task: enough to reuse the packed block from L2, few enough to give both cores work. */
    private static final int TASK_ROWS = 32;

    private final int in;
    private final int out;
    private final float[] bias;
    /** [blocks][in][COLS], the last block zero-padded. */
    private final float[][][] packed;

    PackedLinear(float[] W, float[] b, int in, int out) {
        if (W.length != in * out || b.length != out) {
            throw new IllegalArgumentException("W has " + W.length + " values and b " + b.length + ", expected ["
                    + in + ", " + out + "] and [" + out + "]");
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
        float[][][] tiles = new float[workers.workers()][4][COLS];
        workers.run(groups * packed.length, (task, worker) -> {
            int c = task % packed.length;
            int r0 = (task / packed.length) * TASK_ROWS;
            block(x, Math.min(rows, r0 + TASK_ROWS), r0, c, y, post, tanh, tiles[worker]);
        });
    }

    /** Rows [r0, r1) of column block c, four rows at a time. */
    private void block(float[] x, int r1, int r0, int c, float[] y, float[] post, Boolean tanh, float[][] tile) {
        int j0 = c * COLS;
        int len = Math.min(COLS, out - j0);
        float[][] w = packed[c];
        for (int r = r0; r < r1; r += 4) {
            int n = Math.min(4, r1 - r);
            for (int q = 0; q < 4; q++) {
                Arrays.fill(tile[q], 0f);
                System.arraycopy(bias, j0, tile[q], 0, len);
            }
            int i = 0;
            for (; i + 4 <= in; i += 4) {
                int a = r * in + i;
                if (n == 4) {
                    int b = a + in;
                    pair(tile[0], tile[1], x[a], x[a + 1], x[a + 2], x[a + 3], x[b], x[b + 1], x[b + 2], x[b + 3],
                            w[i], w[i + 1], w[i + 2], w[i + 3]);
                    int e = b + in;
                    int f = e + in;
                    pair(tile[2], tile[3], x[e], x[e + 1], x[e + 2], x[e + 3], x[f], x[f + 1], x[f + 2], x[f + 3],
                            w[i], w[i + 1], w[i + 2], w[i + 3]);
                } else {
                    for (int q = 0; q < n; q++) {
                        int aq = a + q * in;
                        row(tile[q], x[aq], x[aq + 1], x[aq + 2], x[aq + 3], w[i], w[i + 1], w[i + 2], w[i + 3]);
                    }
                }
            }
            for (; i < in; i++) {
                for (int q = 0; q < n; q++) {
                    axpy(tile[q], x[(r + q) * in + i], w[i]);
                }
            }
            for (int q = 0; q < n; q++) {
                int o = (r + q) * out + j0;
                if (y != null) {
                    System.arraycopy(tile[q], 0, y, o, len);
                }
                if (post != null) {
                    float[] t = tile[q];
                    for (int j = 0; j < len; j++) {
                        post[o + j] = (float) (tanh ? Functions.geluTanh(t[j]) : Functions.geluErf(t[j]));
                    }
                }
            }
        }
    }

    /** Two output rows += their 2 × 4 coefficients times four packed rows, each summed left to right. */
    private static void pair(float[] y0, float[] y1, float a00, float a01, float a02, float a03,
                             float a10, float a11, float a12, float a13, float[] u0, float[] u1, float[] u2,
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
    private static void row(float[] y, float a0, float a1, float a2, float a3, float[] u0, float[] u1, float[] u2,
                            float[] u3) {
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
