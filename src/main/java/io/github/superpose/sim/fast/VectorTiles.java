package io.github.superpose.sim.fast;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Tiles}' vector path: four rows by two vectors held in eight accumulators while k runs,
 * each k one load per vector of b, one broadcast per row and eight fused multiply-adds. Loaded
 * only when the vector API is in use, so the JVM resolves the incubating module only then.
 */
final class VectorTiles {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorTiles() {}

    /** Whether a whole number of vectors makes up {@code columns} floats. */
    static boolean fits(int columns) {
        return columns % L == 0;
    }

    static void multiply(
            float[][] a, int rows, int k, float[][] b, int cols, float[][] c, float[] bias, boolean accumulate) {
        int i = 0;
        for (; i + 4 <= rows; i += 4) {
            int col = 0;
            for (; col + 2 * L <= cols; col += 2 * L) {
                four(a, i, k, b, col, c, bias, accumulate);
            }
            for (; col < cols; col += L) {
                fourByOne(a, i, k, b, col, c, bias, accumulate);
            }
        }
        for (; i < rows; i++) {
            for (int col = 0; col < cols; col += L) {
                one(a[i], k, b, col, c[i], bias, accumulate);
            }
        }
    }

    static void axpy(float[] y, float a, float[] v, int cols) {
        FloatVector x = FloatVector.broadcast(S, a);
        for (int col = 0; col < cols; col += L) {
            x.fma(FloatVector.fromArray(S, v, col), FloatVector.fromArray(S, y, col))
                    .intoArray(y, col);
        }
    }

    private static FloatVector init(float[] c, int col, float[] bias, boolean accumulate) {
        if (accumulate) {
            return FloatVector.fromArray(S, c, col);
        }
        return bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, col);
    }

    /** Rows i … i+3, columns col … col + 2L. */
    private static void four(float[][] a, int i, int k, float[][] b, int col, float[][] c, float[] bias, boolean acc) {
        float[] a0 = a[i];
        float[] a1 = a[i + 1];
        float[] a2 = a[i + 2];
        float[] a3 = a[i + 3];
        float[] r0 = c[i];
        float[] r1 = c[i + 1];
        float[] r2 = c[i + 2];
        float[] r3 = c[i + 3];
        int hi = col + L;
        FloatVector c00 = init(r0, col, bias, acc);
        FloatVector c01 = init(r0, hi, bias, acc);
        FloatVector c10 = init(r1, col, bias, acc);
        FloatVector c11 = init(r1, hi, bias, acc);
        FloatVector c20 = init(r2, col, bias, acc);
        FloatVector c21 = init(r2, hi, bias, acc);
        FloatVector c30 = init(r3, col, bias, acc);
        FloatVector c31 = init(r3, hi, bias, acc);
        for (int kk = 0; kk < k; kk++) {
            float[] bk = b[kk];
            FloatVector w0 = FloatVector.fromArray(S, bk, col);
            FloatVector w1 = FloatVector.fromArray(S, bk, hi);
            FloatVector x0 = FloatVector.broadcast(S, a0[kk]);
            FloatVector x1 = FloatVector.broadcast(S, a1[kk]);
            FloatVector x2 = FloatVector.broadcast(S, a2[kk]);
            FloatVector x3 = FloatVector.broadcast(S, a3[kk]);
            c00 = x0.fma(w0, c00);
            c01 = x0.fma(w1, c01);
            c10 = x1.fma(w0, c10);
            c11 = x1.fma(w1, c11);
            c20 = x2.fma(w0, c20);
            c21 = x2.fma(w1, c21);
            c30 = x3.fma(w0, c30);
            c31 = x3.fma(w1, c31);
        }
        c00.intoArray(r0, col);
        c01.intoArray(r0, hi);
        c10.intoArray(r1, col);
        c11.intoArray(r1, hi);
        c20.intoArray(r2, col);
        c21.intoArray(r2, hi);
        c30.intoArray(r3, col);
        c31.intoArray(r3, hi);
    }

    /** Rows i … i+3, columns col … col + L. */
    private static void fourByOne(
            float[][] a, int i, int k, float[][] b, int col, float[][] c, float[] bias, boolean acc) {
        float[] a0 = a[i];
        float[] a1 = a[i + 1];
        float[] a2 = a[i + 2];
        float[] a3 = a[i + 3];
        FloatVector c0 = init(c[i], col, bias, acc);
        FloatVector c1 = init(c[i + 1], col, bias, acc);
        FloatVector c2 = init(c[i + 2], col, bias, acc);
        FloatVector c3 = init(c[i + 3], col, bias, acc);
        for (int kk = 0; kk < k; kk++) {
            FloatVector w = FloatVector.fromArray(S, b[kk], col);
            c0 = FloatVector.broadcast(S, a0[kk]).fma(w, c0);
            c1 = FloatVector.broadcast(S, a1[kk]).fma(w, c1);
            c2 = FloatVector.broadcast(S, a2[kk]).fma(w, c2);
            c3 = FloatVector.broadcast(S, a3[kk]).fma(w, c3);
        }
        c0.intoArray(c[i], col);
        c1.intoArray(c[i + 1], col);
        c2.intoArray(c[i + 2], col);
        c3.intoArray(c[i + 3], col);
    }

    /** One row, one vector of columns. */
    private static void one(float[] ai, int k, float[][] b, int col, float[] ci, float[] bias, boolean acc) {
        FloatVector s = init(ci, col, bias, acc);
        for (int kk = 0; kk < k; kk++) {
            s = FloatVector.broadcast(S, ai[kk]).fma(FloatVector.fromArray(S, b[kk], col), s);
        }
        s.intoArray(ci, col);
    }
}
