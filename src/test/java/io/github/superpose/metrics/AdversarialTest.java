package io.github.superpose.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AdversarialTest {
    /** Loss of ReLU(W Wᵀ x + b) computed through W, independently of the class under test. */
    private static double loss(double[][] W, double[] b, double[] I, double[] x, double[] delta) {
        int n = W.length;
        int m = W[0].length;
        double[] h = new double[m];
        for (int j = 0; j < n; j++) {
            for (int c = 0; c < m; c++) {
                h[c] += W[j][c] * (x[j] + delta[j]);
            }
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            double out = Math.max(0, Weights.dot(W[i], h) + b[i]);
            s += I[i] * (x[i] - out) * (x[i] - out);
        }
        return s;
    }

    @Test
    void identityModelAtZeroLosesEpsSquaredOnTheMostImportantFeature() {
        double[][] W = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        var a = Adversarial.optimalL2Attack(W, new double[3], new double[] {1, 2, 0.5}, new double[3], 0.1);
        assertEquals(1, a.feature());
        assertEquals(0.0, a.lossBefore(), 1e-15);
        assertEquals(2 * 0.01, a.lossAfter(), 1e-12);
        assertArrayEquals(new double[] {0, 0.1, 0}, a.delta(), 1e-12);
    }

    @Test
    void attackNeverLowersLossAndBeatsEveryPerFeatureCandidate() {
        Random rng = new Random(3);
        for (int trial = 0; trial < 60; trial++) {
            int n = 2 + rng.nextInt(6);
            double[][] W = Shapes.gaussian(n, 1 + rng.nextInt(n), trial);
            double[] b = new double[n];
            double[] I = new double[n];
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                b[i] = rng.nextGaussian() * 0.2;
                I[i] = rng.nextDouble();
                x[i] = rng.nextDouble() < 0.4 ? rng.nextDouble() : 0;
            }
            double eps = 0.05 + rng.nextDouble() * 0.3;
            var a = Adversarial.optimalL2Attack(W, b, I, x, eps);
            assertEquals(loss(W, b, I, x, new double[n]), a.lossBefore(), 1e-9);
            assertTrue(a.lossAfter() >= a.lossBefore(), "attack lowered the loss");
            assertEquals(loss(W, b, I, x, a.delta()), a.lossAfter(), 1e-9, "reported loss matches the model");
            if (a.feature() >= 0) {
                assertEquals(eps, Math.sqrt(Weights.dot(a.delta(), a.delta())), 1e-12);
            }
            double[][] G = Geometry.gram(W);
            for (int k = 0; k < n; k++) {
                double norm = Math.sqrt(Weights.dot(G[k], G[k]));
                for (double sign : new double[] {1, -1}) {
                    double[] d = new double[n];
                    for (int j = 0; j < n; j++) {
                        d[j] = sign * eps * G[k][j] / norm;
                    }
                    assertTrue(loss(W, b, I, x, d) <= a.lossAfter() + 1e-12, "candidate k=" + k + " is worse");
                }
            }
        }
    }

    @Test
    void superpositionIsMoreVulnerableThanOrthogonalFeatures() {
        double[] I = {1, 1};
        double[] b = new double[2];
        for (double p : new double[] {0.05, 0.2, 1.0}) {
            double orthogonal = Adversarial.vulnerability(new double[][] {{1, 0}, {0, 1}}, b, I, p, 2000, 17, 0.1);
            double antipodal = Adversarial.vulnerability(new double[][] {{1}, {-1}}, b, I, p, 2000, 17, 0.1);
            assertTrue(orthogonal > 0);
            // the antipodal pair's G row has norm √2 and drives both outputs: at least twice the damage
            assertTrue(antipodal >= 2 * orthogonal - 1e-12, "p=" + p + ": " + antipodal + " vs " + orthogonal);
        }
        double[] I5 = {1, 1, 1, 1, 1};
        double[] b5 = new double[5];
        double[][] identity = new double[5][5];
        for (int i = 0; i < 5; i++) {
            identity[i][i] = 1;
        }
        double dedicated = Adversarial.vulnerability(identity, b5, I5, 0.05, 2000, 5, 0.1);
        double pentagon = Adversarial.vulnerability(Shapes.polygon(5, 0), b5, I5, 0.05, 2000, 5, 0.1);
        assertTrue(pentagon > 1.5 * dedicated, pentagon + " vs " + dedicated);
    }

    @Test
    void vulnerabilityIsReproducibleFromItsSeed() {
        double[][] W = Shapes.polygon(5, 0.2);
        double[] b = {-0.1, -0.1, -0.1, -0.1, -0.1};
        double[] I = {1, 0.9, 0.81, 0.73, 0.66};
        double a = Adversarial.vulnerability(W, b, I, 0.1, 300, 42, 0.1);
        assertEquals(a, Adversarial.vulnerability(W, b, I, 0.1, 300, 42, 0.1), 0.0);
        assertTrue(a != Adversarial.vulnerability(W, b, I, 0.1, 300, 43, 0.1), "seed must matter");
    }

    @Test
    void gainIsOneWithoutSuperpositionAndLargerWithIt() {
        // identity embedding, zero bias: the best attack moves one output by ε, damage exactly ε²
        double[][] identity = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        double[] ones = {1, 1, 1};
        double[] zero = {0, 0, 0};
        assertEquals(1.0, Adversarial.gainOnActiveInputs(identity, zero, ones, 0.05, 500, 3, 0.1), 1e-9);
        // relative to the non-superposition model, whose damage is max I · ε² whatever the importances
        assertEquals(
                1.0, Adversarial.gainOnActiveInputs(identity, zero, new double[] {0.5, 2, 1}, 0.05, 500, 3, 0.1), 1e-9);
        // three features sharing two dimensions (a triangle): an attack on one moves the others too
        double c = Math.cos(2 * Math.PI / 3);
        double sn = Math.sin(2 * Math.PI / 3);
        double[][] triangle = {{1, 0}, {c, sn}, {c, -sn}};
        double gain = Adversarial.gainOnActiveInputs(triangle, zero, ones, 0.05, 500, 3, 0.1);
        assertTrue(gain > 1.2, "superposition amplifies the attack: gain " + gain);
    }
}
