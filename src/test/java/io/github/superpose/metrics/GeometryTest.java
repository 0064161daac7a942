package io.github.superpose.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Claim T2: exact bounds and polytope values of D_i, plus the other per-feature measures. */
class GeometryTest {
    private static final double TOL = 1e-9;

    @Test
    void dimensionalityLiesInUnitIntervalAndSumsToAtMostM() {
        int[][] shapes = {{2, 1}, {5, 2}, {3, 3}, {20, 5}, {7, 10}, {40, 6}, {1, 4}};
        for (int[] nm : shapes) {
            for (long seed = 0; seed < 25; seed++) {
                double[][] W = Shapes.gaussian(nm[0], nm[1], seed * 31 + nm[0]);
                double[] D = Geometry.dimensionality(W);
                for (double d : D) {
                    assertTrue(d >= -TOL && d <= 1 + TOL, "D_i=" + d + " for shape " + nm[0] + "x" + nm[1]);
                }
                assertTrue(Shapes.sum(D) <= nm[1] + TOL, "sum D = " + Shapes.sum(D) + " > m=" + nm[1]);
            }
        }
    }

    @Test
    void featureOrthogonalToAllOthersHasDimensionalityOne() {
        double[][] W = {{0.7, 0, 0}, {0, 0.3, 0.4}, {0, 0.6, -0.1}, {0, 0, 0}};
        double[] D = Geometry.dimensionality(W);
        assertEquals(1.0, D[0], TOL);
        assertTrue(D[1] < 1 - 1e-3 && D[2] < 1 - 1e-3, "non-orthogonal features must have D < 1");
        assertEquals(0.0, D[3], 0.0, "zero feature reads as not learned");
    }

    @Test
    void kParallelFeaturesShareOneDimension() {
        for (int k = 1; k <= 6; k++) {
            double[][] W = new double[k + 2][4];
            for (int i = 0; i < k; i++) {
                W[i][0] = (i % 2 == 0 ? 1 : -1) * 0.9; // parallel or antiparallel, same norm
            }
            W[k][1] = 1;
            W[k + 1][2] = 0.5;
            double[] D = Geometry.dimensionality(W);
            for (int i = 0; i < k; i++) {
                assertEquals(1.0 / k, D[i], TOL, "k=" + k);
            }
            assertEquals(1.0, D[k], TOL);
            assertEquals(1.0, D[k + 1], TOL);
        }
    }

    @Test
    void regularPolygonHasDimensionalityTwoOverK() {
        for (int k = 3; k <= 8; k++) {
            double[] D = Geometry.dimensionality(Shapes.polygon(k, 0.3 * k));
            for (double d : D) {
                assertEquals(2.0 / k, d, TOL, k + "-gon");
            }
            assertEquals(2.0, Shapes.sum(D), TOL, "tight frame fills m");
        }
        // a digon spans only one of the two dimensions: 1/2, not 2/2
        double[] digon = Geometry.dimensionality(Shapes.polygon(2, 0.4));
        assertEquals(0.5, digon[0], TOL);
        assertEquals(0.5, digon[1], TOL);
    }

    @Test
    void tetrahedronAndTightSquareAntiprism() {
        double[] tet = Geometry.dimensionality(Shapes.tetrahedron());
        for (double d : tet) {
            assertEquals(0.75, d, TOL);
        }
        assertEquals(3.0, Shapes.sum(tet), TOL);
        double[] anti = Geometry.dimensionality(Shapes.squareAntiprism(1 / Math.sqrt(3)));
        for (double d : anti) {
            assertEquals(3.0 / 8, d, TOL);
        }
        assertEquals(3.0, Shapes.sum(anti), TOL);
        double[] squashed = Geometry.dimensionality(Shapes.squareAntiprism(0.4));
        assertTrue(Math.abs(squashed[0] - 3.0 / 8) > 1e-3, "only the tight height gives 3/8");
        assertTrue(Shapes.sum(squashed) < 3 - 1e-3, "a non-tight frame falls short of m");
    }

    @Test
    void superpositionOfAntipodalPairIsOneAndOfOrthogonalIsZero() {
        double[] s = Geometry.superposition(new double[][] {{1}, {-1}});
        assertArrayEquals(new double[] {1, 1}, s, TOL);
        assertArrayEquals(
                new double[] {0, 0, 0}, Geometry.superposition(new double[][] {{2, 0, 0}, {0, 3, 0}, {0, 0, 0}}), TOL);
        // s_i uses the unit Ŵ_i but the full W_j: a short feature sees all of a long one
        double[] uneven = Geometry.superposition(new double[][] {{0.5, 0}, {2, 0}});
        assertEquals(4.0, uneven[0], TOL);
        assertEquals(0.25, uneven[1], TOL);
    }

    @Test
    void weightedInterferenceWeighsOtherFeaturesByDensity() {
        double[][] W = {{1, 0}, {0.6, 0.8}, {0, -1}};
        double[] p = {0.5, 0.1, 0.2};
        double[] net = Geometry.weightedInterference(W, p);
        assertEquals(0.36 * 0.1, net[0], TOL);
        assertEquals(0.36 * 0.5 + 0.64 * 0.2, net[1], TOL);
        assertEquals(0.64 * 0.1, net[2], TOL);
        assertThrows(IllegalArgumentException.class, () -> Geometry.weightedInterference(W, new double[2]));
    }

    @Test
    void gramAndInterferenceMatrices() {
        double[][] W = {{1, 2}, {-3, 0.5}, {0, 1}};
        double[][] G = Geometry.gram(W);
        assertEquals(5.0, G[0][0], TOL);
        assertEquals(-2.0, G[0][1], TOL);
        assertEquals(-2.0, G[1][0], TOL);
        assertEquals(0.5, G[1][2], TOL);
        double[][] I = Geometry.interference(W);
        assertEquals(0.0, I[1][1], 0.0);
        assertEquals(-2.0, I[0][1], TOL);
        double[][] P = Geometry.positiveInterference(W);
        assertEquals(0.0, P[0][1], 0.0);
        assertEquals(2.0, P[0][2], TOL);
        assertEquals(0.0, P[2][2], 0.0);
    }

    @Test
    void frobeniusAndDimensionsPerFeature() {
        double[][] antipodalPairs = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};
        assertEquals(4.0, Geometry.frobeniusSq(antipodalPairs), TOL);
        assertEquals(0.5, Geometry.dimensionsPerFeature(antipodalPairs), TOL);
        assertEquals(2.0, Geometry.featuresPerDimension(antipodalPairs), TOL);
        double[][] mixed = {{0.9, 0}, {0, 0.51}, {0.3, 0.3}, {0, 0}};
        assertEquals(2, Geometry.representedCount(mixed));
        assertEquals(3, Geometry.representedCount(mixed, 0.4));
        assertArrayEquals(new double[] {0.9, 0.51, Math.sqrt(0.18), 0}, Geometry.norms(mixed), TOL);
    }

    @Test
    void raggedInputIsRejectedWithShapes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Geometry.norms(new double[][] {{1, 2}, {3}}));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
    }
}
