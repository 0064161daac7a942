package io.github.superpose.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NeuronsTest {
    // [neurons, features]: monosemantic, evenly split, dead, one primary plus a negative secondary
    private static final double[][] W = {
        {0, 0.9, 0},
        {0.5, 0.5, 0},
        {0, 0, 0},
        {-3, 1, 0},
    };

    @Test
    void monosemanticityRatio() {
        assertArrayEquals(new double[] {1, 0.5, 0, 0.75}, Neurons.monosemanticity(W), 1e-12);
    }

    @Test
    void featuresAboveFractionOfMax() {
        assertArrayEquals(new int[] {1, 2, 0, 2}, Neurons.featuresAbove(W, 0.2));
        assertArrayEquals(
                new int[] {1, 2, 0, 1},
                Neurons.featuresAbove(W, 1.0 / 3 + 1e-9),
                "strictly above: the secondary weight 1 is exactly 1/3 of 3");
        assertArrayEquals(new int[] {0, 0, 0, 0}, Neurons.featuresAbove(W, 1.0), "nothing exceeds the max");
    }

    @Test
    void thresholdsMatchT12() {
        assertTrue(Neurons.isPolysemantic(0.59));
        assertFalse(Neurons.isPolysemantic(0.6));
        assertTrue(Neurons.isMonosemantic(0.81));
        assertFalse(Neurons.isMonosemantic(0.8));
    }

    @Test
    void participationRatioCountsEffectiveEntries() {
        assertEquals(1.0, Neurons.participationRatio(new double[] {0, -2, 0}), 1e-12);
        assertEquals(4.0, Neurons.participationRatio(new double[] {0.3, -0.3, 0.3, 0.3, 0}), 1e-12);
        assertEquals(0.0, Neurons.participationRatio(new double[3]), 0);
        // (1 + 4)² / (1 + 16)
        assertEquals(25.0 / 17, Neurons.participationRatio(new double[] {1, 2}), 1e-12);
    }

    @Test
    void orderingGroupsNeuronsByTheirTopFeature() {
        double[][] w = {
            {0.1, 0.2, 0.9}, // top feature 2
            {0.8, 0.1, 0.0}, // top feature 0, weight 0.8
            {0, 0, 0}, // dead: last
            {-0.95, 0.1, 0.0}, // top feature 0, weight 0.95
            {0.0, 0.7, 0.3}, // top feature 1
        };
        assertArrayEquals(new int[] {3, 1, 4, 0, 2}, Neurons.ordering(w));
        // feature 2 most important, then 1, then 0
        assertArrayEquals(new int[] {0, 4, 3, 1, 2}, Neurons.ordering(w, new int[] {2, 1, 0}));
    }

    @Test
    void excitatoryShareIgnoresInhibitionAndUnrepresentedFeatures() {
        double[][] w = {
            {0.98, -0.21, 0.05, 0.02}, // one feature, some inhibition, a residual on a dropped feature
            {0.6, 0.55, -0.1, 0.0}, // two features excite it: polysemantic
            {-0.5, -0.2, 0.0, 0.0}, // never fires
        };
        boolean[] represented = {true, true, true, false};
        double[] r = Neurons.excitatoryMonosemanticity(w, represented);
        assertEquals(0.98 / 1.03, r[0], 1e-12);
        assertEquals(0.6 / 1.15, r[1], 1e-12);
        assertEquals(0.0, r[2], 0.0);
        assertTrue(Neurons.isMonosemantic(r[0]) && Neurons.isPolysemantic(r[1]));
        // the |W| ratio would call the first neuron mixed
        assertTrue(Neurons.monosemanticity(w)[0] < 0.8);
    }
}
