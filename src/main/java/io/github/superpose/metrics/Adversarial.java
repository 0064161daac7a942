package io.github.superpose.metrics;

import java.util.SplittableRandom;

/**
 * Adversarial vulnerability of the ReLU output model (paper §4.9), x'_i = ReLU(Σ_j G_ij x_j + b_i)
 * with G = W Wᵀ for W [n, m]. Loss is Σ_i I_i (x_i − x'_i)² against the clean input x.
 *
 * <p>"Analytic" means a closed-form direction per feature, not gradient ascent (which the paper
 * avoids because of gradient masking): to move output k's pre-activation the most per unit of L2
 * norm, the perturbation must point along the row G_k. Each feature k is tried with
 * δ = ±eps·G_k/‖G_k‖ and the most damaging of the 2n candidates wins. The perturbed input is not
 * clipped to the data range.
 *
 * <pre>double v = Adversarial.vulnerability(W, b, importance, 0.05, 1000, 7L, 0.1);</pre>
 */
public final class Adversarial {
    private Adversarial() {}

    /**
     * The chosen attack.
     *
     * @param feature    the targeted feature k, or −1 when no candidate raises the loss
     * @param lossBefore loss at x
     * @param lossAfter  loss at x + delta, never below lossBefore
     * @param delta      the perturbation [n], ‖delta‖ = eps (zeros when feature = −1)
     */
    public record Attack(int feature, double lossBefore, double lossAfter, double[] delta) {}

    /**
     * Worst per-feature analytic L2 attack on one input.
     *
     * <pre>Attack a = Adversarial.optimalL2Attack(W, b, importance, x, 0.1 * norm(x));</pre>
     *
     * @param W          embedding [n, m]
     * @param b          output bias [n]
     * @param importance I_i [n]
     * @param x          clean input [n]
     * @param eps        L2 budget of the perturbation
     */
    public static Attack optimalL2Attack(double[][] W, double[] b, double[] importance, double[] x, double eps) {
        Weights.checkLength(x, W.length, "x");
        return new Model(W, b, importance).attack(x, eps);
    }

    /**
     * Mean loss increase of the optimal attack over sampled sparse inputs; the budget is
     * eps = epsFraction × the mean ‖x‖ of the samples (the paper uses 0.1). Each feature draws its
     * value from U[0,1) and then keeps it when a second uniform is ≤ density, as the notebook does.
     *
     * <pre>double v = Adversarial.vulnerability(W, b, importance, 0.05, 1000, 7L, 0.1);</pre>
     *
     * @param density probability p that a feature is active
     * @param samples number of inputs to average over
     * @param seed    seed of the {@link SplittableRandom} that draws the inputs
     */
    public static double vulnerability(
            double[][] W, double[] b, double[] importance, double density, int samples, long seed, double epsFraction) {
        return meanDamage(W, b, importance, density, samples, seed, epsFraction, false)[0];
    }

    /**
     * The paper's vulnerability relative to a model without superposition, (L' − L)/(L'₀ − L₀), on
     * inputs with at least one active feature: the mean damage of the optimal attack divided by the
     * damage the same attack does to the non-superposition model (orthonormal dedicated features,
     * zero bias), which is exactly max_i I_i · ε² on every input. ε = epsFraction × the inputs' mean
     * ‖x‖. Conditioning on non-zero inputs keeps the measure meaningful at high sparsity, where
     * almost every sampled input is all-zero and no small attack gets past the negative biases.
     * <pre>double v = Adversarial.gainOnActiveInputs(W, b, importance, 0.05, 2000, 17L, 0.1); // 1 without superposition</pre>
     */
    public static double gainOnActiveInputs(
            double[][] W, double[] b, double[] importance, double density, int samples, long seed, double epsFraction) {
        double[] r = meanDamage(W, b, importance, density, samples, seed, epsFraction, true);
        double maxImportance = 0;
        for (double v : importance) {
            maxImportance = Math.max(maxImportance, v);
        }
        return r[0] / (maxImportance * r[1] * r[1]);
    }

    /** {mean damage, ε} over sampled inputs (only non-zero ones when {@code activeOnly}). */
    private static double[] meanDamage(
            double[][] W,
            double[] b,
            double[] importance,
            double density,
            int samples,
            long seed,
            double epsFraction,
            boolean activeOnly) {
        Model model = new Model(W, b, importance);
        SplittableRandom rng = new SplittableRandom(seed);
        int n = W.length;
        double[][] xs = new double[samples][n];
        double meanNorm = 0;
        for (double[] x : xs) {
            double sq = 0;
            do {
                for (int i = 0; i < n; i++) {
                    double value = rng.nextDouble();
                    x[i] = rng.nextDouble() <= density ? value : 0.0;
                }
                sq = Weights.dot(x, x);
            } while (activeOnly && sq == 0);
            meanNorm += Math.sqrt(sq) / samples;
        }
        double eps = epsFraction * meanNorm;
        double total = 0;
        for (double[] x : xs) {
            Attack a = model.attack(x, eps);
            total += a.lossAfter() - a.lossBefore();
        }
        return new double[] {total / samples, eps};
    }

    /** G, the response of every pre-activation to each attack direction, and the loss. */
    private static final class Model {
        private final double[][] G;
        /** response[k][i] = (G · G_k/‖G_k‖)_i: pre-activation change of output i per unit step along G_k. */
        private final double[][] response;

        private final double[] rowNorm;
        private final double[] b;
        private final double[] importance;

        Model(double[][] W, double[] b, double[] importance) {
            Weights.checkLength(b, W.length, "b");
            Weights.checkLength(importance, W.length, "importance");
            this.G = Geometry.gram(W);
            this.b = b;
            this.importance = importance;
            int n = W.length;
            rowNorm = new double[n];
            response = new double[n][n];
            for (int k = 0; k < n; k++) {
                rowNorm[k] = Math.sqrt(Weights.dot(G[k], G[k]));
                for (int i = 0; i < n && rowNorm[k] > 0; i++) {
                    // G is symmetric, so (G G_k)_i = G_i · G_k
                    response[k][i] = Weights.dot(G[i], G[k]) / rowNorm[k];
                }
            }
        }

        Attack attack(double[] x, double eps) {
            int n = x.length;
            double[] pre = new double[n];
            for (int i = 0; i < n; i++) {
                pre[i] = Weights.dot(G[i], x) + b[i];
            }
            double before = loss(x, pre, null, 0);
            double best = before;
            int bestFeature = -1;
            double bestStep = 0;
            for (int k = 0; k < n; k++) {
                if (rowNorm[k] == 0) {
                    continue; // a feature nothing reads from cannot be targeted
                }
                for (double step : new double[] {eps, -eps}) {
                    double after = loss(x, pre, response[k], step);
                    if (after > best) {
                        best = after;
                        bestFeature = k;
                        bestStep = step;
                    }
                }
            }
            double[] delta = new double[n];
            if (bestFeature >= 0) {
                for (int j = 0; j < n; j++) {
                    delta[j] = bestStep * G[bestFeature][j] / rowNorm[bestFeature];
                }
            }
            return new Attack(bestFeature, before, best, delta);
        }

        /** Σ I_i (x_i − ReLU(pre_i + step·shift_i))²; shift may be null for no perturbation. */
        private double loss(double[] x, double[] pre, double[] shift, double step) {
            double s = 0;
            for (int i = 0; i < x.length; i++) {
                double z = pre[i] + (shift == null ? 0 : step * shift[i]);
                double err = x[i] - Math.max(z, 0);
                s += importance[i] * err * err;
            }
            return s;
        }
    }
}
