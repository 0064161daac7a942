package io.github.superpose.bridge;

import io.github.superpose.core.WorkerPool;

/**
 * The SAE's one dense product, the encoder pass pre = b_enc + xc·W_enc for rows [r0, r1) of
 * xc [B, d_in] with W_enc [d_in, d_sae]. W_enc is first packed into column blocks of {@link #COLS}
 * ({@link #pack}): block c holds, for every input i, its own array W_enc[i, c·COLS …]. Four output
 * rows then take four packed rows at a time in a unit-stride loop over whole arrays, the form C2
 * turns into SIMD code (it does not for {@code Math.fma}, nor for several offsets into one array),
 * with the output tile in L1 and the block being reused in L2. Every output element is summed as
 * (((y + a₀u₀) + a₁u₁) + a₂u₂) + a₃u₃ over i ascending in groups of four, whatever the row group,
 * so results are the same for any split of the rows.
 *
 * <pre>float[][][] packed = SaeGemm.pack(wEnc, din, ds, null); SaeGemm.encode(xc, packed, bEnc, pre, 0, n, din, ds, tile);</pre>
 */
final class SaeGemm {
    static final int COLS = 128;

    private SaeGemm() {
    }

    /** W_enc [din, ds] as [blocks][din][COLS], the last block zero-padded; reuses {@code into} when it fits. */
    static float[][][] pack(float[] wEnc, int din, int ds, float[][][] into, WorkerPool workers) {
        int blocks = (ds + COLS - 1) / COLS;
        float[][][] p = into != null && into.length == blocks && into[0].length == din ? into : new float[blocks][din][COLS];
        workers.run(blocks, c -> {
            int len = Math.min(COLS, ds - c * COLS);
            for (int i = 0; i < din; i++) {
                System.arraycopy(wEnc, i * ds + c * COLS, p[c][i], 0, len);
            }
        });
        return p;
    }

    /** A tile of four output rows, one per thread of work. */
    static float[][] tile() {
        return new float[4][COLS];
    }

    /** pre[r·ds + j] = b_enc[j] + Σ_i xc[r·din + i] W_enc[i, j], for r in [r0, r1). */
    static void encode(float[] xc, float[][][] packed, float[] bEnc, float[] pre, int r0, int r1, int din, int ds,
                       float[][] tile) {
        for (int c = 0; c < packed.length; c++) {
            int j0 = c * COLS;
            int len = Math.min(COLS, ds - j0);
            float[][] w = packed[c];
            for (int r = r0; r < r1; r += 4) {
                int rows = Math.min(4, r1 - r);
                for (int q = 0; q < 4; q++) {
                    java.util.Arrays.fill(tile[q], 0f);
                    System.arraycopy(bEnc, j0, tile[q], 0, len);
                }
                int i = 0;
                for (; i + 4 <= din; i += 4) {
                    if (rows == 4) {
                        panel(tile, xc, r * din + i, din, w[i], w[i + 1], w[i + 2], w[i + 3]);
                    } else {
                        for (int q = 0; q < rows; q++) {
                            int a = (r + q) * din + i;
                            row(tile[q], xc[a], xc[a + 1], xc[a + 2], xc[a + 3], w[i], w[i + 1], w[i + 2], w[i + 3]);
                        }
                    }
                }
                for (; i < din; i++) {
                    for (int q = 0; q < rows; q++) {
                        axpy(tile[q], 0, xc[(r + q) * din + i], w[i], 0, COLS);
                    }
                }
                for (int q = 0; q < rows; q++) {
                    System.arraycopy(tile[q], 0, pre, (r + q) * ds + j0, len);
                }
            }
        }
    }

    /** Four output rows of the tile += the 4 × 4 coefficients xc[a + q·din + t] times u_t, two rows per pass. */
    private static void panel(float[][] tile, float[] xc, int a, int din, float[] u0, float[] u1, float[] u2,
                              float[] u3) {
        int b = a + din;
        int c = b + din;
        int d = c + din;
        pair(tile[0], tile[1], xc[a], xc[a + 1], xc[a + 2], xc[a + 3], xc[b], xc[b + 1], xc[b + 2], xc[b + 3],
                u0, u1, u2, u3);
        pair(tile[2], tile[3], xc[c], xc[c + 1], xc[c + 2], xc[c + 3], xc[d], xc[d + 1], xc[d + 2], xc[d + 3],
                u0, u1, u2, u3);
    }

    /**
     * Two output rows += coefficients times four packed rows. Two rows per loop, not four: C2 leaves a
     * four-row loop scalar here (measured), while this one runs as SIMD code.
     */
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

    /** One output row += four coefficients times four packed rows, summed in the panel's order. */
    private static void row(float[] y, float a0, float a1, float a2, float a3, float[] u0, float[] u1, float[] u2,
                            float[] u3) {
        for (int j = 0; j < COLS; j++) {
            y[j] = y[j] + a0 * u0[j] + a1 * u1[j] + a2 * u2[j] + a3 * u3[j];
        }
    }

    /** y[yo..yo+len) += a·w[wo..wo+len) (a plain multiply and add: C2 vectorises it, not Math.fma). */
    static void axpy(float[] y, int yo, float a, float[] w, int wo, int len) {
        for (int j = 0; j < len; j++) {
            y[yo + j] += a * w[wo + j];
        }
    }
}
