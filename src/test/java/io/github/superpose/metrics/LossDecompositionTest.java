package io.github.superpose.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LossDecompositionTest {
    private static final int POINTS = 20_000;

    /** Midpoint rule on [0, 1]; error O(h²) even with one kink. */
    private static double midpoint(java.util.function.DoubleUnaryOperator f) {
        double h = 1.0 / POINTS;
        double s = 0;
        for (int k = 0; k < POINTS; k++) {
            s += f.applyAsDouble((k + 0.5) * h);
        }
        return s * h;
    }

    private static double relu(double z) {
        return Math.max(z, 0);
    }

    @Test
    void linearOnIdentityHasNoLoss() {
        double[][] W = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        var d = LossDecomposition.linear(W, new double[] {1, 0.7, 0.49});
        assertEquals(0.0, d.featureBenefit(), 1e-12);
        assertEquals(0.0, d.interference(), 1e-12);
    }

    @Test
    void linearChargesDroppedFeaturesAndOverlaps() {
        double[] I = {1, 0.7, 0.49};
        var dropped = LossDecomposition.linear(new double[][] {{1, 0}, {0, 1}, {0, 0}}, I);
        assertEquals(0.49, dropped.featureBenefit(), 1e-12);
        assertArrayEquals(new double[] {0, 0, 0.49}, dropped.perFeatureBenefit(), 1e-12);
        assertEquals(0.0, dropped.interference(), 1e-12);
        var antipodal = LossDecomposition.linear(new double[][] {{1}, {-1}}, new double[] {1, 0.5});
        assertEquals(0.0, antipodal.featureBenefit(), 1e-12);
        assertArrayEquals(new double[] {1, 0.5}, antipodal.perFeatureInterference(), 1e-12);
        assertEquals(1.5, antipodal.total(), 1e-12);
    }

    @Test
    void closedFormIntegralsMatchQuadrature() {
        double[][] cases = {
            {1, 0},
            {0.8, -0.1},
            {2, -1.5},
            {-1, 0.5},
            {-0.3, -0.1},
            {0, 0.4},
            {0, -0.4},
            {0, 0},
            {1e-12, 0.2},
            {-1e-12, 0.2},
            {3, -3},
            {3, -2.9999},
            {-2, 0},
            {0.5, 0.5},
            {1.7, 0.3},
        };
        Random rng = new Random(11);
        for (int t = 0; t < 40; t++) {
            check(rng.nextGaussian() * 2, rng.nextGaussian());
        }
        for (double[] ac : cases) {
            check(ac[0], ac[1]);
        }
    }

    private static void check(double a, double c) {
        double sq = midpoint(x -> relu(a * x + c) * relu(a * x + c));
        double err = midpoint(x -> Math.pow(x - relu(a * x + c), 2));
        assertEquals(sq, LossDecomposition.reluSquared(a, c), 1e-6, "∫ReLU² a=" + a + " c=" + c);
        assertEquals(err, LossDecomposition.reconstructionError(a, c), 1e-6, "∫err² a=" + a + " c=" + c);
    }

    @Test
    void oneSparseTermsMatchQuadratureOfTheModel() {
        Random rng = new Random(5);
        int n = 4;
        double[][] W = Shapes.gaussian(n, 2, 9);
        double[] b = new double[n];
        double[] I = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = rng.nextGaussian() * 0.3;
            I[i] = Math.pow(0.9, i);
        }
        double benefit = 0;
        double interference = 0;
        for (int i = 0; i < n; i++) {
            final int act = i;
            // run the model x' = ReLU(W Wᵀ x + b) with only feature act set to x
            for (int j = 0; j < n; j++) {
                final int out = j;
                double integral = midpoint(x -> {
                    double pre = b[out] + x * Weights.dot(W[out], W[act]);
                    double target = out == act ? x : 0;
                    return Math.pow(target - relu(pre), 2);
                });
                if (j == i) {
                    benefit += I[j] * integral;
                } else {
                    interference += I[j] * integral;
                }
            }
        }
        var d = LossDecomposition.oneSparseReLU(W, b, I);
        assertEquals(benefit, d.featureBenefit(), 1e-6);
        assertEquals(interference, d.interference(), 1e-6);
    }

    @Test
    void negativeInterferenceIsFreeInTheOneSparseCase() {
        var d = LossDecomposition.oneSparseReLU(new double[][] {{1}, {-1}}, new double[2], new double[] {1, 1});
        assertEquals(0.0, d.featureBenefit(), 1e-12);
        assertEquals(0.0, d.interference(), 1e-12);
        // a dropped feature with bias b costs ∫(x − b)² = 1/3 − b + b²
        var dropped =
                LossDecomposition.oneSparseReLU(new double[][] {{1}, {0}}, new double[] {0, 0.25}, new double[] {1, 1});
        assertEquals(1.0 / 3 - 0.25 + 0.0625, dropped.perFeatureBenefit()[1], 1e-12);
        assertEquals(0.0625, dropped.perFeatureInterference()[1], 1e-12, "bias fires when feature 0 is on");
    }
}
