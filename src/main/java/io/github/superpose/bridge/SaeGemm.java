package io.github.superpose.bridge;

/**
 * The SAE's one dense product, the encoder pass pre = b_enc + xc·W_enc for rows [r0, r1) of
 * xc [B, d_in] with W_enc [d_in, d_sae]. W_enc is first packed into column blocks of {@link #COLS}
 * ({@link #pack}): block c holds, for every input i, its own array W_enc[i, c·COLS …]. Three output
 * rows then take four packed rows at a time in a unit-stride loop over whole arrays, the form C2
 * turns into SIMD code (it does not for {@code Math.fma}, nor for several offsets into one array),
 * with the output tile in L1 and the block being reused in L2. Every output element is summed as
 * (((y + a₀u₀) + a₁u₁) + a₂u₂) + a₃u₃ over i ascending in groups of four, whatever the row group,
 * so results are the same for any split of the rows.
 *
 * <pre>float[][][] w = SaeGemm.blocks(din, ds, null); SaeGemm.pack(wEnc, din, ds, w, 0);
 * SaeGemm.encode(xc, w, bEnc, pre, 0, n, 0, 1, din, ds, SaeGemm.tile());</pre>
 */
final class SaeGemm {
    static final int COLS = 128;

    private SaeGemm() {}

    /** Column blocks of W_enc [din, ds]: each [din][COLS], the last zero-padded; reuses {@code into} when it fits. */
    static float[][][] blocks(int din, int ds, float[][][] into) {
        int blocks = (ds + COLS - 1) / COLS;
        return into != null && into.length == blocks && into[0].length == din ? into : new float[blocks][din][COLS];
    }

    /** Copies W_enc's columns [c·COLS, c·COLS + COLS) into block c. */
    static void pack(float[] wEnc, int din, int ds, float[][][] blocks, int c) {
        int len = Math.min(COLS, ds - c * COLS);
        for (int i = 0; i < din; i++) {
            System.arraycopy(wEnc, i * ds + c * COLS, blocks[c][i], 0, len);
        }
    }

    /** A tile of three output rows, one per thread of work. */
    static float[][] tile() {
        return new float[3][COLS];
    }

    /**
     * pre[r·ds + j] = b_enc[j] + Σ_i xc[r·din + i] W_enc[i, j], for r in [r0, r1) and j in column
     * blocks [c0, c1). One block (d_in × COLS floats) serves every row while it sits in L2.
     */
    static void encode(
            float[] xc,
            float[][][] packed,
            float[] bEnc,
            float[] pre,
            int r0,
            int r1,
            int c0,
            int c1,
            int din,
            int ds,
            float[][] tile) {
        for (int c = c0; c < c1; c++) {
            int j0 = c * COLS;
            int len = Math.min(COLS, ds - j0);
            float[][] w = packed[c];
            for (int r = r0; r < r1; r += 3) {
                int rows = Math.min(3, r1 - r);
                for (int q = 0; q < 3; q++) {
                    java.util.Arrays.fill(tile[q], 0f);
                    System.arraycopy(bEnc, j0, tile[q], 0, len);
                }
                int i = 0;
                for (; i + 4 <= din; i += 4) {
                    int a = r * din + i;
                    if (rows == 3) {
                        triple(tile[0], tile[1], tile[2], xc, a, din, w[i], w[i + 1], w[i + 2], w[i + 3]);
                    } else {
                        for (int q = 0; q < rows; q++) {
                            int e = a + q * din;
                            row(tile[q], xc[e], xc[e + 1], xc[e + 2], xc[e + 3], w[i], w[i + 1], w[i + 2], w[i + 3]);
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

    /**
     * Three output rows += their 3 × 4 coefficients xc[a + q·din + t] times u_t. Three rows of four
     * packed rows is the largest such loop C2 still compiles to SIMD code (measured: four rows of four,
     * or three of six, stay scalar); it loads each packed row once for three output rows.
     */
    private static void triple(
            float[] y0,
            float[] y1,
            float[] y2,
            float[] xc,
            int a,
            int din,
            float[] u0,
            float[] u1,
            float[] u2,
            float[] u3) {
        float a0 = xc[a];
        float a1 = xc[a + 1];
        float a2 = xc[a + 2];
        float a3 = xc[a + 3];
        int b = a + din;
        float b0 = xc[b];
        float b1 = xc[b + 1];
        float b2 = xc[b + 2];
        float b3 = xc[b + 3];
        int c = b + din;
        float c0 = xc[c];
        float c1 = xc[c + 1];
        float c2 = xc[c + 2];
        float c3 = xc[c + 3];
        for (int j = 0; j < COLS; j++) {
            float v0 = u0[j];
            float v1 = u1[j];
            float v2 = u2[j];
            float v3 = u3[j];
            y0[j] = y0[j] + a0 * v0 + a1 * v1 + a2 * v2 + a3 * v3;
            y1[j] = y1[j] + b0 * v0 + b1 * v1 + b2 * v2 + b3 * v3;
            y2[j] = y2[j] + c0 * v0 + c1 * v1 + c2 * v2 + c3 * v3;
        }
    }

    /** One output row += four coefficients times four packed rows, summed in {@link #triple}'s order. */
    private static void row(
            float[] y, float a0, float a1, float a2, float a3, float[] u0, float[] u1, float[] u2, float[] u3) {
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
