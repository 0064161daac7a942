package io.github.superpose.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SuperpositionTest {
    @Test
    void orthogonalFeaturesAreMonosemanticDimensions() {
        Superposition s = Superposition.of(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
        assertArrayEquals(new double[] {1, 1, 1}, s.dimensionality(), 1e-12);
        assertEquals(3.0, s.sumDimensionality(), 1e-12);
        assertEquals(1.0, s.featuresPerDimension(), 1e-12);
        assertEquals(0.0, s.meanInterference(), 1e-12);
        assertArrayEquals(new double[] {1, 1, 1}, s.neuronParticipation(), 1e-12);
    }

    @Test
    void antipodalPairAndAPolysemanticNeuron() {
        // features 0 and 1 antipodal on neuron 0; features 2, 3, 4 load equally on neuron 1
        double r = Math.sqrt(1.0 / 3);
        double[][] F = {{1, 0}, {-1, 0}, {0, r}, {0, r}, {0, r}};
        Superposition s = Superposition.of(F);
        assertEquals(0.5, s.dimensionality()[0], 1e-12);
        assertEquals(0.5, s.dimensionality()[1], 1e-12);
        assertEquals(2.0, s.neuronParticipation()[0], 1e-12);
        assertEquals(3.0, s.neuronParticipation()[1], 1e-12);
    }

    @Test
    void maxCosinesFindTheBestMatchUpToScale() {
        double[][] truth = {{1, 0}, {0, 1}};
        double[][] learned = {{0, 3}, {1, 1}};
        assertArrayEquals(new double[] {Math.sqrt(0.5), 1.0}, Superposition.maxCosines(truth, learned), 1e-12);
    }
}
