package io.github.superpose.experiments;

import java.util.ArrayList;
import java.util.List;

/**
 * Claims of the finite-data paper (Henighan et al. 2023, ids D1–D3), measured on a
 * double-descent run whose instances are ordered by T. Tolerances are stated in each claim's
 * text: a polygon's gaps within 15° of 360°/T (the T7 pentagon tolerance), "low" feature
 * dimensionality below 1/3 (a feature sharing its direction with two or more others). The
 * feature side of the dimensionality comparisons is the mean D_i of the represented features
 * (‖W_i‖ &gt; 0.5): at n = 10,000 the thousands of features left near their initial weights
 * would otherwise set any mean. Test losses are compared with the zero-output level, the test
 * loss of a model that outputs 0 ({@link FiniteMeasures#zeroOutputLoss}), and with the test
 * loss of the biases alone (W = 0: a model that ignores its input); test losses are
 * recomputed from the weights on the run's test points, so the claims measure the weights they
 * are given.
 *
 * <pre>List&lt;Claim&gt; c = FiniteClaims.doubleDescent(run);</pre>
 */
final class FiniteClaims {
    static final double GAP_TOLERANCE = 15;
    static final double LOW = 1.0 / 3;
    /** Smallest rise of the test-loss peak over an earlier T, as a fraction of the zero-output level. */
    static final double RISE = 1e-3;
    /** How far (a factor in T) the peak may lie from the first T where mean D_i reaches mean D_t. */
    static final double CROSS_FACTOR = 4;

    private FiniteClaims() {}

    static List<Claim> doubleDescent(RunData run) {
        double[] t = FiniteMeasures.trainPoints(run);
        double[] test = FiniteMeasures.testLossOfWeights(run);
        double[] zero = FiniteMeasures.zeroOutputLoss(run);
        double[] biases = FiniteMeasures.testLossOfBiases(run);
        double[] dPoint = FiniteMeasures.meanPointDimensionality(run);
        double[] dFeat = FiniteMeasures.representedFeatureDimensionality(run);
        int[] count = FiniteMeasures.representedFeatures(run);
        int m = run.spec().hidden();
        int last = t.length - 1;
        List<Claim> out = new ArrayList<>();
        out.add(polygon(run, t, dFeat));
        out.add(new Claim(
                "D2",
                "large T: features in superposition, training points not, and the model generalises: at the "
                        + "largest T more represented features (‖W_i‖ > 0.5) than hidden dimensions, their mean D_i "
                        + "above the training points' mean D_t (the reverse of the smallest T), and the features lower "
                        + "the test loss (below that of the biases alone, W = 0)",
                "T = " + (int) t[last] + ": " + count[last] + " represented features, mean D_i "
                        + Claims.fmt(dFeat[last]) + ", mean D_t " + Claims.fmt(dPoint[last]) + ", test loss "
                        + loss(test[last]) + " (biases alone " + loss(biases[last]) + ", zero output "
                        + loss(zero[last]) + "); T = "
                        + (int) t[0] + ": mean D_i " + Claims.fmt(dFeat[0]) + ", mean D_t "
                        + Claims.fmt(dPoint[0]),
                count[last] > m && dFeat[last] > dPoint[last] && dPoint[0] > dFeat[0] && test[last] < biases[last]));
        out.add(peak(t, test, zero, biases, dPoint, dFeat));
        return out;
    }

