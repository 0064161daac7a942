package io.github.superpose.metrics;

/**
 * Expected loss of the ReLU output model x' = ReLU(W Wᵀ x + b) for a handful of features, by
 * stratifying over which features are active instead of sampling batches. Each feature is active
 * with probability p and then uniform on [0, 1]; the loss is Σ_i I_i (x_i − x'_i)² averaged over
 * features, as in training. At low density a sampled loss is dominated by the rare inputs with
 * two features active at once, so an 8k-sample estimate can rank two solutions wrongly; here every
 * active set gets its exact probability and a midpoint grid over its values.
 *
 * <pre>double l = ExpectedLoss.reluOutput(W, b, new double[] {1, 1, 0.5}, 0.05);</pre>
 */
public final class ExpectedLoss {
    /** At most this many features: 2ⁿ active sets, each integrated on a grid. */
    public static final int MAX_FEATURES = 4;
    /** Midpoint-grid points per active feature's value (error of order 1/GRID² on the loss). */
    static final int GRID = 32;

    private ExpectedLoss() {}

    /**
     * @param W          embedding [n, m], n ≤ {@link #MAX_FEATURES}
     * @param b          output bias [n]
     * @param importance I_i [n]
     * @param density    p, the probability that a feature is active
     */
    public static double reluOutput(double[][] W, double[] b, double[] importance, double density) {
        int n = W.length;
        if (n > MAX_FEATURES) {
            throw new IllegalArgumentException(
                    "expected loss by active sets needs at most " + MAX_FEATURES + " features, got " + n);
        }
        Weights.checkLength(b, n, "b");
        Weights.checkLength(importance, n, "importance");
        double[][] g = Geometry.gram(W);
        double total = 0;
        for (int set = 0; set < (1 << n); set++) {
            int k = Integer.bitCount(set);
            double prob = Math.pow(density, k) * Math.pow(1 - density, n - k);
            if (prob > 0) {
                total += prob * meanOverSet(g, b, importance, set, k);
            }
        }
        return total / n;
    }

    /** Mean loss over the midpoint grid of the active features' values (inactive ones are 0). */
    private static double meanOverSet(double[][] g, double[] b, double[] importance, int set, int k) {
        int n = g.length;
        int[] active = new int[k];
        for (int i = 0, a = 0; i < n; i++) {
            if ((set >> i & 1) == 1) {
                active[a++] = i;
            }
        }
        int points = (int) Math.pow(GRID, k);
        double[] x = new double[n];
        double sum = 0;
        for (int q = 0; q < points; q++) {
            for (int a = 0, rest = q; a < k; a++, rest /= GRID) {
                x[active[a]] = (rest % GRID + 0.5) / GRID;
            }
            for (int i = 0; i < n; i++) {
                double out = Math.max(0, Weights.dot(g[i], x) + b[i]);
                sum += importance[i] * (x[i] - out) * (x[i] - out);
            }
        }
        return sum / points;
    }
}
