package io.github.superpose.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.superpose.core.Functions;
import io.github.superpose.core.GeluErf;
import io.github.superpose.core.WorkerPool;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The packed, tiled linear layer against a plain double-precision product, on awkward shapes. */
class PackedLinearTest {
    /** rows, in, out: remainders of the four-row tile, the four-input step and the 128-column block. */
    private static final int[][] SHAPES = {
        {1, 1, 1}, {3, 5, 7}, {4, 4, 128}, {9, 13, 129}, {37, 64, 300}, {70, 130, 257}
    };

    private static float[] gaussian(SplittableRandom rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return v;
    }

    @Test
    void matchesAPlainProductOnAwkwardShapes() {
        SplittableRandom rnd = new SplittableRandom(7);
        try (WorkerPool pool = WorkerPool.forThreads(2, "test")) {
            for (int[] s : SHAPES) {
                int rows = s[0];
                int in = s[1];
                int out = s[2];
                float[] x = gaussian(rnd, rows * in);
                float[] W = gaussian(rnd, in * out);
                float[] b = gaussian(rnd, out);
                float[] y = new float[rows * out];
                new PackedLinear(W, b, in, out).forward(x, rows, y, pool);
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < out; j++) {
                        double ref = b[j];
                        for (int i = 0; i < in; i++) {
                            ref += (double) x[r * in + i] * W[i * out + j];
                        }
                        assertEquals(
                                ref,
                                y[r * out + j],
                                1e-5 * (1 + in),
                                "row " + r + " col " + j + " of " + Arrays.toString(s));
                    }
                }
            }
        }
    }

    @Test
    void sameBitsAtAnyThreadCountAndForARowAloneOrStacked() {
        SplittableRandom rnd = new SplittableRandom(11);
        int rows = 45;
        int in = 96;
        int out = 300;
        float[] x = gaussian(rnd, rows * in);
        PackedLinear lin = new PackedLinear(gaussian(rnd, in * out), gaussian(rnd, out), in, out);
        float[] one = new float[rows * out];
        float[] two = new float[rows * out];
        try (WorkerPool p1 = WorkerPool.forThreads(1, "one");
                WorkerPool p3 = WorkerPool.forThreads(3, "three")) {
            lin.forward(x, rows, one, p1);
            lin.forward(x, rows, two, p3);
            assertArrayEquals(one, two);
            // row 42 sits in a full four-row tile when stacked, alone it takes the one-row path
            float[] alone = new float[out];
            lin.forward(Arrays.copyOfRange(x, 42 * in, 43 * in), 1, alone, p1);
            assertArrayEquals(Arrays.copyOfRange(one, 42 * out, 43 * out), alone);
        }
    }

    @Test
    void fusedGeluEqualsGeluOfTheProduct() {
        SplittableRandom rnd = new SplittableRandom(3);
        int rows = 10;
        int in = 20;
        int out = 140;
        float[] x = gaussian(rnd, rows * in);
        PackedLinear lin = new PackedLinear(gaussian(rnd, in * out), gaussian(rnd, out), in, out);
        try (WorkerPool pool = WorkerPool.forThreads(2, "test")) {
            float[] y = new float[rows * out];
            lin.forward(x, rows, y, pool);
            for (boolean tanh : new boolean[] {false, true}) {
                float[] pre = new float[rows * out];
                float[] post = new float[rows * out];
                lin.forwardGelu(x, rows, pre, post, tanh, pool);
                assertArrayEquals(y, pre);
                for (int i = 0; i < y.length; i++) {
                    double ref = tanh ? Functions.geluTanh(y[i]) : Functions.geluErf(y[i]);
                    assertEquals(ref, post[i], 1e-6 * (1 + Math.abs(y[i])), "GELU(" + y[i] + ")");
                }
            }
        }
    }

    @Test
    void rationalErfGeluIsExactToFloatPrecisionOverTheWholeLine() {
        // [-12, 12) in steps of 0.001, both saturated tails included; an odd length leaves a scalar tail
        int n = 24_001;
        float[] x = new float[n];
        for (int j = 0; j < n; j++) {
            x[j] = (j - 12_000) / 1000f;
        }
        float[] g = x.clone();
        GeluErf.inPlace(g, 0, n);
        float[] scalar = x.clone();
        GeluErf.scalar(scalar, 0, n);
        assertArrayEquals(scalar, g, "the vector path gives the scalar loop's bits");
        double worst = 0;
        for (int j = 0; j < n; j++) {
            worst = Math.max(worst, Math.abs(g[j] - Functions.geluErf(x[j])) / (1 + Math.abs(x[j])));
        }
        assertTrue(worst < 5e-7, "max |Δ GELU| / (1 + |x|) = " + worst);
        assertTrue(worst > 0, "a rational erf that equals the reference everywhere would be suspicious");
    }

    @Test
    void refusesWeightsOfTheWrongShape() {
        assertThrows(IllegalArgumentException.class, () -> new PackedLinear(new float[6], new float[3], 3, 3));
    }
}
