package io.github.superpose.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.superpose.core.Simd;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Attention of one sequence (with and without a causal mask) against a double-precision softmax
 * reference, and the vector path's four-query blocks against its rows one at a time, bit for bit,
 * over lengths that leave every remainder of a block and of a vector.
 */
class AttentionTest {
    private static final int[] LENGTHS = {1, 2, 3, 4, 5, 7, 8, 13, 16, 17, 31, 33};
    private static final int D = 64;
    private static final int HEADS = 2;

    @Test
    void matchesADoublePrecisionSoftmax() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int t : LENGTHS) {
            for (boolean causal : new boolean[] {false, true}) {
                float[] qkv = gaussian(rnd, (t + 2) * 3 * D);
                float[] z = new float[(t + 2) * D];
                TransformerOps.attention(qkv, z, 1, t, D, HEADS, causal); // rows 1 … t of a longer buffer
                double[] ref = reference(qkv, 1, t, causal);
                for (int i = 0; i < t; i++) {
                    for (int c = 0; c < D; c++) {
                        assertEquals(
                                ref[i * D + c], z[(1 + i) * D + c], 2e-6, "t " + t + " causal " + causal + " at " + i);
                    }
                }
                for (int c = 0; c < D; c++) {
                    assertEquals(0f, z[c], "row before the sequence written");
                    assertEquals(0f, z[(t + 1) * D + c], "row after the sequence written");
                }
            }
        }
    }

    @Test
    void queryBlocksGiveTheBitsOfRowsAlone() {
        assertTrue(Simd.ENABLED, "the tests run with the vector API");
        SplittableRandom rnd = new SplittableRandom(8);
        int dh = D / HEADS;
        for (int t : LENGTHS) {
            float[] qkv = gaussian(rnd, t * 3 * D);
            float[] blocked = new float[t * D];
            float[] rows = new float[t * D];
            float[] scratch = new float[AttentionVector.scratch(t, dh)];
            for (int h = 0; h < HEADS; h++) {
                AttentionVector.head(qkv, blocked, 0, t, D, dh, false, scratch, h, true);
                AttentionVector.head(qkv, rows, 0, t, D, dh, false, scratch, h, false);
            }
            assertArrayEquals(rows, blocked, "t " + t);
        }
    }

    /** softmax(q·kᵀ/√d_head)·v per head in double, rows [start, start + t). */
    private static double[] reference(float[] qkv, int start, int t, boolean causal) {
        int dh = D / HEADS;
        double[] out = new double[t * D];
        for (int h = 0; h < HEADS; h++) {
            for (int i = 0; i < t; i++) {
                int n = causal ? i + 1 : t;
                double[] p = new double[n];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int c = 0; c < dh; c++) {
                        s += (double) qkv[(start + i) * 3 * D + h * dh + c] * qkv[(start + j) * 3 * D + D + h * dh + c];
                    }
                    p[j] = s / Math.sqrt(dh);
                    max = Math.max(max, p[j]);
                }
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    p[j] = Math.exp(p[j] - max);
                    sum += p[j];
                }
                for (int j = 0; j < n; j++) {
                    for (int c = 0; c < dh; c++) {
                        out[i * D + h * dh + c] += p[j] / sum * qkv[(start + j) * 3 * D + 2 * D + h * dh + c];
                    }
                }
            }
        }
        return out;
    }

    private static float[] gaussian(SplittableRandom rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rnd.nextGaussian() * 0.7);
        }
        return v;
    }
}
