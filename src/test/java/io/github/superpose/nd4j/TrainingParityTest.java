package io.github.superpose.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.superpose.core.JavaBackend;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The same seeded training (BackendTiming.train, the code the timing script runs) on both
 * backends ends with the same represented features and the same losses. Every ND4J call goes
 * through ND4J (thresholds 0), so float32 rounding differs at every step; training must not
 * amplify it into a different solution.
 */
class TrainingParityTest {
    static final BackendTiming.Config CONFIG = new BackendTiming.Config(20, 5, 3, 1024, 300, 1e-2f, 7);

    /** Per instance, the features i with ‖W_i‖ > 0.5 (W_i the i-th row of W[instance], length nHidden). */
    static boolean[][] represented(float[] w, BackendTiming.Config c) {
        boolean[][] rep = new boolean[c.instances()][c.nFeatures()];
        for (int inst = 0; inst < c.instances(); inst++) {
            for (int i = 0; i < c.nFeatures(); i++) {
                double ss = 0;
                for (int h = 0; h < c.nHidden(); h++) {
                    float v = w[(inst * c.nFeatures() + i) * c.nHidden() + h];
                    ss += v * v;
                }
                rep[inst][i] = Math.sqrt(ss) > 0.5;
            }
        }
        return rep;
    }

    @Test
    void sameFeaturesAndLossesOnBothBackends() {
        BackendTiming.Result java = BackendTiming.train(new JavaBackend(2), CONFIG);
        BackendTiming.Result nd = BackendTiming.train(Nd4jBackend.create(2, 0, 0), CONFIG);
        boolean[][] repJava = represented(java.W(), CONFIG);
        boolean[][] repNd = represented(nd.W(), CONFIG);
        int count = 0;
        for (int inst = 0; inst < CONFIG.instances(); inst++) {
            assertEquals(
                    Arrays.toString(repJava[inst]),
                    Arrays.toString(repNd[inst]),
                    "represented features of instance " + inst);
            for (boolean r : repJava[inst]) {
                count += r ? 1 : 0;
            }
            float lj = java.loss()[inst];
            float ln = nd.loss()[inst];
            assertTrue(
                    Math.abs(lj - ln) <= 1e-3 * Math.abs(lj),
                    "instance " + inst + " loss: java " + lj + ", nd4j " + ln);
        }
        // the check means something only if training separated kept from dropped features
        int total = CONFIG.instances() * CONFIG.nFeatures();
        assertTrue(count > CONFIG.instances() && count < total, count + " of " + total + " features represented");
    }
}
