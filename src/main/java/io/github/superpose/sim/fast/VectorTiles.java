package io.github.superpose.sim.fast;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Tiles}' vector path: register tiles of eight rows by two vectors (sixteen accumulators,
 * half the 32 vector registers of AVX-512, so fused multiply-adds of neighbouring k overlap their
 * latency), each k one load per vector of b, one broadcast per row and sixteen fused
 * multiply-adds; four-row and one-row tiles take the remaining rows. Tile shapes change no bits:
 * every element is one chain over k whatever the tile. Loaded only when the vector API is in
 * use, so the JVM resolves the incubating module only then.
 */
final class VectorTiles {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final FloatVector ZERO = FloatVector.zero(S);

    private VectorTiles() {}

    /** Whether a whole number of vectors makes up {@code columns} floats. */
    static boolean fits(int columns) {
        return columns % L == 0;
    }

    /** As {@link Tiles#multiply}; with a gate, each finished tile of c is gated while in cache. */
    static void multiply(
            float[][] a,
            int rows,
            int k,
            float[][] b,
            int cols,
            float[][] c,
            float[] bias,
            boolean accumulate,
            Gate gate) {
        int i = 0;
        for (; i + 8 <= rows; i += 8) {
            int col = 0;
            for (; col + 2 * L <= cols; col += 2 * L) {
                eight(a, i, k, b, col, c, bias, accumulate);
                gate(gate, c, i, 8, col, 2 * L);
            }
            for (; col < cols; col += L) {
                eightByOne(a, i, k, b, col, c, bias, accumulate);
                gate(gate, c, i, 8, col, L);
            }
        }
        for (; i + 4 <= rows; i += 4) {
            int col = 0;
            for (; col + 2 * L <= cols; col += 2 * L) {
                four(a, i, k, b, col, c, bias, accumulate);
                gate(gate, c, i, 4, col, 2 * L);
            }
            for (; col < cols; col += L) {
                fourByOne(a, i, k, b, col, c, bias, accumulate);
                gate(gate, c, i, 4, col, L);
            }
        }
        for (; i < rows; i++) {
            for (int col = 0; col < cols; col += L) {
                one(a[i], k, b, col, c[i], bias, accumulate);
            }
            gate(gate, c, i, 1, 0, cols);
        }
    }

    static void axpy(float[] y, float a, float[] v, int cols) {
        FloatVector x = FloatVector.broadcast(S, a);
        for (int col = 0; col < cols; col += L) {
            x.fma(FloatVector.fromArray(S, v, col), FloatVector.fromArray(S, y, col))
                    .intoArray(y, col);
        }
    }

    /**
     * {@link Gate#row} on rows [i, i + count), columns [col, col + width), rows in ascending order
     * for each column, lane for lane the same operations as the scalar form.
     */
    private static void gate(Gate gate, float[][] c, int i, int count, int col, int width) {
        if (gate == null) {
            return;
        }
        float[] loss = gate.loss();
        float[] db = gate.db();
        float[][] x = gate.x();
        boolean relu = gate.relu();
        boolean signed = gate.signed();
        for (int f = col; f < col + width; f += L) {
            FloatVector imp = FloatVector.fromArray(S, gate.importance(), f);
            FloatVector coef = FloatVector.fromArray(S, gate.coef(), f);
            FloatVector lossV = FloatVector.fromArray(S, loss, f);
            FloatVector dbV = FloatVector.fromArray(S, db, f);
            for (int r = i; r < i + count; r++) {
                if (r >= gate.live()) {
                    ZERO.intoArray(c[r], f);
                    continue;
                }
                FloatVector pre = FloatVector.fromArray(S, c[r], f);
                FloatVector xv = FloatVector.fromArray(S, x[r], f);
                FloatVector out = relu ? pre.max(0f) : pre;
                FloatVector d = out.sub(signed ? xv.abs() : xv);
                lossV = imp.mul(d).fma(d, lossV);
                FloatVector g = coef.mul(d);
                if (relu) {
                    // 1 iff pre > 0: the scalar form's clamp of pre·2^200 (a NaN pre gives a NaN d either way)
                    g = g.mul(ZERO.blend(1f, pre.compare(VectorOperators.GT, 0f)));
                }
                g.intoArray(c[r], f);
                dbV = dbV.add(g);
            }
            lossV.intoArray(loss, f);
            dbV.intoArray(db, f);
        }
    }

