package io.github.superpose.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.superpose.core.Rng;
import org.junit.jupiter.api.Test;

/** Claim T1 of the paper's catalogue: activation rates, value moments, (anti)correlation structure over 10^5 samples. */
class GeneratorStatisticsTest {
    private static final int SAMPLES = 100_000;

    static float[] draw(FeatureGenerator g, int instance, long seed) {
        float[] x = new float[SAMPLES * g.features()];
        g.sample(Rng.forStream(seed, instance), instance, SAMPLES, x);
        return x;
    }

    @Test
    void sparseUniformRatesAndMoments() {
        float[] density = {1f, 0.3f, 0.05f};
        SparseUniform g = SparseUniform.of(density, 4, false);
        for (int i = 0; i < density.length; i++) {
            float[] x = draw(g, i, 11);
            long active = 0;
            double sum = 0;
            double sq = 0;
            for (float v : x) {
                if (v != 0f) {
                    active++;
                    sum += v;
                    sq += (double) v * v;
                }
            }
            double rate = (double) active / x.length;
            double mean = sum / active;
            assertEquals(density[i], rate, 0.005, "activation rate of instance " + i);
            assertEquals(0.5, mean, 0.005, "mean of active values");
            assertEquals(1.0 / 12, sq / active - mean * mean, 0.002, "variance of active values");
        }
    }

    @Test
    void signedFeaturesAreSymmetric() {
        SparseUniform g = SparseUniform.of(new float[] {0.2f}, 5, true);
        float[] x = draw(g, 0, 12);
        double sum = 0;
        double abs = 0;
        long active = 0;
        for (float v : x) {
            if (v != 0f) {
                active++;
                sum += v;
                abs += Math.abs(v);
            }
        }
        assertEquals(0.2, (double) active / x.length, 0.005);
        assertEquals(0.0, sum / active, 0.01);
        assertEquals(0.5, abs / active, 0.01);
        assertEquals(0.75f, g.target(-0.75f));
    }

    static double[] pairStats(float[] x, int n, int first) {
        long a = 0;
        long b = 0;
        long both = 0;
        for (int s = 0; s < SAMPLES; s++) {
            boolean pa = x[s * n + first] != 0f;
            boolean pb = x[s * n + first + 1] != 0f;
            a += pa ? 1 : 0;
            b += pb ? 1 : 0;
            both += pa && pb ? 1 : 0;
        }
        return new double[] {(double) a / SAMPLES, (double) b / SAMPLES, (double) both / Math.max(1, Math.max(a, b))};
    }

    @Test
    void correlatedAndAnticorrelatedPairs() {
        float p = 0.1f;
        for (CorrelatedSets.Convention c : CorrelatedSets.Convention.values()) {
            CorrelatedSets g = new CorrelatedSets(new float[] {p}, 2, 2, 1, c);
            float[] x = draw(g, 0, 13);
            int n = g.features();
            for (int pair = 0; pair < 2; pair++) {
                double[] st = pairStats(x, n, 2 * pair);
                assertEquals(p, st[0], 0.005, "correlated member rate");
                assertEquals(1.0, st[2], 0.0, "correlated members always co-active");
            }
            double expected = c == CorrelatedSets.Convention.ARENA ? p : p / 2;
            for (int pair = 2; pair < 4; pair++) {
                double[] st = pairStats(x, n, 2 * pair);
                assertEquals(expected, st[0], 0.005, c + " anticorrelated member rate");
                assertEquals(expected, st[1], 0.005, c + " anticorrelated member rate");
                assertEquals(0.0, st[2], 0.0, "anticorrelated members never co-active");
            }
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> new CorrelatedSets(new float[] {0.6f}, 0, 1, 0, CorrelatedSets.Convention.ARENA));
    }

    @Test
    void streamsAreIndependentOfInstanceCount() {
        SparseUniform small = SparseUniform.of(new float[] {0.5f, 0.1f}, 3, false);
        SparseUniform large = SparseUniform.of(new float[] {0.5f, 0.1f, 0.9f, 0.2f}, 3, false);
        float[] a = new float[30];
        float[] b = new float[30];
        small.sample(Rng.forStream(5, 1), 1, 10, a);
        large.sample(Rng.forStream(5, 1), 1, 10, b);
        org.junit.jupiter.api.Assertions.assertArrayEquals(a, b);
    }
}
