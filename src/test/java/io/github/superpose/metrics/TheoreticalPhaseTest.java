package io.github.superpose.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Claim T3 (the 2 → 1 phase diagram of "Superposition as a Phase Change") plus the 3 → 2 rule. */
class TheoreticalPhaseTest {
    private static double[] logspace(double lo, double hi, int k) {
        double[] out = new double[k];
        for (int i = 0; i < k; i++) {
            out[i] = Math.pow(10, lo + (hi - lo) * i / (k - 1));
        }
        return out;
    }

    @Test
    void boundaryValuesFromTheSpec() {
        assertEquals(4.0 / 7, TheoreticalPhase.boundary2to1(1), 1e-12);
        assertEquals(0.16, TheoreticalPhase.boundary2to1(0.1), 1e-12);
        assertEquals(0.16, TheoreticalPhase.boundary2to1(10), 1e-12);
        assertEquals(4.0 / 11, TheoreticalPhase.boundary2to1(3), 1e-12);
        assertEquals(12.0 / 35, TheoreticalPhase.boundary2to1(0.3), 1e-12);
    }

    @Test
    void lossesOfTheThreeConfigurations() {
        // drop-first at p = 1: a dense U[0,1] feature predicted by its mean 1/2 has variance 1/12
        assertEquals(1.0 / 12, TheoreticalPhase.lossDropFirst(1), 1e-15);
        assertEquals(2.0 / 12, TheoreticalPhase.lossDropExtra(2, 1), 1e-15);
        assertEquals(0.3 * 0.3 * 1.5 / 6, TheoreticalPhase.lossAntipodal(0.5, 0.3), 1e-15);
    }

    @Test
    void classificationAgreesWithBoundaryOnGrid() {
        for (double r : logspace(-1, 1, 41)) {
            if (Math.abs(r - 1) < 1e-9) {
                continue; // the two drop configurations tie at r = 1
            }
            double pStar = TheoreticalPhase.boundary2to1(r);
            FeaturePhase above = r > 1 ? FeaturePhase.DEDICATED : FeaturePhase.NOT_LEARNED;
            for (double f : new double[] {1e-6, 1e-3, 0.1, 0.5}) {
                assertEquals(FeaturePhase.SUPERPOSITION, TheoreticalPhase.classify2to1(r, pStar * (1 - f)), "r=" + r);
                double p = Math.min(1, pStar * (1 + f));
                assertEquals(above, TheoreticalPhase.classify2to1(r, p), "r=" + r + " p=" + p);
            }
            // at p* the antipodal loss meets the cheaper drop configuration
            double drop = Math.min(TheoreticalPhase.lossDropExtra(r, pStar), TheoreticalPhase.lossDropFirst(pStar));
            assertEquals(drop, TheoreticalPhase.lossAntipodal(r, pStar), 1e-14);
        }
    }

    @Test
    void gridAndBoundaryCurve() {
        double[] rs = logspace(-1, 1, 9);
        double[] ps = logspace(-2, 0, 7);
        FeaturePhase[][] g = TheoreticalPhase.grid(rs, ps, false);
        assertEquals(9, g.length);
        assertEquals(7, g[0].length);
        for (int i = 0; i < rs.length; i++) {
            for (int j = 0; j < ps.length; j++) {
                assertEquals(
                        ps[j] < TheoreticalPhase.boundary2to1(rs[i]),
                        g[i][j] == FeaturePhase.SUPERPOSITION,
                        "r=" + rs[i] + " p=" + ps[j]);
            }
        }
        double[][] c = TheoreticalPhase.boundaryCurve(0.1, 10, 5);
        assertArrayEquals(new double[] {0.1, Math.sqrt(0.1), 1, Math.sqrt(10), 10}, c[0], 1e-12);
        assertEquals(4.0 / 7, c[1][2], 1e-12);
        assertEquals(0.16, c[1][0], 1e-12);
        assertThrows(IllegalArgumentException.class, () -> TheoreticalPhase.boundaryCurve(0, 1, 5));
    }

    @Test
    void threeToTwoRule() {
        for (double r : logspace(-1, 1, 31)) {
            for (double p : logspace(-3, 0, 31)) {
                FeaturePhase got = TheoreticalPhase.classify3to2(r, p);
                if (r < 1 - 1e-9) {
                    double pStar = 4 * r / (2 + 5 * r);
                    if (Math.abs(p / pStar - 1) > 1e-9) {
                        assertEquals(
                                p < pStar ? FeaturePhase.SUPERPOSITION : FeaturePhase.NOT_LEARNED,
                                got,
                                "r=" + r + " p=" + p);
                    }
                } else if (r > 1 + 1e-9) {
                    assertEquals(FeaturePhase.DEDICATED, got, "r=" + r + " p=" + p);
                    var cfg = TheoreticalPhase.best3to2(r, p);
                    if (Math.abs(p - 4.0 / 7) > 1e-9) {
                        assertEquals(
                                p < 4.0 / 7,
                                cfg == TheoreticalPhase.Config3to2.PAIR_ANTIPODAL,
                                "features 1, 2 antipodal iff p < 4/7; r=" + r + " p=" + p);
                    }
                }
            }
        }
        FeaturePhase[][] g = TheoreticalPhase.grid(new double[] {0.5, 2}, new double[] {0.01, 0.9}, true);
        assertEquals(FeaturePhase.SUPERPOSITION, g[0][0]);
        assertEquals(FeaturePhase.NOT_LEARNED, g[0][1]);
        assertTrue(g[1][0] == FeaturePhase.DEDICATED && g[1][1] == FeaturePhase.DEDICATED);
    }
}
