package io.github.superpose.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The drawn boundaries are exactly where the theoretical phase of the extra feature changes. */
class TheoreticalBoundariesTest {
    private static FeaturePhase phase(boolean threeToTwo, double r, double p) {
        return threeToTwo ? TheoreticalPhase.classify3to2(r, p) : TheoreticalPhase.classify2to1(r, p);
    }

    /** Distance in (log₁₀ r, log₁₀ p) from a point to the nearest drawn segment. */
    private static double distance(List<double[][]> segments, double lr, double lp) {
        double best = Double.MAX_VALUE;
        for (double[][] seg : segments) {
            for (int k = 0; k + 1 < seg.length; k++) {
                double ax = Math.log10(seg[k][0]);
                double ay = Math.log10(seg[k][1]);
                double bx = Math.log10(seg[k + 1][0]);
                double by = Math.log10(seg[k + 1][1]);
                double dx = bx - ax;
                double dy = by - ay;
                double len = dx * dx + dy * dy;
                double t = len == 0 ? 0 : Math.max(0, Math.min(1, ((lr - ax) * dx + (lp - ay) * dy) / len));
                best = Math.min(best, Math.hypot(lr - ax - t * dx, lp - ay - t * dy));
            }
        }
        return best;
    }

    @Test
    void everyPhaseChangeOnAFineGridLiesOnADrawnBoundary() {
        for (boolean threeToTwo : new boolean[] {false, true}) {
            List<double[][]> b =
                    TheoreticalPhase.boundaries(threeToTwo ? 3 : 2, threeToTwo ? 2 : 1, 0.1, 10, 0.01, 1, 400);
            int cells = 90;
            double step = 2.0 / (cells - 1);
            int changes = 0;
            for (int i = 0; i < cells; i++) {
                for (int j = 0; j < cells; j++) {
                    double lr = -1 + 2.0 * i / (cells - 1);
                    double lp = -2 + 2.0 * j / (cells - 1);
                    FeaturePhase here = phase(threeToTwo, Math.pow(10, lr), Math.pow(10, lp));
                    double[][] next = {{lr + step, lp}, {lr, lp + step}};
                    for (double[] q : next) {
                        if (q[0] > 1 + 1e-9 || q[1] > 1e-9) {
                            continue;
                        }
                        if (phase(threeToTwo, Math.pow(10, q[0]), Math.pow(10, q[1])) != here) {
                            changes++;
                            double d = distance(b, (lr + q[0]) / 2, (lp + q[1]) / 2);
                            assertTrue(
                                    d <= step,
                                    (threeToTwo ? "3→2" : "2→1") + ": phase change at r=10^" + lr + ", p=10^" + lp
                                            + " is " + d + " from every drawn boundary");
                        }
                    }
                }
            }
            assertTrue(changes > cells, "the grid crosses the boundaries");
        }
    }

    @Test
    void everyDrawnPointSeparatesTwoPhases() {
        double d = 0.01;
        for (boolean threeToTwo : new boolean[] {false, true}) {
            for (double[][] seg :
                    TheoreticalPhase.boundaries(threeToTwo ? 3 : 2, threeToTwo ? 2 : 1, 0.1, 10, 0.01, 1, 100)) {
                for (int k = 0; k < seg.length; k++) {
                    // interpolate along the segment so the straight lines are checked between their ends
                    double[] a = seg[k];
                    double[] b = seg[Math.min(k + 1, seg.length - 1)];
                    double r = Math.sqrt(a[0] * b[0]);
                    double p = Math.sqrt(a[1] * b[1]);
                    Set<FeaturePhase> around = new HashSet<>();
                    for (double[] f : new double[][] {{1, 1}, {1, -1}, {-1, 1}, {-1, -1}}) {
                        around.add(phase(threeToTwo, r * Math.pow(10, f[0] * d), p * Math.pow(10, f[1] * d)));
                    }
                    assertTrue(around.size() >= 2, "no phase change near r=" + r + ", p=" + p);
                }
            }
        }
    }

    @Test
    void theTwoToOneBoundaryHasTheCurveAndTheDenseLineAtROne() {
        List<double[][]> b = TheoreticalPhase.boundaries(2, 1, 0.1, 10, 0.01, 1, 50);
        assertEquals(2, b.size());
        assertEquals(0.16, b.get(0)[0][1], 1e-12);
        double[][] line = b.get(1);
        assertEquals(1, line[0][0], 0);
        assertEquals(4.0 / 7, line[0][1], 1e-12);
        assertEquals(1, line[line.length - 1][1], 0);
        // a range that misses r = 1 has no line there
        assertEquals(1, TheoreticalPhase.boundaries(2, 1, 2, 10, 0.01, 1, 50).size());
    }

    @Test
    void otherSizesHaveNoTheory() {
        int[][] sizes = {{4, 2}, {2, 2}, {3, 1}, {5, 2}, {20, 5}};
        for (int[] s : sizes) {
            assertTrue(
                    TheoreticalPhase.boundaries(s[0], s[1], 0.1, 10, 0.01, 1, 50)
                            .isEmpty(),
                    s[0] + "→" + s[1]);
        }
        assertThrows(IllegalArgumentException.class, () -> TheoreticalPhase.boundaries(2, 1, 0, 10, 0.01, 1, 50));
    }
}