    private static FloatVector init(float[] c, int col, float[] bias, boolean accumulate) {
        if (accumulate) {
            return FloatVector.fromArray(S, c, col);
        }
        return bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, col);
    }

    /** Rows i … i+7, columns col … col + 2L. */
    private static void eight(float[][] a, int i, int k, float[][] b, int col, float[][] c, float[] bias, boolean acc) {
        float[] a0 = a[i];
        float[] a1 = a[i + 1];
        float[] a2 = a[i + 2];
        float[] a3 = a[i + 3];
        float[] a4 = a[i + 4];
        float[] a5 = a[i + 5];
        float[] a6 = a[i + 6];
        float[] a7 = a[i + 7];
        int hi = col + L;
        FloatVector c00 = init(c[i], col, bias, acc);
        FloatVector c01 = init(c[i], hi, bias, acc);
        FloatVector c10 = init(c[i + 1], col, bias, acc);
        FloatVector c11 = init(c[i + 1], hi, bias, acc);
        FloatVector c20 = init(c[i + 2], col, bias, acc);
        FloatVector c21 = init(c[i + 2], hi, bias, acc);
        FloatVector c30 = init(c[i + 3], col, bias, acc);
        FloatVector c31 = init(c[i + 3], hi, bias, acc);
        FloatVector c40 = init(c[i + 4], col, bias, acc);
        FloatVector c41 = init(c[i + 4], hi, bias, acc);
        FloatVector c50 = init(c[i + 5], col, bias, acc);
        FloatVector c51 = init(c[i + 5], hi, bias, acc);
        FloatVector c60 = init(c[i + 6], col, bias, acc);
        FloatVector c61 = init(c[i + 6], hi, bias, acc);
        FloatVector c70 = init(c[i + 7], col, bias, acc);
        FloatVector c71 = init(c[i + 7], hi, bias, acc);
        for (int kk = 0; kk < k; kk++) {
            float[] bk = b[kk];
            FloatVector w0 = FloatVector.fromArray(S, bk, col);
            FloatVector w1 = FloatVector.fromArray(S, bk, hi);
            FloatVector x = FloatVector.broadcast(S, a0[kk]);
            c00 = x.fma(w0, c00);
            c01 = x.fma(w1, c01);
            x = FloatVector.broadcast(S, a1[kk]);
            c10 = x.fma(w0, c10);
            c11 = x.fma(w1, c11);
            x = FloatVector.broadcast(S, a2[kk]);
            c20 = x.fma(w0, c20);
            c21 = x.fma(w1, c21);
            x = FloatVector.broadcast(S, a3[kk]);
            c30 = x.fma(w0, c30);
            c31 = x.fma(w1, c31);
            x = FloatVector.broadcast(S, a4[kk]);
            c40 = x.fma(w0, c40);
            c41 = x.fma(w1, c41);
            x = FloatVector.broadcast(S, a5[kk]);
            c50 = x.fma(w0, c50);
            c51 = x.fma(w1, c51);
            x = FloatVector.broadcast(S, a6[kk]);
            c60 = x.fma(w0, c60);
            c61 = x.fma(w1, c61);
            x = FloatVector.broadcast(S, a7[kk]);
            c70 = x.fma(w0, c70);
            c71 = x.fma(w1, c71);
        }
        c00.intoArray(c[i], col);
        c01.intoArray(c[i], hi);
        c10.intoArray(c[i + 1], col);
        c11.intoArray(c[i + 1], hi);
        c20.intoArray(c[i + 2], col);
        c21.intoArray(c[i + 2], hi);
        c30.intoArray(c[i + 3], col);
        c31.intoArray(c[i + 3], hi);
        c40.intoArray(c[i + 4], col);
        c41.intoArray(c[i + 4], hi);
        c50.intoArray(c[i + 5], col);
        c51.intoArray(c[i + 5], hi);
        c60.intoArray(c[i + 6], col);
        c61.intoArray(c[i + 6], hi);
        c70.intoArray(c[i + 7], col);
        c71.intoArray(c[i + 7], hi);
    }

    /** Rows i … i+7, columns col … col + L. */
    private static void eightByOne(
            float[][] a, int i, int k, float[][] b, int col, float[][] c, float[] bias, boolean acc) {
        float[] a0 = a[i];
        float[] a1 = a[i + 1];
        float[] a2 = a[i + 2];
        float[] a3 = a[i + 3];
        float[] a4 = a[i + 4];
        float[] a5 = a[i + 5];
        float[] a6 = a[i + 6];
        float[] a7 = a[i + 7];
        FloatVector c0 = init(c[i], col, bias, acc);
        FloatVector c1 = init(c[i + 1], col, bias, acc);
        FloatVector c2 = init(c[i + 2], col, bias, acc);
        FloatVector c3 = init(c[i + 3], col, bias, acc);
        FloatVector c4 = init(c[i + 4], col, bias, acc);
        FloatVector c5 = init(c[i + 5], col, bias, acc);
        FloatVector c6 = init(c[i + 6], col, bias, acc);
        FloatVector c7 = init(c[i + 7], col, bias, acc);
        for (int kk = 0; kk < k; kk++) {
            FloatVector w = FloatVector.fromArray(S, b[kk], col);
            c0 = FloatVector.broadcast(S, a0[kk]).fma(w, c0);
            c1 = FloatVector.broadcast(S, a1[kk]).fma(w, c1);
            c2 = FloatVector.broadcast(S, a2[kk]).fma(w, c2);
            c3 = FloatVector.broadcast(S, a3[kk]).fma(w, c3);
            c4 = FloatVector.broadcast(S, a4[kk]).fma(w, c4);
            c5 = FloatVector.broadcast(S, a5[kk]).fma(w, c5);
            c6 = FloatVector.broadcast(S, a6[kk]).fma(w, c6);
            c7 = FloatVector.broadcast(S, a7[kk]).fma(w, c7);
        }
        c0.intoArray(c[i], col);
        c1.intoArray(c[i + 1], col);
        c2.intoArray(c[i + 2], col);
        c3.intoArray(c[i + 3], col);
        c4.intoArray(c[i + 4], col);
        c5.intoArray(c[i + 5], col);
        c6.intoArray(c[i + 6], col);
        c7.intoArray(c[i + 7], col);
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
