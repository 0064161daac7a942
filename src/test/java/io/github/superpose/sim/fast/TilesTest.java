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
    void theGatedProductMatchesTheScalarPathBitForBit() {
        Random rnd = new Random(7);
        for (int rows : ROWS) {
            for (int k : new int[] {0, 3, 30}) {
                for (int cols : COLS) {
                    for (int mode = 0; mode < 4; mode++) {
                        checkGated(rnd, rows, k, cols, mode % 2 == 0, mode >= 2);
                    }
                }
            }
        }
    }

    /** The output product with its gate: g, the loss and db sums agree bit for bit with the scalar form. */
    private static void checkGated(Random rnd, int rows, int k, int cols, boolean relu, boolean signed) {
        float[][] a = gaussian(rnd, rows, k + 1);
        float[][] b = gaussian(rnd, k, cols);
        float[] bias = gaussian(rnd, 1, cols)[0];
        float[][] x = gaussian(rnd, rows, cols);
        for (float[] row : x) {
            // some targets exactly zero, as in sparse batches
            for (int f = 0; f < cols; f += 3) {
                row[f] = 0f;
            }
        }
        float[] importance = gaussian(rnd, 1, cols)[0];
        float[] coef = gaussian(rnd, 1, cols)[0];
        float[] loss0 = gaussian(rnd, 1, cols)[0];
        float[] db0 = gaussian(rnd, 1, cols)[0];
        // the last rows, when there are more than two, are padding
        int live = rows > 2 ? rows - 2 : rows;
        String at = rows + "×" + k + "×" + cols + " relu " + relu + " signed " + signed;

        float[][] fast = new float[rows][cols];
        Gate gf = new Gate(importance, coef, relu, signed, x, live, loss0.clone(), db0.clone());
        Tiles.multiplyGated(a, rows, k, b, cols, fast, bias, gf);
        float[][] scalar = new float[rows][cols];
        Gate gs = new Gate(importance, coef, relu, signed, x, live, loss0.clone(), db0.clone());
        Tiles.multiplyScalar(a, rows, k, b, cols, scalar, bias, false);
        for (int i = 0; i < rows; i++) {
            gs.row(scalar[i], i, 0, cols);
        }
        for (int i = 0; i < rows; i++) {
            assertArrayEquals(scalar[i], fast[i], "gated vector and scalar paths, " + at + ", row " + i);
        }
        for (int i = live; i < rows; i++) {
            assertArrayEquals(new float[cols], fast[i], "padding rows are zero, " + at);
        }
        assertArrayEquals(gs.loss(), gf.loss(), "loss sums, " + at);
        assertArrayEquals(gs.db(), gf.db(), "db sums, " + at);
        if (relu && rows * cols >= 64) {
            // pre < 0 closes the gate (g = ±0) somewhere, so both branches of the gate were compared
            boolean closed = false;
            for (float[] row : fast) {
                for (float v : row) {
                    closed |= v == 0f;
                }
            }
            assertTrue(closed, "the ReLU gate closes somewhere, " + at);
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
