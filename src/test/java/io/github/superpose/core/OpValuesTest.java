package io.github.superpose.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Forward values against independent references (naive loops, published function values). */
class OpValuesTest {
    private final Tape tape = new Tape(new JavaBackend(2));

    @Test
    void erfAndGeluMatchPublishedValues() {
        // erf values from Abramowitz & Stegun table 7.1
        assertEquals(0.5204998778, Functions.erf(0.5), 2e-7);
        assertEquals(0.8427007929, Functions.erf(1.0), 2e-7);
        assertEquals(-0.9953222650, Functions.erf(-2.0), 2e-7);
        // GELU(1) = Φ(1) = 0.8413447461; the tanh form gives 0.8411919906
        assertEquals(0.8413447461, Functions.geluErf(1.0), 1e-7);
        assertEquals(0.8411919906, Functions.geluTanh(1.0), 1e-7);
        assertEquals(-0.0455002639, Functions.geluErf(-2.0), 1e-7);
    }

    @Test
    void batchedMatmulMatchesNaiveLoops() {
        Random rnd = new Random(11);
        int inst = 3;
        int m = 17;
        int k = 33;
        int n = 9;
        float[] a = new float[inst * m * k];
        float[] b = new float[inst * k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rnd.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) rnd.nextGaussian();
        }
        Tensor c = tape.matmul(Tensor.of(a, inst, m, k), Tensor.of(b, inst, k, n));
        for (int p = 0; p < inst; p++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int q = 0; q < k; q++) {
                        s += (double) a[p * m * k + i * k + q] * b[p * k * n + q * n + j];
                    }
                    assertEquals(s, c.data()[p * m * n + i * n + j], 1e-4);
                }
            }
        }
    }

    @Test
    void broadcastingFollowsNumpyRules() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor col = Tensor.of(new float[] {10, 20}, 2, 1);
        Tensor row = Tensor.of(new float[] {100, 200, 300}, 3);
        assertArrayEquals(new float[] {11, 12, 13, 24, 25, 26}, tape.add(a, col).data());
        assertArrayEquals(
                new float[] {101, 202, 303, 104, 205, 306}, tape.add(a, row).data());
        assertArrayEquals(new int[] {2, 3}, tape.mul(col, row).shape());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> tape.add(a, Tensor.of(new float[4], 4)));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4]"), e.getMessage());
    }

    @Test
    void reductionsAndTranspose() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertArrayEquals(new float[] {5, 7, 9}, tape.sum(a, 0, false).data());
        assertArrayEquals(new float[] {2, 5}, tape.mean(a, 1, false).data());
        assertArrayEquals(new int[] {2, 1}, tape.sum(a, -1, true).shape());
        assertEquals(21f, tape.sumAll(a).item());
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, tape.transpose(a).data());
    }

    @Test
    void shapeErrorsNameBothShapes() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> tape.matmul(Tensor.zeros(2, 3, 4), Tensor.zeros(2, 5, 6)));
        assertTrue(e.getMessage().contains("[2, 3, 4]") && e.getMessage().contains("[2, 5, 6]"), e.getMessage());
    }
}
