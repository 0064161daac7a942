package io.github.superpose.sim.fast;

import io.github.superpose.core.Simd;

/**
 * The panel kernel's products on row arrays: c[i][col] = init + Σ_k a[i][k]·b[k][col], where b is
 * given as one array per k (so a caller may list any rows, in any order, as the k axis). Every
 * element is one chain of fused multiply-adds over k ascending from its initial value, on the
 * vector path ({@link Simd#ENABLED}, register tiles of up to eight rows by two vectors) and on
 * the scalar path alike, so the two agree bit for bit. Column counts are multiples of {@link #COLUMNS}; the
 * caller pads its rows to that.
 */
final class Tiles {
    /** Column counts and row lengths are multiples of this. */
    static final int COLUMNS = 16;
    /** Whether the vector path runs: the vector API is in use and its vectors divide COLUMNS. */
    static final boolean VECTOR = Simd.ENABLED && VectorTiles.fits(COLUMNS);

    private Tiles() {}

    /**
     * c[i][0..cols) = init + Σ_{kk < k} a[i][kk]·b[kk][0..cols) for i in [0, rows), where init is
     * c's own row when {@code accumulate}, else {@code bias} (length ≥ cols) when given, else 0.
     *
     * @param cols a multiple of {@link #COLUMNS}
     */
    static void multiply(
            float[][] a, int rows, int k, float[][] b, int cols, float[][] c, float[] bias, boolean accumulate) {
        if (cols % COLUMNS != 0) {
            throw new IllegalArgumentException("cols " + cols + " is not a multiple of " + COLUMNS);
        }
        if (VECTOR) {
            VectorTiles.multiply(a, rows, k, b, cols, c, bias, accumulate, null);
        } else {
            multiplyScalar(a, rows, k, b, cols, c, bias, accumulate);
        }
    }

    /**
     * c[i][0..cols) = bias + Σ_{kk < k} a[i][kk]·b[kk][0..cols), then {@link Gate#row} on each row
     * of c (rows in ascending order for every column): the output product and its gate in one pass,
     * each block gated while it is still in cache.
     *
     * @param cols a multiple of {@link #COLUMNS}
     */
    static void multiplyGated(
            float[][] a, int rows, int k, float[][] b, int cols, float[][] c, float[] bias, Gate gate) {
        if (cols % COLUMNS != 0) {
            throw new IllegalArgumentException("cols " + cols + " is not a multiple of " + COLUMNS);
        }
        if (VECTOR) {
            VectorTiles.multiply(a, rows, k, b, cols, c, bias, false, gate);
        } else {
            multiplyScalar(a, rows, k, b, cols, c, bias, false);
            for (int i = 0; i < rows; i++) {
                gate.row(c[i], i, 0, cols);
            }
        }
    }

    /** y[col] = fma(a, v[col], y[col]) for col in [0, cols); cols a multiple of {@link #COLUMNS}. */
    static void axpy(float[] y, float a, float[] v, int cols) {
        if (VECTOR) {
            VectorTiles.axpy(y, a, v, cols);
            return;
        }
        for (int col = 0; col < cols; col++) {
            y[col] = Math.fma(a, v[col], y[col]);
        }
    }

    /** The scalar path: the same chains as the vector path, one row at a time. */
    static void multiplyScalar(
            float[][] a, int rows, int k, float[][] b, int cols, float[][] c, float[] bias, boolean accumulate) {
        for (int i = 0; i < rows; i++) {
            float[] ci = c[i];
            float[] ai = a[i];
            if (!accumulate) {
                for (int col = 0; col < cols; col++) {
                    ci[col] = bias == null ? 0f : bias[col];
                }
            }
            // four k per pass (one nested chain per column, the same order as one k per pass),
            // so a row of c is loaded and stored once per four rows of b
            int kk = 0;
            for (; kk + 3 < k; kk += 4) {
                float x0 = ai[kk];
                float x1 = ai[kk + 1];
                float x2 = ai[kk + 2];
                float x3 = ai[kk + 3];
                float[] b0 = b[kk];
                float[] b1 = b[kk + 1];
                float[] b2 = b[kk + 2];
                float[] b3 = b[kk + 3];
                for (int col = 0; col < cols; col++) {
                    ci[col] = Math.fma(
                            x3, b3[col], Math.fma(x2, b2[col], Math.fma(x1, b1[col], Math.fma(x0, b0[col], ci[col]))));
                }
            }
            for (; kk < k; kk++) {
                float x = ai[kk];
                float[] bk = b[kk];
                for (int col = 0; col < cols; col++) {
                    ci[col] = Math.fma(x, bk[col], ci[col]);
                }
            }
        }
    }
}