    /** D1 on every instance with T ≤ 5: T hidden vectors at gaps of 360°/T ± 15°, represented features' mean D_i low. */
    private static Claim polygon(RunData run, double[] t, double[] dFeat) {
        StringBuilder measured = new StringBuilder();
        boolean pass = true;
        int checked = 0;
        for (int i = 0; i < t.length && t[i] <= 5; i++) {
            double[][] h = FiniteMeasures.hidden(run, i);
            double max = 0;
            for (double[] v : h) {
                max = Math.max(max, Math.hypot(v[0], v[1]));
            }
            double[] gaps = Measures.angularGaps(h, 0.1 * max);
            double worst = gaps.length == t[i] ? 0 : Double.POSITIVE_INFINITY;
            for (double g : gaps) {
                worst = Math.max(worst, Math.abs(g - 360 / t[i]));
            }
            pass &= worst <= GAP_TOLERANCE && dFeat[i] < LOW;
            checked++;
            measured.append(measured.length() == 0 ? "" : "; ")
                    .append("T = ")
                    .append((int) t[i])
                    .append(": gaps ")
                    .append(java.util.Arrays.toString(Claims.round(gaps)))
                    .append("°, represented features' mean D_i ")
                    .append(Claims.fmt(dFeat[i]));
        }
        return new Claim(
                "D1",
                "small T (≤ 5): the training points' hidden vectors form a regular T-gon (gaps 360°/T ± "
                        + (int) GAP_TOLERANCE + "°), represented features' mean D_i < " + Claims.fmt(LOW),
                checked == 0 ? "no T ≤ 5" : measured.toString(),
                pass && checked > 0);
    }

    /**
     * D3, double descent: the test loss rises (by at least {@link #RISE} of the zero-output level)
     * from a smaller T to a peak at an intermediate T, and falls again, at the largest T below the
     * peak and below the biases alone; at the peak both dimensionalities are low, the points' mean D_t below the
     * smallest T's and the represented features' mean D_i below the largest T's; and the peak lies
     * within {@link #CROSS_FACTOR} in T of the first T where the features' mean D_i reaches the
     * points' mean D_t. The peak is the T with the largest rise over any smaller T.
     */
    private static Claim peak(
            double[] t, double[] test, double[] zero, double[] biases, double[] dPoint, double[] dFeat) {
        int last = t.length - 1;
        int top = -1;
        double rise = Double.NEGATIVE_INFINITY;
        double low = test[0];
        int from = 0;
        int bestFrom = 0;
        for (int i = 1; i <= last; i++) {
            if (test[i] - low > rise) {
                rise = test[i] - low;
                top = i;
                bestFrom = from;
            }
            if (test[i] < low) {
                low = test[i];
                from = i;
            }
        }
        if (top < 0) {
            return new Claim("D3", "test-loss peak at an intermediate T", "fewer than two T", false);
        }
        boolean interior = top < last && rise >= RISE * zero[top];
        boolean second = test[last] < test[top] && test[last] < biases[last];
        boolean bothLow = dPoint[top] < dPoint[0] && dFeat[top] < dFeat[last];
        int cross = -1;
        for (int i = 0; i <= last && cross < 0; i++) {
            if (dFeat[i] >= dPoint[i]) {
                cross = i;
            }
        }
        boolean near = cross >= 0 && Math.max(t[top], t[cross]) <= CROSS_FACTOR * Math.min(t[top], t[cross]);
        return new Claim(
                "D3",
                "double descent: test loss rises by ≥ " + Claims.fmt(100 * RISE) + "% of the zero-output level "
                        + "from a smaller T to a peak at an intermediate T and falls again: at the largest T below "
                        + "the peak and below the biases alone (W = 0); at the peak both dimensionalities are low (mean D_t below the smallest "
                        + "T's, represented features' mean D_i below the largest T's), within a factor "
                        + (int) CROSS_FACTOR + " in T of where the features' mean D_i overtakes the points' mean D_t",
                "peak " + loss(test[top]) + " at T = " + (int) t[top] + ", up "
                        + Claims.fmt(100 * (test[top] - test[bestFrom]) / zero[top]) + "% from "
                        + loss(test[bestFrom]) + " at T = " + (int) t[bestFrom] + "; largest T "
                        + loss(test[last]) + " (biases alone " + loss(biases[last]) + "); at the peak "
                        + "mean D_t " + Claims.fmt(dPoint[top]) + " (T = " + (int) t[0] + ": "
                        + Claims.fmt(dPoint[0]) + "), mean D_i " + Claims.fmt(dFeat[top]) + " (T = "
                        + (int) t[last] + ": " + Claims.fmt(dFeat[last]) + "); D_i overtakes D_t at "
                        + (cross < 0 ? "no T" : "T = " + (int) t[cross]),
                interior && second && bothLow && near);
    }

    /** Losses near the zero-output level differ in the fourth digit. */
    private static String loss(double v) {
        return String.format("%.5g", v);
    }
}
