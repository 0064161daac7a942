package io.github.superpose.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.superpose.core.Simd;
import java.util.Arrays;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * Attention of one sequence (with and without a causal mask) against a double-precision softmax
 * reference, and the vector path's four-query blocks against its rows one at a time, bit for bit,
 * over lengths that leave every remainder of a block and of a vector; its exponential against
 * {@code Math.exp} and against the same float operations done one at a time.
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

    @Test
    void theExponentialIsAccurateAndMadeOfPlainFloatOperations() {
        int n = AttentionVector.L;
        float[] x = new float[n];
        float[] e = new float[n];
        double worst = 0;
        for (int k = 0; k < 100_000; k += n) {
            for (int i = 0; i < n; i++) {
                x[i] = -(k + i) * 0.00087f; // 0 down to −87
            }
            AttentionVector.expNonPositive(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, 0))
                    .intoArray(e, 0);
            for (int i = 0; i < n; i++) {
                worst = Math.max(worst, Math.abs(e[i] / Math.exp(x[i]) - 1));
                assertEquals(Float.floatToIntBits(replica(x[i])), Float.floatToIntBits(e[i]), "x = " + x[i]);
            }
        }
        assertTrue(worst < 2.5e-7, "max relative error " + worst);
        assertTrue(worst > 0, "an exponential exact everywhere in float would be suspicious");
        float[] inf = new float[n];
        Arrays.fill(inf, Float.NEGATIVE_INFINITY);
        AttentionVector.expNonPositive(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, inf, 0))
                .intoArray(e, 0);
        assertTrue(e[0] >= 0 && e[0] < 2e-38, "exp(−∞) = " + e[0]);
    }

    /**
     * The same operations one float at a time: the vector path must give these bits, interpreted or
     * compiled (the vector API's own EXP gave different bits before and after JIT compilation).
     */
    private static float replica(float x) {
        float c = Math.max(x, -87f);
        float t = Math.fma(c, 1.44269504f, 12582912f);
        float nf = t - 12582912f;
        int n = Float.floatToRawIntBits(t) - Float.floatToRawIntBits(12582912f);
        float r = Math.fma(nf, -0.693359375f, c);
        r = Math.fma(nf, 2.12194440e-4f, r);
        float p = Math.fma(r, 1f / 720, 1f / 120);
        p = Math.fma(p, r, 1f / 24);
        p = Math.fma(p, r, 1f / 6);
        p = Math.fma(p, r, 0.5f);
        p = Math.fma(p, r, 1f);
        p = Math.fma(p, r, 1f);
        return p * Float.intBitsToFloat((n + 127) << 23);
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
