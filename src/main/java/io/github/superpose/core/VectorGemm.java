package io.github.superpose.core;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Gemm}'s vector path: a register tile of eight rows × one panel (two vectors) held in
 * sixteen accumulators while k runs, each step two panel loads, one broadcast per row and one fused
 * multiply-add per accumulator. Eight rows rather than four halve the panel loads per multiply-add
 * and give the two FMA pipes enough independent chains to cover their latency (on AVX-512 this
 * took one core from about 100 to about 190 GFLOP/s); twelve rows spill registers and ran slower.
 * With {@code gelu} each stored tile goes through {@link GeluErfVector} at once, from L1, so an MLP's
 * hidden layer is written once and never read back from memory for its activation.
 * Loaded only when {@link Simd#ENABLED}, so the JVM resolves the incubating module only then. A
 * last panel narrower than the tile is computed in scratch rows and copied out.
 */
final class VectorGemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Panel width: two vectors. */
    static final int WIDTH = 2 * L;

    private VectorGemm() {}

    static String describe() {
        return L * 32 + "-bit vectors, panels of " + WIDTH + " floats";
    }

    static void multiply(
            float[] a,
            int lda,
            int r0,
            int r1,
            Gemm.Packed b,
            int p0,
            int p1,
            float[] c,
            int ldc,
            float[] bias,
            boolean accumulate,
            boolean gelu) {
        float[] scratch = null;
        int k = b.k;
        for (int p = p0; p < p1; p++) {
            int j0 = p * WIDTH;
            int cols = Math.min(WIDTH, b.n - j0);
            int base = p * k * WIDTH;
            if (cols == WIDTH) {
                int r = r0;
                for (; r + 8 <= r1; r += 8) {
                    eight(a, lda, r, b.data, base, k, c, ldc, j0, bias, accumulate);
                    if (gelu) {
                        geluRows(c, r * ldc + j0, ldc, 8);
                    }
                }
                for (; r + 4 <= r1; r += 4) {
                    four(a, lda, r, b.data, base, k, c, ldc, j0, bias, accumulate);
                    if (gelu) {
                        geluRows(c, r * ldc + j0, ldc, 4);
                    }
                }
                for (; r < r1; r++) {
                    one(a, r * lda, b.data, base, k, c, r * ldc + j0, bias, j0, accumulate);
                    if (gelu) {
                        geluRows(c, r * ldc + j0, 0, 1);
                    }
                }
            } else {
                if (scratch == null) {
                    scratch = new float[WIDTH];
                }
                for (int r = r0; r < r1; r++) {
                    int o = r * ldc + j0;
                    for (int jj = 0; jj < WIDTH; jj++) {
                        scratch[jj] = jj >= cols ? 0f : accumulate ? c[o + jj] : bias != null ? bias[j0 + jj] : 0f;
                    }
                    one(a, r * lda, b.data, base, k, scratch, 0, null, 0, true);
                    if (gelu) {
                        geluRows(scratch, 0, 0, 1);
                    }
                    System.arraycopy(scratch, 0, c, o, cols);
                }
            }
        }
    }

    /** Rows r … r+7 of one full panel, starting from c, or else the bias or zero. */
    private static void eight(
            float[] a,
            int lda,
            int r,
            float[] w,
            int base,
            int k,
            float[] c,
            int ldc,
            int j0,
            float[] bias,
            boolean accumulate) {
        int o0 = r * ldc + j0;
        int o1 = o0 + ldc;
        int o2 = o1 + ldc;
        int o3 = o2 + ldc;
        int o4 = o3 + ldc;
        int o5 = o4 + ldc;
        int o6 = o5 + ldc;
        int o7 = o6 + ldc;
        FloatVector c00;
        FloatVector c01;
        FloatVector c10;
        FloatVector c11;
        FloatVector c20;
        FloatVector c21;
        FloatVector c30;
        FloatVector c31;
        FloatVector c40;
        FloatVector c41;
        FloatVector c50;
        FloatVector c51;
        FloatVector c60;
        FloatVector c61;
        FloatVector c70;
        FloatVector c71;
        if (accumulate) {
            c00 = FloatVector.fromArray(S, c, o0);
            c01 = FloatVector.fromArray(S, c, o0 + L);
            c10 = FloatVector.fromArray(S, c, o1);
            c11 = FloatVector.fromArray(S, c, o1 + L);
            c20 = FloatVector.fromArray(S, c, o2);
            c21 = FloatVector.fromArray(S, c, o2 + L);
            c30 = FloatVector.fromArray(S, c, o3);
            c31 = FloatVector.fromArray(S, c, o3 + L);
            c40 = FloatVector.fromArray(S, c, o4);
            c41 = FloatVector.fromArray(S, c, o4 + L);
            c50 = FloatVector.fromArray(S, c, o5);
            c51 = FloatVector.fromArray(S, c, o5 + L);
            c60 = FloatVector.fromArray(S, c, o6);
            c61 = FloatVector.fromArray(S, c, o6 + L);
            c70 = FloatVector.fromArray(S, c, o7);
            c71 = FloatVector.fromArray(S, c, o7 + L);
        } else {
            FloatVector i0 = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, j0);
            FloatVector i1 = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, j0 + L);
            c00 = i0;
            c01 = i1;
            c10 = i0;
            c11 = i1;
            c20 = i0;
            c21 = i1;
            c30 = i0;
            c31 = i1;
            c40 = i0;
            c41 = i1;
            c50 = i0;
            c51 = i1;
            c60 = i0;
            c61 = i1;
            c70 = i0;
            c71 = i1;
        }
        int a0 = r * lda;
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        int a4 = a3 + lda;
        int a5 = a4 + lda;
        int a6 = a5 + lda;
        int a7 = a6 + lda;
        for (int kk = 0; kk < k; kk++) {
            int q = base + kk * WIDTH;
            FloatVector w0 = FloatVector.fromArray(S, w, q);
            FloatVector w1 = FloatVector.fromArray(S, w, q + L);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + kk]);
            c00 = x0.fma(w0, c00);
            c01 = x0.fma(w1, c01);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + kk]);
            c10 = x1.fma(w0, c10);
            c11 = x1.fma(w1, c11);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + kk]);
            c20 = x2.fma(w0, c20);
            c21 = x2.fma(w1, c21);
            FloatVector x3 = FloatVector.broadcast(S, a[a3 + kk]);
            c30 = x3.fma(w0, c30);
            c31 = x3.fma(w1, c31);
            FloatVector x4 = FloatVector.broadcast(S, a[a4 + kk]);
            c40 = x4.fma(w0, c40);
            c41 = x4.fma(w1, c41);
            FloatVector x5 = FloatVector.broadcast(S, a[a5 + kk]);
            c50 = x5.fma(w0, c50);
            c51 = x5.fma(w1, c51);
            FloatVector x6 = FloatVector.broadcast(S, a[a6 + kk]);
            c60 = x6.fma(w0, c60);
            c61 = x6.fma(w1, c61);
            FloatVector x7 = FloatVector.broadcast(S, a[a7 + kk]);
            c70 = x7.fma(w0, c70);
            c71 = x7.fma(w1, c71);
        }
        c00.intoArray(c, o0);
        c01.intoArray(c, o0 + L);
        c10.intoArray(c, o1);
        c11.intoArray(c, o1 + L);
        c20.intoArray(c, o2);
        c21.intoArray(c, o2 + L);
        c30.intoArray(c, o3);
        c31.intoArray(c, o3 + L);
        c40.intoArray(c, o4);
        c41.intoArray(c, o4 + L);
        c50.intoArray(c, o5);
        c51.intoArray(c, o5 + L);
        c60.intoArray(c, o6);
        c61.intoArray(c, o6 + L);
        c70.intoArray(c, o7);
        c71.intoArray(c, o7 + L);
    }

    /** Rows r … r+3 of one full panel (a tail of fewer than eight rows), as {@link #eight}. */
    private static void four(
            float[] a,
            int lda,
            int r,
            float[] w,
            int base,
            int k,
            float[] c,
            int ldc,
            int j0,
            float[] bias,
            boolean accumulate) {
        int o0 = r * ldc + j0;
        int o1 = o0 + ldc;
        int o2 = o1 + ldc;
        int o3 = o2 + ldc;
        FloatVector c00;
        FloatVector c01;
        FloatVector c10;
        FloatVector c11;
        FloatVector c20;
        FloatVector c21;
        FloatVector c30;
        FloatVector c31;
        if (accumulate) {
            c00 = FloatVector.fromArray(S, c, o0);
            c01 = FloatVector.fromArray(S, c, o0 + L);
            c10 = FloatVector.fromArray(S, c, o1);
            c11 = FloatVector.fromArray(S, c, o1 + L);
            c20 = FloatVector.fromArray(S, c, o2);
            c21 = FloatVector.fromArray(S, c, o2 + L);
            c30 = FloatVector.fromArray(S, c, o3);
            c31 = FloatVector.fromArray(S, c, o3 + L);
        } else {
            FloatVector i0 = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, j0);
            FloatVector i1 = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, j0 + L);
            c00 = i0;
            c10 = i0;
            c20 = i0;
            c30 = i0;
            c01 = i1;
            c11 = i1;
            c21 = i1;
            c31 = i1;
        }
        int a0 = r * lda;
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        for (int kk = 0; kk < k; kk++) {
            int q = base + kk * WIDTH;
            FloatVector w0 = FloatVector.fromArray(S, w, q);
            FloatVector w1 = FloatVector.fromArray(S, w, q + L);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + kk]);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + kk]);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + kk]);
            FloatVector x3 = FloatVector.broadcast(S, a[a3 + kk]);
            c00 = x0.fma(w0, c00);
            c01 = x0.fma(w1, c01);
            c10 = x1.fma(w0, c10);
            c11 = x1.fma(w1, c11);
            c20 = x2.fma(w0, c20);
            c21 = x2.fma(w1, c21);
            c30 = x3.fma(w0, c30);
            c31 = x3.fma(w1, c31);
        }
        c00.intoArray(c, o0);
        c01.intoArray(c, o0 + L);
        c10.intoArray(c, o1);
        c11.intoArray(c, o1 + L);
        c20.intoArray(c, o2);
        c21.intoArray(c, o2 + L);
        c30.intoArray(c, o3);
        c31.intoArray(c, o3 + L);
    }

    /** One row of one panel into c[o … o + WIDTH). */
    private static void one(
            float[] a, int ar, float[] w, int base, int k, float[] c, int o, float[] bias, int j0, boolean accumulate) {
        FloatVector c0;
        FloatVector c1;
        if (accumulate) {
            c0 = FloatVector.fromArray(S, c, o);
            c1 = FloatVector.fromArray(S, c, o + L);
        } else if (bias != null) {
            c0 = FloatVector.fromArray(S, bias, j0);
            c1 = FloatVector.fromArray(S, bias, j0 + L);
        } else {
            c0 = FloatVector.zero(S);
            c1 = FloatVector.zero(S);
        }
        for (int kk = 0; kk < k; kk++) {
            int q = base + kk * WIDTH;
            FloatVector x = FloatVector.broadcast(S, a[ar + kk]);
            c0 = x.fma(FloatVector.fromArray(S, w, q), c0);
            c1 = x.fma(FloatVector.fromArray(S, w, q + L), c1);
        }
        c0.intoArray(c, o);
        c1.intoArray(c, o + L);
    }

    /**
     * GELU on a just-stored tile, rows of {@link #WIDTH} floats from c[o] with stride ldc, while it is in
     * L1. Applied to the accumulators inside the tile methods instead, C2 (JDK 17) boxed the vectors
     * where the branches merge and the kernel fell to a few GFLOP/s; a call after the tile method
     * returns keeps its loop untouched.
     */
    private static void geluRows(float[] c, int o, int ldc, int rows) {
        GeluErfVector.tile(c, o, ldc, rows, WIDTH);
    }
}
