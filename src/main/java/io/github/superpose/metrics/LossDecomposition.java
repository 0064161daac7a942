package io.github.superpose.metrics;

/**
 * The paper's split of the loss into feature benefit and interference (§4.3), for W [n, m].
 *
 * <pre>LossDecomposition.Decomposition d = LossDecomposition.linear(W, importance);</pre>
 */
public final class LossDecomposition {
    private LossDecomposition() {}

    /**
     * The two terms and their per-feature parts. Both are losses (lower is better): "benefit" is
     * the paper's name for the term that representing a feature drives down.
     *
     * @param featureBenefit         Σ_i of perFeatureBenefit
     * @param interference           Σ_j of perFeatureInterference
     * @param perFeatureBenefit      shape [n], indexed by the feature being represented
     * @param perFeatureInterference shape [n], indexed by the feature j that suffers: I_j Σ_{i≠j}(…)
     */
    public record Decomposition(
            double featureBenefit, double interference, double[] perFeatureBenefit, double[] perFeatureInterference) {
        /** featureBenefit + interference. */
        public double total() {
            return featureBenefit + interference;
        }
    }

    /**
     * Linear model: benefit Σ_i I_i (1 − ‖W_i‖²)², interference Σ_{i≠j} I_j (W_j·W_i)².
     *
     * <pre>var d = LossDecomposition.linear(W, new double[] {1, 0.7, 0.49});</pre>
     *
     * @param importance I_i, shape [n]
     */
    public static Decomposition linear(double[][] W, double[] importance) {
        Weights.checkLength(importance, W.length, "importance");
        double[][] G = Geometry.gram(W);
        int n = W.length;
        double[] benefit = new double[n];
        double[] interference = new double[n];
        for (int j = 0; j < n; j++) {
            double gap = 1 - G[j][j];
            benefit[j] = importance[j] * gap * gap;
            double s = 0;
            for (int i = 0; i < n; i++) {
                if (i != j) {
                    s += G[j][i] * G[j][i];
                }
            }
            interference[j] = importance[j] * s;
        }
        return of(benefit, interference);
    }

    /**
     * ReLU output model, 1-sparse term L₁ (only feature i active, x_i ~ U[0,1]), integrated exactly:
     * benefit Σ_i I_i ∫₀¹ (x − ReLU(‖W_i‖² x + b_i))² dx and interference
     * Σ_{i≠j} I_j ∫₀¹ ReLU(G_ji x + b_j)² dx. Negative G_ji with b_j ≤ 0 costs nothing here, which is
     * why the ReLU model tolerates superposition when features are sparse.
     *
     * <pre>var d = LossDecomposition.oneSparseReLU(W, b, importance);</pre>
     *
     * @param b          output bias, shape [n]
     * @param importance I_i, shape [n]
     */
    public static Decomposition oneSparseReLU(double[][] W, double[] b, double[] importance) {
        Weights.checkLength(b, W.length, "b");
        Weights.checkLength(importance, W.length, "importance");
        double[][] G = Geometry.gram(W);
        int n = W.length;
        double[] benefit = new double[n];
        double[] interference = new double[n];
        for (int j = 0; j < n; j++) {
            benefit[j] = importance[j] * reconstructionError(G[j][j], b[j]);
            double s = 0;
            for (int i = 0; i < n; i++) {
                if (i != j) {
                    s += reluSquared(G[j][i], b[j]);
                }
            }
            interference[j] = importance[j] * s;
        }
        return of(benefit, interference);
    }

    /**
     * ∫₀¹ ReLU(a x + c)² dx in closed form.
     * <pre>LossDecomposition.reluSquared(1, 0) == 1.0 / 3</pre>
     */
    public static double reluSquared(double a, double c) {
        double[] span = activeSpan(a, c);
        if (span == null) {
            return 0.0;
        }
        double l = span[0];
        double h = span[1];
        // expand (a x + c)² rather than using (a x + c)³/(3a), which divides by a ≈ 0
        return a * a * (h * h * h - l * l * l) / 3 + a * c * (h * h - l * l) + c * c * (h - l);
    }

    /**
     * ∫₀¹ (x − ReLU(a x + c))² dx in closed form: ∫x² − 2∫x·ReLU(a x + c) + ∫ReLU(a x + c)².
     * <pre>LossDecomposition.reconstructionError(1, 0) == 0.0</pre>
     */
    public static double reconstructionError(double a, double c) {
        double cross = 0;
        double[] span = activeSpan(a, c);
        if (span != null) {
            double l = span[0];
            double h = span[1];
            cross = a * (h * h * h - l * l * l) / 3 + c * (h * h - l * l) / 2;
        }
        return 1.0 / 3 - 2 * cross + reluSquared(a, c);
    }

    /**
     * The part [lo, hi] of [0, 1] where a x + c &gt; 0, or null if empty. The kink sits at x = −c/a;
     * a = 0 makes the sign of c decide for the whole interval.
     */
    static double[] activeSpan(double a, double c) {
        double lo = 0;
        double hi = 1;
        if (a > 0) {
            lo = Math.max(0, -c / a);
        } else if (a < 0) {
            hi = Math.min(1, -c / a);
        } else if (c <= 0) {
            return null;
        }
        return lo < hi ? new double[] {lo, hi} : null;
    }

    private static Decomposition of(double[] benefit, double[] interference) {
        return new Decomposition(sum(benefit), sum(interference), benefit, interference);
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }
}
