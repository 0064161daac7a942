package io.github.superpose.experiments;

import java.util.ArrayList;
import java.util.List;

/**
 * Claims of the finite-data paper (Henighan et al. 2023, ids D1–D3), measured on a
 * double-descent run whose instances are ordered by T. Tolerances are stated in each claim's
 * text and fixed before looking at results: a polygon's gaps within 15° of 360°/T (the T7
 * pentagon tolerance), "low" dimensionality below 1/3 (a feature sharing its direction with two
 * or more others, a point with two or more others).
 *
 * <pre>List&lt;Claim&gt; c = FiniteClaims.doubleDescent(run);</pre>
 */
final class FiniteClaims {
    static final double GAP_TOLERANCE = 15;
    static final double LOW = 1.0 / 3;

    private FiniteClaims() {}

    static List<Claim> doubleDescent(RunData run) {
        double[] t = FiniteMeasures.trainPoints(run);
        double[] test = FiniteMeasures.testLoss(run);
        double[] dPoint = FiniteMeasures.meanPointDimensionality(run);
        double[] dFeat = FiniteMeasures.meanFeatureDimensionality(run);
        int last = t.length - 1;
        List<Claim> out = new ArrayList<>();
        out.add(polygon(run, t, dFeat));
        out.add(new Claim(
                "D2",
                "large T: features in superposition (mean feature D above the smallest T's), "
                        + "training points not (mean point D < " + Claims.fmt(LOW) + ")",
                "T = " + (int) t[last] + ": mean feature D " + Claims.fmt(dFeat[last]) + " (T = " + (int) t[0] + ": "
                        + Claims.fmt(dFeat[0]) + "), mean point D " + Claims.fmt(dPoint[last]),
                dFeat[last] > dFeat[0] && dPoint[last] < LOW));
        out.add(peak(t, test, dPoint, dFeat));
        return out;
    }

    /** D1 on every instance with T ≤ 5: T hidden vectors at gaps of 360°/T ± 15°, mean feature D low. */
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
                    .append("°, mean feature D ")
                    .append(Claims.fmt(dFeat[i]));
        }
        return new Claim(
                "D1",
                "small T (≤ 5): the training points' hidden vectors form a regular T-gon (gaps 360°/T ± "
                        + (int) GAP_TOLERANCE + "°), mean feature D < " + Claims.fmt(LOW),
                checked == 0 ? "no T ≤ 5" : measured.toString(),
                pass && checked > 0);
    }

    /**
     * D3: the largest test loss sits at an interior T, above both ends, and within a factor 4 of
     * the first T where mean feature D reaches mean point D.
     */
    private static Claim peak(double[] t, double[] test, double[] dPoint, double[] dFeat) {
        int last = t.length - 1;
        int top = 0;
        for (int i = 1; i <= last; i++) {
            if (test[i] > test[top]) {
                top = i;
            }
        }
        int cross = -1;
        for (int i = 0; i <= last && cross < 0; i++) {
            if (dFeat[i] >= dPoint[i]) {
                cross = i;
            }
        }
        boolean interior = top > 0 && top < last;
        boolean near = cross >= 0 && Math.max(t[top], t[cross]) <= 4 * Math.min(t[top], t[cross]);
        return new Claim(
                "D3",
                "test loss peaks at an intermediate T, within a factor 4 of where mean feature D "
                        + "overtakes mean point D",
                "peak " + Claims.fmt(test[top]) + " at T = " + (int) t[top] + " (ends " + Claims.fmt(test[0]) + ", "
                        + Claims.fmt(test[last]) + "), curves cross at "
                        + (cross < 0 ? "no T" : "T = " + (int) t[cross]),
                interior && near);
    }
}
