package io.github.superpose.sim.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.superpose.core.Rng;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fused sampler draws each (sample, feature) entry independently, active with probability p,
 * with value U[0,1): checked on every sampling path (dense, geometric gaps with the alias table
 * and its tail, one word per entry, per-feature densities) by per-feature rates, the spread of
 * active counts per sample, the value moments, and the correlation of neighbouring entries,
 * each within 5 standard errors.
 */
class BatchSamplerStatisticsTest {
    static final int N = 40;
    static final int BATCH = 512;
    static final int BATCHES = 60;

    @ParameterizedTest
    @ValueSource(floats = {0.0005f, 0.003f, 0.02f, 0.1f, 0.3f, 0.49f, 0.5f, 0.8f, 1f})
    void uniformDensityEntriesAreIndependentBernoulliWithUniformValues(float p) {
        float[] d = new float[N];
        Arrays.fill(d, p);
        check(d, 11);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void perFeatureDensitiesAreKept(long seed) {
        float[] d = new float[N];
        for (int f = 0; f < N; f++) {
            d[f] = (float) Math.pow(0.85, f);
        }
        check(d, seed);
    }

    static void check(float[] d, long seed) {
        BatchSampler s = new BatchSampler(Rng.forStream(seed, 3), BATCH, d);
        long[] active = new long[N];
        double[] rowCount = new double[BATCHES * BATCH];
        double sum = 0;
        double sumSq = 0;
        long values = 0;
        // neighbours in the flattened [batch, features] order: both active vs product of rates
        long pairs = 0;
        long bothActive = 0;
        boolean[] on = new boolean[N];
        int rows = 0;
        for (int b = 0; b < BATCHES; b++) {
            s.sample();
            assertEquals(0, s.rowStart[0]);
            for (int r = 0; r < BATCH; r++) {
                Arrays.fill(on, false);
                int prev = -1;
                for (int k = s.rowStart[r]; k < s.rowStart[r + 1]; k++) {
                    int f = s.feat[k];
                    assertTrue(f > prev && f < N, "features ascend within a sample");
                    prev = f;
                    on[f] = true;
                    active[f]++;
                    float v = s.val[k];
                    assertTrue(v >= 0f && v < 1f, "value in [0, 1): " + v);
                    sum += v;
                    sumSq += (double) v * v;
                    values++;
                }
                rowCount[rows++] = s.rowStart[r + 1] - s.rowStart[r];
                for (int f = 0; f + 1 < N; f++) {
                    pairs++;
                    bothActive += on[f] && on[f + 1] ? 1 : 0;
                }
            }
        }
        long total = (long) BATCHES * BATCH;
        double expectedPairs = 0;
        double meanRow = 0;
        double varRow = 0;
        for (int f = 0; f < N; f++) {
            double p = d[f];
            double se = Math.sqrt(p * (1 - p) / total);
            assertEquals(p, active[f] / (double) total, 5 * se + 1e-9, "rate of feature " + f);
            meanRow += p;
            varRow += p * (1 - p);
            if (f + 1 < N) {
                expectedPairs += p * d[f + 1];
            }
        }
        // active count per sample: mean Σp and variance Σp(1−p) for independent entries
        double m = Arrays.stream(rowCount).average().orElse(0);
        double v = Arrays.stream(rowCount).map(x -> (x - m) * (x - m)).sum() / (rowCount.length - 1);
        assertEquals(meanRow, m, 5 * Math.sqrt(varRow / rowCount.length) + 1e-9, "active per sample");
        if (varRow > 0.05) {
            // the variance of a sample variance is about 2σ⁴/N plus a kurtosis term; 5 of those
            double seVar = varRow * Math.sqrt(2.0 / rowCount.length) + Math.sqrt(varRow / rowCount.length);
            assertEquals(varRow, v, 5 * seVar, "spread of active counts per sample");
        }
        double perPair = expectedPairs / (N - 1);
        assertEquals(
                expectedPairs / (N - 1) * pairs,
                bothActive,
                5 * Math.sqrt(pairs * perPair * (1 - perPair)) + 1e-9,
                "neighbouring entries independent");
        if (values > 1000) {
            assertEquals(0.5, sum / values, 5 * Math.sqrt(1 / 12.0 / values), "value mean");
            assertEquals(1 / 3.0, sumSq / values, 5 * Math.sqrt(4 / 45.0 / values), "value second moment");
        }
    }
}
