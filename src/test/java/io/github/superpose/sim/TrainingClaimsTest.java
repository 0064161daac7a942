package io.github.superpose.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.superpose.core.JavaBackend;
import org.junit.jupiter.api.Test;

/**
 * The paper's training claims at test-friendly scale, through the same trainer users run
 * (claims T4, T5, T6). Expected values come from closed forms and the paper's statements.
 */
class TrainingClaimsTest {
    static double norm(float[] w, int inst, int f, int n, int m) {
        double s = 0;
        for (int h = 0; h < m; h++) {
            double v = w[(inst * n + f) * m + h];
            s += v * v;
        }
        return Math.sqrt(s);
    }

    static double cos(float[] w, int inst, int f, int g, int n, int m) {
        double d = 0;
        for (int h = 0; h < m; h++) {
            d += (double) w[(inst * n + f) * m + h] * w[(inst * n + g) * m + h];
        }
        return d / (norm(w, inst, f, n, m) * norm(w, inst, g, n, m));
    }

    static TrainResult train(
            ModelKind kind, int n, int m, float[] density, float[] imp, int steps, int batch, int restarts, long seed) {
        TrainConfig cfg = new TrainConfig(
                steps, batch, OptimizerConfig.adamW(), Schedule.constant(), seed, 2, 100, 0, restarts, 4096);
        return Trainer.train(
                kind,
                density.length,
                n,
                m,
                SparseUniform.of(density, n, false),
                Trainer.shared(imp, density.length),
                cfg,
                new JavaBackend(2),
                TrainListener.NONE);
    }

    @Test
    void denseReluFiveInTwoKeepsTopTwoOrthogonally() {
        // T5: dense ReLU behaves like the linear model: top-2 by importance, orthogonal, rest dropped
        int n = 5;
        int m = 2;
        TrainResult r = train(ModelKind.RELU, n, m, new float[] {1f}, Importance.geometric(n, 0.9), 10_000, 1024, 1, 3);
        float[] w = r.model().embedding();
        assertTrue(norm(w, 0, 0, n, m) > 0.9 && norm(w, 0, 1, n, m) > 0.9, "top-2 features represented");
        assertTrue(Math.abs(cos(w, 0, 0, 1, n, m)) < 0.1, "top-2 orthogonal");
        for (int f = 2; f < n; f++) {
            assertTrue(norm(w, 0, f, n, m) < 0.1, "feature " + f + " dropped, norm " + norm(w, 0, f, n, m));
        }
        // closed form: the dropped features each cost I_i · Var(x) = I_i / 12 when b_i = E[x] = 1/2
        double expected = 0;
        for (int f = 2; f < n; f++) {
            expected += Math.pow(0.9, f) / 12.0;
        }
        expected /= n;
        assertEquals(expected, r.evalLoss()[0], 0.05 * expected, "loss against the closed form 0.036585");
    }

    static final float[] SWEEP = {1f, 0.3f, 0.1f, 0.03f, 0.01f, 0.003f, 0.001f};

    @Test
    void linearModelKeepsTopFiveOrthogonallyAtEveryDensity() {
        // T4: the linear model learns the top-m features by importance, orthogonally, whatever the sparsity
        int n = 20;
        int m = 5;
        TrainResult r = train(ModelKind.LINEAR, n, m, SWEEP, Importance.geometric(n, 0.7), 6000, 1024, 1, 4);
        float[] w = r.model().embedding();
        for (int i = 0; i < SWEEP.length; i++) {
            for (int f = 0; f < n; f++) {
                double sq = Math.pow(norm(w, i, f, n, m), 2);
                if (f < m) {
                    assertTrue(sq > 0.9 && sq < 1.1, "density " + SWEEP[i] + " feature " + f + " ‖W‖² " + sq);
                    for (int g = 0; g < f; g++) {
                        assertTrue(
                                Math.abs(cos(w, i, f, g, n, m) * norm(w, i, f, n, m) * norm(w, i, g, n, m)) < 0.1,
                                "top-5 block of WᵀW is near the identity");
                    }
                } else {
                    assertTrue(sq < 0.05, "density " + SWEEP[i] + " feature " + f + " dropped, ‖W‖² " + sq);
                    // a dropped feature's best constant prediction is its mean, p/2
                    assertEquals(SWEEP[i] / 2, r.model().bias()[i * n + f], 0.05, "bias of dropped feature " + f);
                }
            }
        }
    }

