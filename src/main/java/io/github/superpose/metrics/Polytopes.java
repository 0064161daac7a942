package io.github.superpose.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Polytope identification (paper §4.6): snap D_i to the nearest cluster, split features into tegum
 * factors, and check that a factor is a regular polygon.
 *
 * <pre>Polytope p = Polytopes.nearest(0.41); // PENTAGON</pre>
 */
public final class Polytopes {
    /**
     * Reference lines of the paper's dimensionality plot, in its order: 1 plus the notebook's
     * blue (d = 3) and purple (d = 2) lines.
     */
    public static final List<Double> REFERENCE_FRACTIONS = List.of(
            1.0, 5.0 / 6, 4.0 / 5, 3.0 / 4, 2.0 / 3, 1.0 / 2, 2.0 / 5, 3.0 / 8, 2.0 / 6, 2.0 / 7, 3.0 / 12, 3.0 / 20);

    /** Features at or below this norm are left out of tegum factors: they carry no geometry. */
    public static final double MIN_NORM = 0.1;

    private Polytopes() {}

    /**
     * The polytope whose fraction is nearest to D; on an exact tie the larger fraction wins.
     * <pre>Polytopes.nearest(0.74) == Polytope.TETRAHEDRON</pre>
     */
    public static Polytope nearest(double D) {
        Polytope best = Polytope.DEDICATED;
        for (Polytope p : Polytope.values()) {
            // values() runs from large to small fraction, so strict < keeps the larger on ties
            if (Math.abs(D - p.fraction()) < Math.abs(D - best.fraction())) {
                best = p;
            }
        }
        return best;
    }

    /**
     * The nearest polytope if it lies within {@code tol} of D, else empty.
     * <pre>Polytopes.nearest(0.6, 0.03).isEmpty()</pre>
     */
    public static Optional<Polytope> nearest(double D, double tol) {
        Polytope p = nearest(D);
        return Math.abs(D - p.fraction()) <= tol ? Optional.of(p) : Optional.empty();
    }

    /**
     * Tegum factors: connected components of the graph with an edge i–j when |G_ij| &gt; tau,
     * over features with ‖W_i‖ &gt; {@link #MIN_NORM}. Factors interfere with nothing outside
     * themselves, which is why their D_i lines split (§4.6).
     *
     * <pre>List&lt;int[]&gt; factors = Polytopes.tegumFactors(W, 0.01);</pre>
     *
     * @param W   embedding [n, m]
     * @param tau edge threshold on |W_i·W_j|
     * @return feature indices per factor, each ascending; factors ordered by their smallest index
     */
    public static List<int[]> tegumFactors(double[][] W, double tau) {
        double[][] G = Geometry.gram(W);
        double[] norms = Geometry.norms(W);
        int n = W.length;
        int[] component = new int[n];
        Arrays.fill(component, -1);
        List<int[]> factors = new ArrayList<>();
        for (int start = 0; start < n; start++) {
            if (component[start] >= 0 || norms[start] <= MIN_NORM) {
                continue;
            }
            factors.add(flood(G, norms, tau, start, component, factors.size()));
        }
        factors.sort(Comparator.comparingInt(f -> f[0]));
        return factors;
    }

    /** Breadth-first search from {@code start}; marks members with {@code id}. */
    private static int[] flood(double[][] G, double[] norms, double tau, int start, int[] component, int id) {
        int[] queue = new int[G.length];
        int head = 0;
        int tail = 0;
        queue[tail++] = start;
        component[start] = id;
        while (head < tail) {
            int i = queue[head++];
            for (int j = 0; j < G.length; j++) {
                if (component[j] < 0 && norms[j] > MIN_NORM && Math.abs(G[i][j]) > tau) {
                    component[j] = id;
                    queue[tail++] = j;
                }
            }
        }
        int[] members = Arrays.copyOf(queue, tail);
        Arrays.sort(members);
        return members;
    }

    /**
     * Whether the members form a regular k-gon: equal norms, all in one plane through the origin,
     * and consecutive angles 2π/k (k = 2 is an antipodal digon). The plane may sit in any m ≥ 2.
     *
     * <pre>Polytopes.isRegularPolygon(W, new int[] {0, 1, 2, 3, 4}, 1e-3)</pre>
     *
     * @param tol relative tolerance on norms and distance from the plane, absolute on angles (rad)
     */
    public static boolean isRegularPolygon(double[][] W, int[] members, double tol) {
        int k = members.length;
        if (k < 2) {
            return false;
        }
        double[] norms = Geometry.norms(W);
        double r = norms[members[0]];
        if (r <= tol) {
            return false;
        }
        for (int f : members) {
            if (Math.abs(norms[f] - r) > tol * r) {
                return false;
            }
        }
        double[][] plane = planeBasis(W, members, r, tol);
        if (plane == null) {
            return false;
        }
        double[] angles = new double[k];
        for (int a = 0; a < k; a++) {
            double[] w = W[members[a]];
            double x = Weights.dot(w, plane[0]);
            double y = Weights.dot(w, plane[1]);
            if (offPlane(w, x, y, plane) > tol * r) {
                return false;
            }
            angles[a] = Math.atan2(y, x);
        }
        return equalGaps(angles, tol);
    }

    /**
     * Orthonormal e1, e2 spanned by the members, or null when k ≥ 3 and they are collinear.
     * For a digon e2 may be the zero vector: both points then lie on e1.
     */
    private static double[][] planeBasis(double[][] W, int[] members, double r, double tol) {
        int m = W[0].length;
        double[] e1 = new double[m];
        for (int c = 0; c < m; c++) {
            e1[c] = W[members[0]][c] / r;
        }
        double[] e2 = new double[m];
        double best = 0;
        for (int f : members) {
            double along = Weights.dot(W[f], e1);
            double[] res = new double[m];
            for (int c = 0; c < m; c++) {
                res[c] = W[f][c] - along * e1[c];
            }
            double len = Math.sqrt(Weights.dot(res, res));
            if (len > best) {
                best = len;
                for (int c = 0; c < m; c++) {
                    e2[c] = res[c] / len;
                }
            }
        }
        if (best <= tol * r) {
            if (members.length >= 3) {
                return null;
            }
            Arrays.fill(e2, 0);
        }
        return new double[][] {e1, e2};
    }

    /** Length of w minus its projection on the plane; explicit, since √(‖w‖² − x² − y²) loses precision. */
    private static double offPlane(double[] w, double x, double y, double[][] plane) {
        double sq = 0;
        for (int c = 0; c < w.length; c++) {
            double d = w[c] - x * plane[0][c] - y * plane[1][c];
            sq += d * d;
        }
        return Math.sqrt(sq);
    }

    /** Sorted angles split the circle into k gaps of 2π/k each, within tol. */
    private static boolean equalGaps(double[] angles, double tol) {
        double[] a = angles.clone();
        Arrays.sort(a);
        int k = a.length;
        double target = 2 * Math.PI / k;
        for (int i = 0; i < k; i++) {
            double gap = (i + 1 < k) ? a[i + 1] - a[i] : a[0] + 2 * Math.PI - a[k - 1];
            if (Math.abs(gap - target) > tol) {
                return false;
            }
        }
        return true;
    }
}
