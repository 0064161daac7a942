package io.github.superpose.metrics;

/**
 * Per-feature geometry of one instance's embedding W [n, m], with {@code W[i]} = W_i, feature i's
 * vector. Ŵ_i = W_i / max(‖W_i‖, 1e-6), as the paper's notebook clamps it; G = W Wᵀ [n, n].
 *
 * <pre>double[] D = Geometry.dimensionality(W);</pre>
 */
public final class Geometry {
    /** Norm floor for Ŵ_i, matching the notebook's {@code compute_dimensionality}. */
    public static final double EPS = 1e-6;

    /** Norm above which a feature counts as represented (the paper reads ≈1 against ≈0). */
    public static final double REPRESENTED = 0.5;

    private Geometry() {}

    /** ‖W_i‖ for each feature: shape [n]. <pre>double[] r = Geometry.norms(W);</pre> */
    public static double[] norms(double[][] W) {
        Weights.hiddenDim(W);
        double[] out = new double[W.length];
        for (int i = 0; i < W.length; i++) {
            out[i] = Math.sqrt(Weights.dot(W[i], W[i]));
        }
        return out;
    }

    /** G_ij = W_i·W_j: shape [n, n], symmetric. <pre>double[][] G = Geometry.gram(W);</pre> */
    public static double[][] gram(double[][] W) {
        Weights.hiddenDim(W);
        int n = W.length;
        double[][] G = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double g = Weights.dot(W[i], W[j]);
                G[i][j] = g;
                G[j][i] = g;
            }
        }
        return G;
    }

    /**
     * Superposition s_i = Σ_{j≠i} (Ŵ_i·W_j)²: how much of other features' weight lies along W_i.
     * Shape [n]. <pre>double[] s = Geometry.superposition(W);</pre>
     */
    public static double[] superposition(double[][] W) {
        double[] ones = new double[W.length];
        java.util.Arrays.fill(ones, 1.0);
        return weightedInterference(W, ones);
    }

    /**
     * Σ_{j≠i} (Ŵ_i·W_j)² p_j: interference weighted by how often feature j is active
     * (the notebook's unused {@code net_interference}). Shape [n].
     *
     * <pre>double[] net = Geometry.weightedInterference(W, density);</pre>
     *
     * @param density p_j per feature, shape [n]
     */
    public static double[] weightedInterference(double[][] W, double[] density) {
        Weights.checkLength(density, W.length, "density");
        double[][] G = gram(W);
        double[] norms = norms(W);
        int n = W.length;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double inv = 1.0 / Math.max(norms[i], EPS);
            double s = 0;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    double proj = G[i][j] * inv;
                    s += proj * proj * density[j];
                }
            }
            out[i] = s;
        }
        return out;
    }

    /** G with a zero diagonal: the interference matrix [n, n]. <pre>Geometry.interference(W)</pre> */
    public static double[][] interference(double[][] W) {
        double[][] G = gram(W);
        for (int i = 0; i < G.length; i++) {
            G[i][i] = 0;
        }
        return G;
    }

    /**
     * max(G_ij, 0) off the diagonal, zero on it [n, n]: only positive interference survives a ReLU
     * output in the 1-sparse regime, so this is the part that costs loss.
     *
     * <pre>double[][] P = Geometry.positiveInterference(W);</pre>
     */
    public static double[][] positiveInterference(double[][] W) {
        double[][] G = interference(W);
        for (double[] row : G) {
            for (int j = 0; j < row.length; j++) {
                row[j] = Math.max(row[j], 0);
            }
        }
        return G;
    }

    /**
     * Feature dimensionality D_i = ‖W_i‖² / Σ_j (Ŵ_i·W_j)², sum including j = i, so D_i ∈ [0, 1].
     * A feature with zero weight gets 0 (the 0/0 limit that "not learned" should read as).
     * Shape [n]. <pre>double[] D = Geometry.dimensionality(W);</pre>
     */
    public static double[] dimensionality(double[][] W) {
        double[][] G = gram(W);
        int n = W.length;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double normSq = G[i][i];
            double inv = 1.0 / Math.max(Math.sqrt(normSq), EPS);
            double denom = 0;
            for (int j = 0; j < n; j++) {
                double proj = G[i][j] * inv;
                denom += proj * proj;
            }
            out[i] = denom > 0 ? normSq / denom : 0.0;
        }
        return out;
    }

    /** ‖W‖²_F = Σ_i ‖W_i‖². <pre>double f = Geometry.frobeniusSq(W);</pre> */
    public static double frobeniusSq(double[][] W) {
        Weights.hiddenDim(W);
        double s = 0;
        for (double[] row : W) {
            s += Weights.dot(row, row);
        }
        return s;
    }

    /**
     * Dimensions per feature D* = m / ‖W‖²_F (infinite when W is zero).
     * <pre>double dStar = Geometry.dimensionsPerFeature(W);</pre>
     */
    public static double dimensionsPerFeature(double[][] W) {
        return Weights.hiddenDim(W) / frobeniusSq(W);
    }

    /** Features per dimension ‖W‖²_F / m. <pre>Geometry.featuresPerDimension(W)</pre> */
    public static double featuresPerDimension(double[][] W) {
        return frobeniusSq(W) / Weights.hiddenDim(W);
    }

    /** Number of features with ‖W_i‖ above {@code threshold}. <pre>Geometry.representedCount(W, 0.5)</pre> */
    public static int representedCount(double[][] W, double threshold) {
        int count = 0;
        for (double r : norms(W)) {
            if (r > threshold) {
                count++;
            }
        }
        return count;
    }

    /** Number of features with ‖W_i‖ > {@link #REPRESENTED}. <pre>Geometry.representedCount(W)</pre> */
    public static int representedCount(double[][] W) {
        return representedCount(W, REPRESENTED);
    }
}
