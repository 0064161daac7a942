package io.github.superpose.metrics;

/**
 * Exact theoretical phase diagrams (the paper's "Superposition as a Phase Change", after
 * Wattenberg's notebook): the expected loss of a few fixed configurations of ReLU(WᵀW x + b), and
 * which one is cheapest. Feature 1 has
 * importance 1, the extra feature importance r; all features share density p.
 *
 * <pre>FeaturePhase ph = TheoreticalPhase.classify2to1(1.0, 0.3); // SUPERPOSITION</pre>
 */
public final class TheoreticalPhase {
    private TheoreticalPhase() {}

    /** Configurations of the 2 → 1 model (§4.4a). */
    public enum Config2to1 {
        /** W = [1, 0], b₂ = p/2. */
        DROP_EXTRA(FeaturePhase.NOT_LEARNED),
        /** W = [0, 1], b₁ = p/2. */
        DROP_FIRST(FeaturePhase.DEDICATED),
        /** W = [1, −1], b = 0. */
        ANTIPODAL(FeaturePhase.SUPERPOSITION);

        private final FeaturePhase extra;

        Config2to1(FeaturePhase extra) {
            this.extra = extra;
        }

        /** Phase of the extra feature in this configuration. */
        public FeaturePhase extraPhase() {
            return extra;
        }
    }

    /** Configurations of the 3 → 2 model (§4.4b); features 1 and 2 have importance 1. */
    public enum Config3to2 {
        /** Feature 1 dropped, extra dedicated: p/3 − p²/4. */
        DROP_FIRST(FeaturePhase.DEDICATED),
        /** Extra dropped: r(p/3 − p²/4). */
        DROP_EXTRA(FeaturePhase.NOT_LEARNED),
        /** Features 1 and 2 antipodal, extra dedicated: p²/3. */
        PAIR_ANTIPODAL(FeaturePhase.DEDICATED),
        /** Feature 2 and extra antipodal, feature 1 dedicated: (1+r)p²/6. */
        EXTRA_ANTIPODAL(FeaturePhase.SUPERPOSITION);

        private final FeaturePhase extra;

        Config3to2(FeaturePhase extra) {
            this.extra = extra;
        }

        /** Phase of the extra feature in this configuration. */
        public FeaturePhase extraPhase() {
            return extra;
        }
    }

    /** r(p/3 − p²/4): the dropped extra feature's expected loss, with b₂ = p/2 predicting its mean. */
    public static double lossDropExtra(double r, double p) {
        return r * (p / 3 - p * p / 4);
    }

    /** p/3 − p²/4: feature 1 dropped instead. <pre>TheoreticalPhase.lossDropFirst(1) == 1.0 / 12</pre> */
    public static double lossDropFirst(double p) {
        return p / 3 - p * p / 4;
    }

    /** (1+r)p²/6: both features antipodal; loss only when both are active at once. */
    public static double lossAntipodal(double r, double p) {
        return (1 + r) * p * p / 6;
    }

    /**
     * The cheapest 2 → 1 configuration. Ties (only on the boundary itself) go to the earlier
     * enum constant: not learned, then dedicated, then superposition.
     * <pre>TheoreticalPhase.best2to1(3, 0.5) == Config2to1.DROP_FIRST</pre>
     */
    public static Config2to1 best2to1(double r, double p) {
        double[] loss = {lossDropExtra(r, p), lossDropFirst(p), lossAntipodal(r, p)};
        return Config2to1.values()[argmin(loss)];
    }

    /** Phase of the extra feature in the 2 → 1 model. <pre>classify2to1(0.5, 0.9) == NOT_LEARNED</pre> */
    public static FeaturePhase classify2to1(double r, double p) {
        return best2to1(r, p).extraPhase();
    }

    /**
     * p*(r) = min(4r/(2+5r), 4/(5+2r)): superposition is optimal iff p &lt; p*(r). The two branches
     * are where the antipodal loss crosses the drop-extra and the drop-first loss.
     * <pre>TheoreticalPhase.boundary2to1(1) == 4.0 / 7</pre>
     */
    public static double boundary2to1(double r) {
        return Math.min(4 * r / (2 + 5 * r), 4 / (5 + 2 * r));
    }

    /** The four 3 → 2 losses in {@link Config3to2} order. */
    public static double[] losses3to2(double r, double p) {
        return new double[] {lossDropFirst(p), lossDropExtra(r, p), p * p / 3, lossAntipodal(r, p)};
    }

    /** The cheapest 3 → 2 configuration; ties go to the earlier enum constant. */
    public static Config3to2 best3to2(double r, double p) {
        return Config3to2.values()[argmin(losses3to2(r, p))];
    }

