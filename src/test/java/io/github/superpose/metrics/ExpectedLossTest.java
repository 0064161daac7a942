package io.github.superpose.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The stratified expected loss against the closed forms of §4.4 and against plain sampling. */
class ExpectedLossTest {
    @Test
    void matchesTheClosedFormConfigurationLosses() {
        for (double p : new double[] {1, 0.5, 0.1, 0.01}) {
            for (double r : new double[] {0.3, 1, 4}) {
                double[] imp = {1, r};
                // the closed forms sum over features; ExpectedLoss averages, as training does
                double drop = 2 * ExpectedLoss.reluOutput(new double[][] {{1}, {0}}, new double[] {0, p / 2}, imp, p);
                assertEquals(TheoreticalPhase.lossDropExtra(r, p), drop, 2e-3 * drop + 1e-12, "p=" + p + " r=" + r);
                double anti = 2 * ExpectedLoss.reluOutput(new double[][] {{1}, {-1}}, new double[2], imp, p);
                assertEquals(TheoreticalPhase.lossAntipodal(r, p), anti, 2e-3 * anti, "p=" + p + " r=" + r);
                double[][] pair = {{1, 0}, {-1, 0}, {0, 1}};
                double pairLoss = 3 * ExpectedLoss.reluOutput(pair, new double[3], new double[] {1, 1, r}, p);
                assertEquals(p * p / 3, pairLoss, 2e-3 * pairLoss, "p=" + p + " r=" + r);
            }
        }
    }

    @Test
    void agreesWithSamplingOnARandomModel() {
        SplittableRandom rng = new SplittableRandom(4);
        double[][] W = new double[3][2];
        double[] b = new double[3];
        double[] imp = {1, 0.7, 0.4};
        for (int i = 0; i < 3; i++) {
            W[i][0] = rng.nextGaussian();
            W[i][1] = rng.nextGaussian();
            b[i] = -0.2 * rng.nextDouble();
        }
        double p = 0.3;
        double[][] g = Geometry.gram(W);
        int samples = 400_000;
        double sum = 0;
        double sumSq = 0;
        for (int s = 0; s < samples; s++) {
            double[] x = new double[3];
            for (int i = 0; i < 3; i++) {
                double v = rng.nextDouble();
                x[i] = rng.nextDouble() <= p ? v : 0;
            }
            double l = 0;
            for (int i = 0; i < 3; i++) {
                double out = Math.max(0, Weights.dot(g[i], x) + b[i]);
                l += imp[i] * (x[i] - out) * (x[i] - out) / 3;
            }
            sum += l;
            sumSq += l * l;
        }
        double mean = sum / samples;
        double se = Math.sqrt((sumSq / samples - mean * mean) / samples);
        assertEquals(mean, ExpectedLoss.reluOutput(W, b, imp, p), 4 * se + 1e-4 * mean);
    }

    @Test
    void refusesLargeModels() {
        assertThrows(
                IllegalArgumentException.class,
                () -> ExpectedLoss.reluOutput(new double[5][2], new double[5], new double[5], 0.1));
    }
}
