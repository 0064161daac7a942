package io.github.superpose.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.superpose.core.JavaBackend;
import org.junit.jupiter.api.Test;

/**
 * The honesty test: 64 planted unit features in 32 neurons (2× superposition), each on with
 * probability 0.03 at magnitude U(0, 1). An SAE must recover them (max cosine > 0.9 for ≥ 90%),
 * match the true L0 (n·p = 1.92) within 30% and explain > 90% of the variance; the same SAE on dense
 * codes or on per-neuron-shuffled activations must fail to recover them.
 */
class PlantedRecoveryTest {
    static final PlantedFeatures TRUTH = PlantedFeatures.random(64, 32, 0.03, 1);
    static final int ROWS = 40_000;

    /** BatchTopK, k = 2 on average, 128 latents: the configuration the thresholds are asserted on. */
    static SaeConfig batchTopK() {
        return SaeConfig.batchTopK(32, 128, 2)
                .withSteps(2000)
                .withLr(3e-3)
                .withBatchSize(128)
                .withSeed(0);
    }

    record Outcome(double recoveredFraction, double l0, double explainedVariance) {
        boolean recovers() {
            return recoveredFraction >= 0.9;
        }
    }

    static Outcome train(SaeConfig cfg, ActivationSet data, PlantedFeatures truth) {
        SaeTrainer.Result r = SaeTrainer.train(cfg, data, new JavaBackend(1), ProgressListener.NONE);
        double[] maxCos = Superposition.maxCosines(
                truth.directions(),
                Superposition.aliveUnitRows(r.sae(), r.metrics().density()));
        int good = 0;
        for (double c : maxCos) {
            good += c > 0.9 ? 1 : 0;
        }
        return new Outcome(
                (double) good / maxCos.length, r.metrics().l0(), r.metrics().explainedVariance());
    }

    @Test
    void batchTopKRecoversPlantedFeatures() {
        Outcome o = train(batchTopK(), TRUTH.sample(ROWS, 2), TRUTH);
        assertTrue(o.recovers(), "recovered " + o);
        assertEquals(TRUTH.expectedL0(), o.l0(), 0.3 * TRUTH.expectedL0(), "L0 " + o);
        assertTrue(o.explainedVariance() > 0.9, "explained variance " + o);
    }

    /**
     * The standard ReLU + L1 SAE recovers the directions and the variance too; its L1 shrinkage makes
     * it trade L0 against explained variance, so at this λ it fires about 1.3× the true L0.
     */
    @Test
    void reluL1RecoversPlantedFeatures() {
        SaeConfig relu = SaeConfig.relu(32, 64, 1.5)
                .withSteps(2000)
                .withLr(3e-3)
                .withBatchSize(128)
                .withSeed(0);
        Outcome o = train(relu, TRUTH.sample(ROWS, 2), TRUTH);
        assertTrue(o.recovers(), "recovered " + o);
        assertTrue(o.explainedVariance() > 0.9, "explained variance " + o);
        assertTrue(o.l0() < 1.5 * TRUTH.expectedL0() && o.l0() > TRUTH.expectedL0(), "L0 " + o);
    }

    /**
     * 96 planted features in 32 dimensions (3× superposition, true L0 2.88) with every setting left at
     * `sae train`'s defaults (kind, latents and k from d_in, steps, batch, lr): at least 90% recovered.
     * The old fixed defaults (64 latents, k = 32 whatever d_in) recover almost none.
     */
    @Test
    void theDefaultsRecoverPlantedFeatures() {
        PlantedFeatures truth = PlantedFeatures.random(96, 32, 0.03, 1);
        ActivationSet data = truth.sample(ROWS, 2);
        SaeConfig defaults = SaeOptions.config(SaeOptions.DEFAULT_KIND, 32, 0, 0, null, 3000, 256, 1e-3, 0);
        Outcome o = train(defaults, data, truth);
        assertTrue(o.recovers(), "recovered " + o);
        SaeConfig old = SaeOptions.config("batchtopk", 32, 64, 32, null, 3000, 256, 1e-3, 0);
        Outcome before = train(old, data, truth);
        assertTrue(before.recoveredFraction() < 0.2, "the old defaults: " + before);
    }

    @Test
    void denseCodesAreNotRecovered() {
        PlantedFeatures dense = new PlantedFeatures(TRUTH.directions(), 0.5);
        Outcome o = train(batchTopK(), dense.sample(ROWS, 2), dense);
        assertFalse(o.recovers(), "dense codes should not be recoverable: " + o);
        assertTrue(o.recoveredFraction() < 0.2, o.toString());
    }

    @Test
    void shuffledNeuronsAreNotRecovered() {
        ActivationSet shuffled = PlantedFeatures.shuffleNeurons(TRUTH.sample(ROWS, 2), 3);
        Outcome o = train(batchTopK(), shuffled, TRUTH);
        assertFalse(o.recovers(), "shuffled activations should not be recoverable: " + o);
        assertTrue(o.recoveredFraction() < 0.2, o.toString());
    }
}