    /**
     * Phase of the extra feature in the 3 → 2 model: for r &lt; 1 superposition iff
     * p &lt; 4r/(2+5r), else not learned; for r &gt; 1 always dedicated.
     * <pre>TheoreticalPhase.classify3to2(5, 0.01) == FeaturePhase.DEDICATED</pre>
     */
    public static FeaturePhase classify3to2(double r, double p) {
        return best3to2(r, p).extraPhase();
    }

    /**
     * Phase of the extra feature on a grid, {@code grid[i][j]} at (r[i], p[j]).
     *
     * <pre>FeaturePhase[][] g = TheoreticalPhase.grid(rs, ps, false);</pre>
     *
     * @param threeToTwo the 3 → 2 model if true, else 2 → 1
     * @return shape [r.length, p.length]
     */
    public static FeaturePhase[][] grid(double[] r, double[] p, boolean threeToTwo) {
        FeaturePhase[][] out = new FeaturePhase[r.length][p.length];
        for (int i = 0; i < r.length; i++) {
            for (int j = 0; j < p.length; j++) {
                out[i][j] = threeToTwo ? classify3to2(r[i], p[j]) : classify2to1(r[i], p[j]);
            }
        }
        return out;
    }

    /**
     * The 2 → 1 boundary sampled at {@code points} log-spaced r in [rMin, rMax] (the diagram's
     * r axis is logarithmic).
     *
     * <pre>double[][] c = TheoreticalPhase.boundaryCurve(0.1, 10, 200); // c[0] = r, c[1] = p*</pre>
     *
     * @return shape [2, points]: row 0 the r values, row 1 p*(r)
     */
    public static double[][] boundaryCurve(double rMin, double rMax, int points) {
        if (!(rMin > 0 && rMax >= rMin && points >= 2)) {
            throw new IllegalArgumentException(
                    "need 0 < rMin <= rMax and points >= 2, got rMin=" + rMin + " rMax=" + rMax + " points=" + points);
        }
        double[][] out = new double[2][points];
        double logMin = Math.log(rMin);
        double step = (Math.log(rMax) - logMin) / (points - 1);
        for (int k = 0; k < points; k++) {
            double r = (k == points - 1) ? rMax : Math.exp(logMin + k * step);
            out[0][k] = r;
            out[1][k] = boundary2to1(r);
        }
        return out;
    }

    /** Whether a theory exists for n features in m dimensions: 2 → 1 and 3 → 2 only. */
    public static boolean hasTheory(int features, int hidden) {
        return (features == 2 && hidden == 1) || (features == 3 && hidden == 2);
    }

    /**
     * Every theoretical boundary of the extra feature's phase inside the box [rMin, rMax] ×
     * [pMin, pMax], as segments of (r, p) points. 2 → 1: the curve p*(r) (superposition below it)
     * and the line r = 1 from p*(1) = 4/7 up to pMax, where "not learned" (r &lt; 1) meets
     * "dedicated" (r &gt; 1). 3 → 2: the curve 4r/(2+5r) for r ≤ 1, and the line r = 1 over the
     * whole density range, since for r &gt; 1 the extra feature is dedicated at every density.
     * Other sizes have no theory and get an empty list.
     *
     * <pre>List&lt;double[][]&gt; b = TheoreticalPhase.boundaries(2, 1, 0.1, 10, 0.01, 1, 200);</pre>
     *
     * @return segments of shape [points][2], each row (r, p); r is log-spaced along curves
     */
    public static java.util.List<double[][]> boundaries(
            int features, int hidden, double rMin, double rMax, double pMin, double pMax, int points) {
        if (!(rMin > 0 && rMax >= rMin && pMin > 0 && pMax >= pMin && points >= 2)) {
            throw new IllegalArgumentException("need 0 < rMin <= rMax, 0 < pMin <= pMax and points >= 2, got r in ["
                    + rMin + ", " + rMax + "], p in [" + pMin + ", " + pMax + "], points=" + points);
        }
        java.util.List<double[][]> out = new java.util.ArrayList<>();
        if (!hasTheory(features, hidden)) {
            return out;
        }
        boolean threeToTwo = features == 3;
        double curveEnd = threeToTwo ? Math.min(rMax, 1) : rMax;
        if (curveEnd >= rMin) {
            double[][] c = boundaryCurve(rMin, curveEnd, points);
            double[][] curve = new double[points][];
            for (int k = 0; k < points; k++) {
                double r = c[0][k];
                curve[k] = new double[] {r, threeToTwo ? 4 * r / (2 + 5 * r) : c[1][k]};
            }
            out.add(curve);
        }
        double lineFrom = threeToTwo ? pMin : boundary2to1(1);
        if (rMin <= 1 && 1 <= rMax && lineFrom < pMax) {
            out.add(new double[][] {{1, Math.max(lineFrom, pMin)}, {1, pMax}});
        }
        return out;
    }

    private static int argmin(double[] v) {
        int best = 0;
        for (int k = 1; k < v.length; k++) {
            if (v[k] < v[best]) {
                best = k;
            }
        }
        return best;
    }
}
