package io.github.superpose.metrics;

/**
 * Empirical phase labels from (‖W_i‖, s_i), as in the paper's 2→1 phase diagram ("Superposition as a
 * Phase Change"): not learned when ‖W_i‖ ≈ 0, superposition when s_i ≈ 1, dedicated otherwise; the
 * paper reads ≈ 1 against ≈ 0, so the cut between them is 0.5.
 *
 * <pre>FeaturePhase[] phases = Phases.labels(W);</pre>
 */
public final class Phases {
    /** Below this norm a feature is not learned. */
    public static final double NORM_THRESHOLD = 0.5;
    /** Above this superposition s_i a learned feature is in superposition. */
    public static final double SUPERPOSITION_THRESHOLD = 0.5;

    private Phases() {}

    /**
     * Phase of one feature with the default thresholds.
     *
     * <pre>Phases.label(1.0, 1.0) == FeaturePhase.SUPERPOSITION</pre>
     *
     * @param norm ‖W_i‖
     * @param s    s_i = Σ_{j≠i}(Ŵ_i·W_j)²
     */
    public static FeaturePhase label(double norm, double s) {
        return label(norm, s, NORM_THRESHOLD, SUPERPOSITION_THRESHOLD);
    }

    /**
     * Phase of one feature: norm &lt; normThreshold → not learned; else s &gt; sThreshold →
     * superposition; else dedicated.
     *
     * <pre>Phases.label(0.9, 0.2, 0.5, 0.5) == FeaturePhase.DEDICATED</pre>
     */
    public static FeaturePhase label(double norm, double s, double normThreshold, double sThreshold) {
        if (norm < normThreshold) {
            return FeaturePhase.NOT_LEARNED;
        }
        return s > sThreshold ? FeaturePhase.SUPERPOSITION : FeaturePhase.DEDICATED;
    }

    /** Phase of every feature of W [n, m] with the default thresholds: shape [n]. */
    public static FeaturePhase[] labels(double[][] W) {
        return labels(W, NORM_THRESHOLD, SUPERPOSITION_THRESHOLD);
    }

    /** Phase of every feature of W [n, m]: shape [n]. <pre>Phases.labels(W, 0.5, 0.3)</pre> */
    public static FeaturePhase[] labels(double[][] W, double normThreshold, double sThreshold) {
        double[] norms = Geometry.norms(W);
        double[] s = Geometry.superposition(W);
        FeaturePhase[] out = new FeaturePhase[W.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = label(norms[i], s[i], normThreshold, sThreshold);
        }
        return out;
    }
}
