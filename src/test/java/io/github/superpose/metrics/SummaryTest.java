package io.github.superpose.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryTest {
    @Test
    void summarisesDedicatedAntipodalAndDroppedFeatures() {
        // feature 0 dedicated, 1 and 2 an antipodal pair, 3 dropped: m = 2
        double[][] W = {{0, 1}, {1, 0}, {-1, 0}, {0.01, 0}};
        double[] b = {0, 0, 0, 0.05};
        var s = Summary.of(W, b);
        assertEquals(3, s.represented());
        assertArrayEquals(
                new FeaturePhase[] {
                    FeaturePhase.DEDICATED,
                    FeaturePhase.SUPERPOSITION,
                    FeaturePhase.SUPERPOSITION,
                    FeaturePhase.NOT_LEARNED
                },
                s.phases());
        assertEquals(Polytope.DEDICATED, s.polytopes()[0]);
        assertEquals(Polytope.DIGON, s.polytopes()[1]);
        assertEquals(2 + 1e-4 + 1, s.frobeniusSq(), 1e-12);
        assertEquals(2 / (3 + 1e-4), s.dimensionsPerFeature(), 1e-12);

        Map<String, Object> map = s.toMap();
        assertEquals(
                List.of(
                        "norms",
                        "superposition",
                        "dimensionality",
                        "phases",
                        "polytopes",
                        "represented",
                        "frobeniusSq",
                        "dimensionsPerFeature",
                        "bias"),
                List.copyOf(map.keySet()));
        assertEquals(List.of("dedicated", "superposition", "superposition", "not learned"), map.get("phases"));
        assertEquals("1/2 digon", ((List<?>) map.get("polytopes")).get(2));
        assertArrayEquals(b, (double[]) map.get("bias"));
        assertEquals(3, map.get("represented"));
    }

    @Test
    void missingBiasBecomesEmptyAndWrongShapeIsRejected() {
        double[][] W = {{1, 0}, {0, 1}};
        assertEquals(0, Summary.of(W, null).bias().length);
        assertThrows(IllegalArgumentException.class, () -> Summary.of(W, new double[3]));
    }
}
