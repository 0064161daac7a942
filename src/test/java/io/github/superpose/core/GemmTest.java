package io.github.superpose.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The packed product against a double-precision reference, the vector path against the scalar path
 * bit for bit, and the result independent of the task split and thread count, over shapes that hit
 * every tail: rows past the last eight-row tile (taken four, then one at a time), a last panel narrower than the tile, k = 1.
 */
class GemmTest {
    private static final int[] ROWS = {1, 3, 4, 5, 9, 13, 67, 130};
    private static final int[] KS = {1, 7, 33, 130};
    private static final int[] NS = {1, 5, 31, 32, 33, 100};

    @Test
    void theBuildRunsTheVectorPath() {
        assertTrue(Simd.ENABLED, "the tests run with --add-modules jdk.incubator.vector: " + Simd.describe());
    }

    @Test
    void matchesAReferenceAndTheScalarPathBitForBit() {
        Random rnd = new Random(11);
        try (WorkerPool pool = WorkerPool.forThreads(2, "gemm-test")) {
            for (int rows : ROWS) {
                for (int k : KS) {
                    for (int n : NS) {
                        for (int mode = 0; mode < 3; mode++) {
                            check(rnd, rows, k, n, mode, pool);
                        }
                    }
                }
            }
        }
    }

    /** mode 0: c = a·b; 1: c = bias + a·b; 2: c += a·b. */
    private static void check(Random rnd, int rows, int k, int n, int mode, WorkerPool pool) {
        float[] a = gaussian(rnd, rows * k);
        float[] b = gaussian(rnd, k * n);
        float[] bias = mode == 1 ? gaussian(rnd, n) : null;
        float[] start = gaussian(rnd, rows * n);
        Gemm.Packed packed = Gemm.pack(b, k, n);
        String at = rows + "×" + k + "×" + n + " mode " + mode;

        float[] fast = start.clone();
        Gemm.multiply(a, k, rows, packed, fast, n, bias, mode == 2, null);
        float[] scalar = start.clone();
        Gemm.multiplyScalar(a, k, 0, rows, packed, 0, packed.panels(), scalar, n, bias, mode == 2);
        assertArrayEquals(scalar, fast, "vector and scalar paths, " + at);
        float[] threaded = start.clone();
        Gemm.multiply(a, k, rows, packed, threaded, n, bias, mode == 2, pool);
        assertArrayEquals(fast, threaded, "two threads, " + at);

        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < n; j++) {
                double init = mode == 2 ? start[r * n + j] : mode == 1 ? bias[j] : 0;
                double sum = init;
                double scale = Math.abs(init);
                for (int kk = 0; kk < k; kk++) {
                    sum += (double) a[r * k + kk] * b[kk * n + j];
                    scale += Math.abs((double) a[r * k + kk] * b[kk * n + j]);
                }
                assertEquals(sum, fast[r * n + j], 1e-6 * (scale + 1), at + " at " + r + "," + j);
            }
        }
    }

    @Test
    void theFusedGeluEpilogueEqualsGeluOfTheProductBitForBit() {
        Random rnd = new Random(23);
        for (int rows : ROWS) {
            for (int n : NS) {
                int k = 33;
                float[] a = gaussian(rnd, rows * k);
                float[] b = gaussian(rnd, k * n);
                float[] bias = gaussian(rnd, n);
                Gemm.Packed packed = Gemm.pack(b, k, n);
                float[] expected = new float[rows * n];
                Gemm.multiply(a, k, rows, packed, expected, n, bias, false, null);
                GeluErf.scalar(expected, 0, expected.length);
                // a row and panel range inside a wider matrix: cells outside it must stay untouched
                int ldc = n + 3;
                float[] fused = new float[rows * ldc];
                Arrays.fill(fused, Float.NaN);
                Gemm.multiplyGelu(a, k, 0, rows, packed, 0, packed.panels(), fused, ldc, bias);
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < ldc; j++) {
                        String at = rows + "×" + k + "×" + n + " at " + r + "," + j;
                        if (j < n) {
                            assertEquals(
                                    Float.floatToIntBits(expected[r * n + j]),
                                    Float.floatToIntBits(fused[r * ldc + j]),
                                    at);
                        } else {
                            assertTrue(Float.isNaN(fused[r * ldc + j]), "wrote past column n: " + at);
                        }
                    }
                }
            }
        }
    }

    @Test
    void packingATransposeEqualsPackingTheMatrix() {
        Random rnd = new Random(5);
        int k = 37;
        int n = 45;
        float[] b = gaussian(rnd, k * n);
        float[] t = new float[n * k];
        for (int kk = 0; kk < k; kk++) {
            for (int j = 0; j < n; j++) {
                t[j * k + kk] = b[kk * n + j];
            }
        }
        assertArrayEquals(Gemm.pack(b, k, n).data, Gemm.packTransposed(t, n, k).data);
    }

    @Test
    void rowStridesLeaveOtherColumnsAlone() {
        Random rnd = new Random(9);
        int rows = 6;
        int k = 10;
        int n = 20;
        int lda = 13;
        int ldc = 27;
        float[] a = gaussian(rnd, rows * lda);
        float[] b = gaussian(rnd, k * n);
        float[] c = gaussian(rnd, rows * ldc);
        float[] before = c.clone();
        Gemm.multiply(a, lda, rows, Gemm.pack(b, k, n), c, ldc, null, false, null);
        for (int r = 0; r < rows; r++) {
            for (int j = n; j < ldc; j++) {
                assertEquals(before[r * ldc + j], c[r * ldc + j], "column " + j + " past n is untouched");
            }
            double sum = 0;
            for (int kk = 0; kk < k; kk++) {
                sum += (double) a[r * lda + kk] * b[kk * n];
            }
            assertEquals(sum, c[r * ldc], 1e-5);
        }
    }

    private static float[] gaussian(Random rnd, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }
}
