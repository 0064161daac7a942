package io.github.superpose.sim.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The row-array products against a double-precision reference, and the vector path against the
 * scalar path bit for bit, over shapes that hit every tail: rows not a multiple of four, a last
 * column block of one vector, k = 0 and 1, and b rows listed out of order.
 */
class TilesTest {
    private static final int[] ROWS = {1, 3, 4, 5, 9, 40, 66};
    private static final int[] KS = {0, 1, 7, 33, 130};
    private static final int[] COLS = {16, 32, 48, 64, 112};

    @Test
    void theBuildRunsTheVectorPath() {
        assertTrue(Tiles.VECTOR, "the tests run with --add-modules jdk.incubator.vector on a 16-float multiple");
    }

    @Test
    void matchesAReferenceAndTheScalarPathBitForBit() {
        Random rnd = new Random(3);
        for (int rows : ROWS) {
            for (int k : KS) {
                for (int cols : COLS) {
                    for (int mode = 0; mode < 3; mode++) {
                        check(rnd, rows, k, cols, mode);
                    }
                }
            }
        }
    }

    /** mode 0: c = a·b; 1: c = bias + a·b; 2: c += a·b. b's rows are a shuffled list of row arrays. */
    private static void check(Random rnd, int rows, int k, int cols, int mode) {
        float[][] a = gaussian(rnd, rows, k + 3);
        float[][] pool = gaussian(rnd, k + 2, cols + 16);
        float[][] b = new float[k][];
        for (int kk = 0; kk < k; kk++) {
            b[kk] = pool[rnd.nextInt(pool.length)];
        }
        float[] bias = mode == 1 ? gaussian(rnd, 1, cols)[0] : null;
        float[][] start = gaussian(rnd, rows + 2, cols + 16);
        String at = rows + "×" + k + "×" + cols + " mode " + mode;

        float[][] fast = copy(start);
        Tiles.multiply(a, rows, k, b, cols, fast, bias, mode == 2);
        float[][] scalar = copy(start);
        Tiles.multiplyScalar(a, rows, k, b, cols, scalar, bias, mode == 2);
        for (int i = 0; i < fast.length; i++) {
            assertArrayEquals(scalar[i], fast[i], "vector and scalar paths, " + at + ", row " + i);
        }
        for (int i = 0; i < start.length; i++) {
            for (int col = 0; col < start[i].length; col++) {
                if (i >= rows || col >= cols) {
                    assertEquals(start[i][col], fast[i][col], "untouched outside the block, " + at);
                    continue;
                }
                double init = mode == 2 ? start[i][col] : mode == 1 ? bias[col] : 0;
                double sum = init;
                double scale = Math.abs(init);
                for (int kk = 0; kk < k; kk++) {
                    sum += (double) a[i][kk] * b[kk][col];
                    scale += Math.abs((double) a[i][kk] * b[kk][col]);
                }
                assertEquals(sum, fast[i][col], 1e-6 * (scale + 1), at + " at " + i + "," + col);
            }
        }
    }

    @Test
    void rejectsAColumnCountOffTheBlock() {
        float[][] a = new float[1][1];
        float[][] c = new float[1][20];
        assertThrows(
                IllegalArgumentException.class,
                () -> Tiles.multiply(a, 1, 1, new float[][] {new float[20]}, 20, c, null, false));
    }

    private static float[][] gaussian(Random rnd, int rows, int cols) {
        float[][] out = new float[rows][cols];
        for (float[] r : out) {
            for (int j = 0; j < cols; j++) {
                r[j] = (float) rnd.nextGaussian();
            }
        }
        return out;
    }

    private static float[][] copy(float[][] a) {
        float[][] out = new float[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
        }
        return out;
    }
}
