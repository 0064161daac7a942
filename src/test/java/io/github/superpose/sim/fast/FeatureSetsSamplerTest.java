package io.github.superpose.sim.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.superpose.core.Rng;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fast sampler's feature sets: correlated pair members are active together or not at all,
 * anticorrelated members never together and each with p/2 (paper) or p (ARENA), independent
 * features with p, values U[0,1) (signed: U[−1,1)); rates within 5 standard errors.
 */
class FeatureSetsSamplerTest {
    static final int BATCH = 1000;
    static final int BATCHES = 40;

    @ParameterizedTest
    @CsvSource({"2, 1, 3, 0.3, 1", "1, 2, 1, 0.05, 1", "0, 2, 2, 0.2, 2", "3, 0, 0, 0.5, 1"})
    void pairsAndIndependentFeaturesKeepTheirLaws(int corr, int anti, int indep, float p, float pairScale) {
        int n = 2 * corr + 2 * anti + indep;
        float[] d = new float[n];
        Arrays.fill(d, p);
        BatchSampler s = new BatchSampler(Rng.forStream(9, 1), BATCH, d, false, new FeatureSets(corr, anti, pairScale));
        long[] active = new long[n];
        long together = 0;
        long apart = 0;
        double valueSum = 0;
        long values = 0;
        float[] x = new float[n];
        for (int b = 0; b < BATCHES; b++) {
            s.sample();
            for (int r = 0; r < BATCH; r++) {
                Arrays.fill(x, 0f);
                for (int k = s.rowStart[r]; k < s.rowStart[r + 1]; k++) {
                    x[s.feat[k]] = s.val[k];
                    active[s.feat[k]]++;
                    valueSum += s.val[k];
                    values++;
                }
                for (int c = 0; c < corr; c++) {
                    apart += (x[2 * c] != 0f) != (x[2 * c + 1] != 0f) ? 1 : 0;
                }
                for (int c = corr; c < corr + anti; c++) {
                    together += x[2 * c] != 0f && x[2 * c + 1] != 0f ? 1 : 0;
                }
            }
        }
        assertEquals(0, apart, "correlated members are active together");
        assertEquals(0, together, "anticorrelated members are never active together");
        double draws = (double) BATCH * BATCHES;
        for (int f = 0; f < n; f++) {
            boolean anticorrelated = f >= 2 * corr && f < 2 * (corr + anti);
            double want = anticorrelated ? p * pairScale / 2 : p;
            double se = Math.sqrt(want * (1 - want) / draws);
            assertEquals(want, active[f] / draws, 5 * se, "rate of feature " + f);
        }
        assertEquals(0.5, valueSum / values, 5 * Math.sqrt(1.0 / 12 / values), "mean value");
    }
}