    @Test
    void sparsityBringsSuperpositionWithNegativeBiases() {
        // T5 (n=20 part) and T6: dense = 5 orthogonal features; sparse = more than 5, some in superposition
        int n = 20;
        int m = 5;
        // best of 3 restarts, as the paper keeps: a single run can settle with two importance-order
        // swaps at density 0.1 (seen at 2 of 5 seeds); best-of-3 held at all 5 seeds tried
        TrainResult r = train(ModelKind.RELU, n, m, SWEEP, Importance.geometric(n, 0.7), 6000, 1024, 3, 5);
        float[] w = r.model().embedding();
        int[] represented = new int[SWEEP.length];
        double[] frob = new double[SWEEP.length];
        for (int i = 0; i < SWEEP.length; i++) {
            for (int f = 0; f < n; f++) {
                double nf = norm(w, i, f, n, m);
                represented[i] += nf > 0.5 ? 1 : 0;
                frob[i] += nf * nf;
            }
        }
        assertEquals(5, represented[0], "dense model represents exactly m features");
        assertEquals(5.0, frob[0], 0.3, "dense ‖W‖²_F");
        for (int i = 2; i < SWEEP.length; i++) {
            assertTrue(represented[i] > 5, "density " + SWEEP[i] + " represents " + represented[i] + " features");
        }
        int violations = 0;
        for (int i = 1; i < SWEEP.length; i++) {
            violations += frob[i] < frob[i - 1] - 0.3 ? 1 : 0;
        }
        assertTrue(violations <= 1, "‖W‖²_F non-decreasing as density falls: " + java.util.Arrays.toString(frob));
        int sparse = SWEEP.length - 1;
        boolean negativeBias = false;
        for (int f = 0; f < n; f++) {
            negativeBias |= norm(w, sparse, f, n, m) > 0.5 && r.model().bias()[sparse * n + f] < -0.05;
        }
        assertTrue(negativeBias, "represented features at density 0.001 carry negative biases");
        // represented set is importance-ordered up to one swap
        for (int i = 0; i < SWEEP.length; i++) {
            int swaps = 0;
            for (int f = 0; f < n; f++) {
                for (int g = f + 1; g < n; g++) {
                    swaps += norm(w, i, f, n, m) <= 0.5 && norm(w, i, g, n, m) > 0.5 ? 1 : 0;
                }
            }
            assertTrue(swaps <= 1, "density " + SWEEP[i] + ": " + swaps + " importance-order swaps");
        }
    }

    @Test
    void sparsePentagonBestOfFive() {
        // T7: n=5, m=2, p=0.05: five features about 72° apart
        int n = 5;
        TrainResult r =
                train(ModelKind.RELU, n, 2, new float[] {0.05f}, Importance.geometric(n, 0.9), 10_000, 1024, 5, 6);
        float[] w = r.model().embedding();
        double[] angles = new double[n];
        for (int f = 0; f < n; f++) {
            assertTrue(norm(w, 0, f, n, 2) > 0.5, "feature " + f + " represented");
            angles[f] = Math.toDegrees(Math.atan2(w[f * 2 + 1], w[f * 2]));
        }
        java.util.Arrays.sort(angles);
        for (int k = 0; k < n; k++) {
            double gap = (k + 1 < n ? angles[k + 1] : angles[0] + 360) - angles[k];
            assertEquals(72, gap, 15, "angular gap " + k);
        }
    }

    @Test
    void tapeAndFusedEnginesAgree() {
        // the fused kernel and the general tape path train the same model to the same represented set
        int n = 20;
        int m = 5;
        float[] dens = {1f, 0.05f};
        TrainConfig cfg =
                new TrainConfig(5000, 512, OptimizerConfig.adamW(), Schedule.constant(), 9, 2, 100, 0, 1, 4096);
        TrainResult[] rs = new TrainResult[2];
        // per-instance importance: instance 0 weights features by 0.7^i, instance 1 by 0.8^i
        float[] imp = new float[2 * n];
        System.arraycopy(Importance.geometric(n, 0.7), 0, imp, 0, n);
        System.arraycopy(Importance.geometric(n, 0.8), 0, imp, n, n);
        for (int e = 0; e < 2; e++) {
            rs[e] = Trainer.train(
                    ModelKind.RELU,
                    dens.length,
                    n,
                    m,
                    SparseUniform.of(dens, n, false),
                    imp,
                    cfg,
                    new JavaBackend(2),
                    TrainListener.NONE,
                    e == 0);
        }
        for (int i = 0; i < dens.length; i++) {
            assertEquals(
                    rs[0].evalLoss()[i],
                    rs[1].evalLoss()[i],
                    0.15 * rs[1].evalLoss()[i],
                    "eval loss, density " + dens[i]);
        }
        for (int i = 0; i < dens.length; i++) {
            int[] count = new int[2];
            for (int e = 0; e < 2; e++) {
                for (int f = 0; f < n; f++) {
                    count[e] += norm(rs[e].model().embedding(), i, f, n, m) > 0.5 ? 1 : 0;
                }
            }
            assertEquals(count[0], count[1], i == 0 ? 0 : 1, "represented features, density " + dens[i]);
        }
    }
}
