package io.github.superpose.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The pages' fast fixed-point formatting against {@code String.format}, which it replaces. */
class WordsFormatTest {
    @Test
    void fixedIsStringFormatOnEdgesAndRandomValues() {
        double[] edges = {
            0,
            -0.0,
            0.0005,
            -0.0005,
            0.00049999,
            1.0005,
            2.675,
            -2.675,
            0.125,
            0.375,
            9.9995,
            -9.9995,
            1e-300,
            -1e-300,
            123456.78949,
            Double.MIN_VALUE,
            1e15,
            -3e17,
            Double.NaN,
            Double.POSITIVE_INFINITY,
            4.999999999999999
        };
        for (int decimals = 0; decimals <= 4; decimals++) {
            for (double v : edges) {
                check(v, decimals);
            }
        }
        SplittableRandom rnd = new SplittableRandom(5);
        for (int i = 0; i < 200_000; i++) {
            int decimals = rnd.nextInt(5);
            double scale = Math.pow(10, rnd.nextInt(-6, 8));
            double v = (rnd.nextDouble() * 2 - 1) * scale;
            check(i % 3 == 0 ? (float) v : v, decimals); // floats widened, as activations reach the pages
            // values sitting exactly on a rounding boundary of the decimal digits
            check(Math.round(v * 1e4) / 1e4 + (rnd.nextBoolean() ? 0.00005 : -0.00005), decimals);
        }
    }

    private static void check(double v, int decimals) {
        assertEquals(
                String.format(Locale.ROOT, "%." + decimals + "f", v),
                Words.fixed(v, decimals),
                v + " to " + decimals + " decimals");
    }
}
