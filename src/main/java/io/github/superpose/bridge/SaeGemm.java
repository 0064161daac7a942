package io.github.superpose.bridge;

/**
 * The SAE's one dense product, the encoder pass pre = b_enc + xc·W_enc for rows [r0, r1) of
 * xc [B, d_in] with W_enc [d_in, d_sae], written as panel updates: four output rows take four rows of
 * W_enc at a time (sixteen fused multiply-adds per four loaded W values), over column blocks of
 * {@link #COLS} so the four output segments stay in L1, and input blocks of {@link #DEPTH} rows of
 * W_enc so the block being reused stays in L2. Every output element is one chain of fused
 * multiply-adds over i ascending, whatever the blocking or the row group, so results are the same
 * for any split of the rows.
 */
final class SaeGemm {
    static final int COLS = 256;
    static final int DEPTH = 128;

    private SaeGemm() {
    }

    /** pre[r·ds + j] = b_enc[j] + Σ_i xc[r·din + i] W_enc[i·ds + j], for r in [r0, r1). */
    static void encode(float[] xc, float[] wEnc, float[] bEnc, float[] pre, int r0, int r1, int din, int ds) {
        for (int r = r0; r < r1; r++) {
            System.arraycopy(bEnc, 0, pre, r * ds, ds);
        }
        for (int jb = 0; jb < ds; jb += COLS) {
            int len = Math.min(COLS, ds - jb);
            for (int ib = 0; ib < din; ib += DEPTH) {
                int ie = Math.min(din, ib + DEPTH);
                int r = r0;
                for (; r + 4 <= r1; r += 4) {
                    fourRows(xc, wEnc, pre, r, ib, ie, jb, len, din, ds);
                }
                for (; r < r1; r++) {
                    for (int i = ib; i < ie; i++) {
                        axpy(pre, r * ds + jb, xc[r * din + i], wEnc, i * ds + jb, len);
                    }
                }
            }
        }
    }

    private static void fourRows(float[] xc, float[] w, float[] pre, int r, int ib, int ie, int jb, int len,
                                 int din, int ds) {
        int x0 = r * din;
        int x1 = x0 + din;
        int x2 = x1 + din;
        int x3 = x2 + din;
        int y0 = r * ds + jb;
        int i = ib;
        for (; i + 4 <= ie; i += 4) {
            int w0 = i * ds + jb;
            panel(pre, y0, ds, w, w0, ds,
                    xc[x0 + i], xc[x0 + i + 1], xc[x0 + i + 2], xc[x0 + i + 3],
                    xc[x1 + i], xc[x1 + i + 1], xc[x1 + i + 2], xc[x1 + i + 3],
                    xc[x2 + i], xc[x2 + i + 1], xc[x2 + i + 2], xc[x2 + i + 3],
                    xc[x3 + i], xc[x3 + i + 1], xc[x3 + i + 2], xc[x3 + i + 3], len);
        }
        for (; i < ie; i++) {
            int w0 = i * ds + jb;
            axpy(pre, y0, xc[x0 + i], w, w0, len);
            axpy(pre, y0 + ds, xc[x1 + i], w, w0, len);
            axpy(pre, y0 + 2 * ds, xc[x2 + i], w, w0, len);
            axpy(pre, y0 + 3 * ds, xc[x3 + i], w, w0, len);
        }
    }

    /** y[yo..yo+len) = fma chain of a·w[wo..]: one input row into one output row. */
    static void axpy(float[] y, int yo, float a, float[] w, int wo, int len) {
        for (int j = 0; j < len; j++) {
            y[yo + j] = Math.fma(a, w[wo + j], y[yo + j]);
        }
    }

    /** Four output rows (stride ys) += the 4 × 4 coefficients times four rows of w (stride ws). */
    private static void panel(float[] y, int yo, int ys, float[] w, int wo, int ws,
                              float a00, float a01, float a02, float a03,
                              float a10, float a11, float a12, float a13,
                              float a20, float a21, float a22, float a23,
                              float a30, float a31, float a32, float a33, int len) {
        int o1 = yo + ys;
        int o2 = o1 + ys;
        int o3 = o2 + ys;
        int w1 = wo + ws;
        int w2 = w1 + ws;
        int w3 = w2 + ws;
        for (int j = 0; j < len; j++) {
            float u0 = w[wo + j];
            float u1 = w[w1 + j];
            float u2 = w[w2 + j];
            float u3 = w[w3 + j];
            y[yo + j] = Math.fma(a03, u3, Math.fma(a02, u2, Math.fma(a01, u1, Math.fma(a00, u0, y[yo + j]))));
            y[o1 + j] = Math.fma(a13, u3, Math.fma(a12, u2, Math.fma(a11, u1, Math.fma(a10, u0, y[o1 + j]))));
            y[o2 + j] = Math.fma(a23, u3, Math.fma(a22, u2, Math.fma(a21, u1, Math.fma(a20, u0, y[o2 + j]))));
            y[o3 + j] = Math.fma(a33, u3, Math.fma(a32, u2, Math.fma(a31, u1, Math.fma(a30, u0, y[o3 + j]))));
        }
    }
}
