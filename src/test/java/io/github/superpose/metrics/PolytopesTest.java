package io.github.superpose.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolytopesTest {
    @Test
    void fractionsAndLabels() {
        assertEquals(0.75, Polytope.TETRAHEDRON.fraction(), 0);
        assertEquals(0.375, Polytope.SQUARE_ANTIPRISM.fraction(), 0);
        assertEquals("3/4 tetrahedron", Polytope.TETRAHEDRON.label());
        assertEquals("2/5 pentagon", Polytope.PENTAGON.label());
        assertEquals("1/2 digon", Polytope.DIGON.label());
        assertEquals("0 not learned", Polytope.NOT_LEARNED.label());
    }

    @Test
    void nearestSnapsToClusters() {
        assertEquals(Polytope.PENTAGON, Polytopes.nearest(0.41));
        assertEquals(Polytope.SQUARE_ANTIPRISM, Polytopes.nearest(0.38));
        assertEquals(Polytope.DIGON, Polytopes.nearest(0.52));
        assertEquals(Polytope.NOT_LEARNED, Polytopes.nearest(0.05));
        assertEquals(Polytope.DEDICATED, Polytopes.nearest(0.95));
        assertEquals(Polytope.TRIANGLE, Polytopes.nearest(0.69));
        assertEquals(Optional.of(Polytope.TETRAHEDRON), Polytopes.nearest(0.76, 0.03));
        assertTrue(Polytopes.nearest(0.6, 0.03).isEmpty(), "3/5 is no cluster");
    }

    @Test
    void referenceFractionsContainThePlotLines() {
        for (double f : new double[] {1, 5.0 / 6, 0.8, 0.75, 2.0 / 3, 0.5, 0.4, 0.375, 1.0 / 3, 2.0 / 7, 0.25, 0.15}) {
            assertTrue(Polytopes.REFERENCE_FRACTIONS.stream().anyMatch(x -> Math.abs(x - f) < 1e-12), "" + f);
        }
        assertEquals(12, Polytopes.REFERENCE_FRACTIONS.size());
    }

    @Test
    void twoOrthogonalPentagonsAreTwoTegumFactors() {
        double[][] a = Shapes.embed(Shapes.polygon(5, 0.1), 4, 0);
        double[][] b = Shapes.embed(Shapes.polygon(5, 0.7), 4, 2);
        // interleave so factors are not contiguous index ranges
        double[][] W = new double[11][];
        for (int i = 0; i < 5; i++) {
            W[2 * i] = a[i];
            W[2 * i + 1] = b[i];
        }
        W[10] = new double[] {0.05, 0, 0, 0}; // too short to belong anywhere
        List<int[]> factors = Polytopes.tegumFactors(W, 1e-6);
        assertEquals(2, factors.size());
        assertArrayEquals(new int[] {0, 2, 4, 6, 8}, factors.get(0));
        assertArrayEquals(new int[] {1, 3, 5, 7, 9}, factors.get(1));
        assertTrue(Polytopes.isRegularPolygon(W, factors.get(0), 1e-9));
        assertTrue(Polytopes.isRegularPolygon(W, factors.get(1), 1e-9));
        double[] D = Geometry.dimensionality(java.util.Arrays.copyOf(W, 10));
        for (int i = 0; i < 10; i++) {
            assertEquals(0.4, D[i], 1e-9);
        }
    }

    @Test
    void dedicatedFeaturesAreSingletonFactors() {
        double[][] W = {{0, 1, 0}, {1, 0, 0}, {-1, 0, 0}, {0, 0, 0.5}};
        List<int[]> factors = Polytopes.tegumFactors(W, 0.01);
        assertEquals(3, factors.size());
        assertArrayEquals(new int[] {0}, factors.get(0));
        assertArrayEquals(new int[] {1, 2}, factors.get(1));
        assertArrayEquals(new int[] {3}, factors.get(2));
        assertTrue(Polytopes.isRegularPolygon(W, new int[] {1, 2}, 1e-9), "antipodal pair is a digon");
    }

    @Test
    void regularPolygonCheckRejectsDistortions() {
        int[] all = {0, 1, 2, 3, 4};
        for (int k = 2; k <= 8; k++) {
            int[] members = new int[k];
            for (int i = 0; i < k; i++) {
                members[i] = i;
            }
            assertTrue(Polytopes.isRegularPolygon(Shapes.polygon(k, 1.0), members, 1e-9), k + "-gon");
        }
        double[][] stretched = Shapes.polygon(5, 0);
        stretched[2] = new double[] {stretched[2][0] * 1.2, stretched[2][1] * 1.2};
        assertFalse(Polytopes.isRegularPolygon(stretched, all, 1e-3));
        double[][] bent = Shapes.polygon(5, 0);
        double t = 2 * Math.PI * 2 / 5 + 0.2;
        bent[2] = new double[] {Math.cos(t), Math.sin(t)};
        assertFalse(Polytopes.isRegularPolygon(bent, all, 1e-3));
        double[][] tilted = Shapes.embed(Shapes.polygon(5, 0), 3, 0);
        tilted[4] = new double[] {tilted[4][0] * 0.8, tilted[4][1] * 0.8, 0.6};
        assertFalse(Polytopes.isRegularPolygon(tilted, all, 1e-3), "out of plane");
        assertFalse(
                Polytopes.isRegularPolygon(Shapes.polygon(4, 0), new int[] {0, 1, 2}, 1e-3),
                "three corners of a square are no triangle");
    }
}
