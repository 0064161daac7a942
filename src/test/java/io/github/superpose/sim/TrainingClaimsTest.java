package io.github.superpose.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.superpose.core.JavaBackend;
import org.junit.jupiter.api.Test;

/**
 * The paper's training claims at test-friendly scale, through the same trainer users run
 * (paper-spec T4, T5, T6). Expected values come from closed forms and the paper's statements.
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

    static TrainResult train(ModelKind kind, int n, int m, float[] density, float[] imp, int steps, int batch,
                             int restarts, long seed) {
        TrainConfig cfg = new TrainConfig(steps, batch, OptimizerConfig.adamW(), Schedule.constant(), seed, 2,
                100, 0, restarts, 4096);
        return Trainer.train(kind, density.length, n, m, SparseUniform.of(density, n, false),
                Trainer.shared(imp, density.length), cfg, new JavaBackend(2), TrainListener.NONE);
    }

    @Test
    void denseReluFiveInTwoKeepsTopTwoOrthogonally() {
        // T5: dense ReLU behaves like the linear model: top-2 by importance, orthogonal, rest dropped
        int n = 5;
        int m = 2;
        TrainResult r = train(ModelKind.RELU, n, m, new float[] {1f}, Importance.geometric(n, 0.9), 3000, 512, 1, 3);
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
}
