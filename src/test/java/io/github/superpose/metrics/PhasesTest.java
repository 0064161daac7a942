package io.github.superpose.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PhasesTest {
    @Test
    void ruleFollowsThresholds() {
        assertEquals(FeaturePhase.NOT_LEARNED, Phases.label(0.49, 5));
        assertEquals(FeaturePhase.SUPERPOSITION, Phases.label(0.5, 0.51));
        assertEquals(FeaturePhase.DEDICATED, Phases.label(1.0, 0.5));
        assertEquals(FeaturePhase.DEDICATED, Phases.label(0.3, 0.0, 0.2, 0.5));
        assertEquals(FeaturePhase.SUPERPOSITION, Phases.label(1.0, 0.2, 0.5, 0.1));
    }

    @Test
    void labelsOfTheThreeTwoToOneSolutions() {
        // §4.4a: antipodal pair, dedicated + dropped
        assertArrayEquals(
                new FeaturePhase[] {FeaturePhase.SUPERPOSITION, FeaturePhase.SUPERPOSITION},
                Phases.labels(new double[][] {{1}, {-1}}));
        assertArrayEquals(
                new FeaturePhase[] {FeaturePhase.NOT_LEARNED, FeaturePhase.DEDICATED},
                Phases.labels(new double[][] {{0}, {1}}));
        assertEquals("not learned", FeaturePhase.NOT_LEARNED.label());
        assertEquals("dedicated", FeaturePhase.DEDICATED.label());
        assertEquals("superposition", FeaturePhase.SUPERPOSITION.label());
    }
}
