package io.github.superpose.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every per-instance measure in one record, ready for JSON writing elsewhere.
 *
 * <pre>Map&lt;String, Object&gt; row = Summary.of(W, b).toMap();</pre>
 */
public final class Summary {
    private Summary() {}

    /**
     * Measures of one instance with n features.
     *
     * @param norms                ‖W_i‖ [n]
     * @param superposition        s_i [n]
     * @param dimensionality       D_i [n]
     * @param phases               phase label per feature [n]
     * @param polytopes            nearest polytope of D_i [n]
     * @param represented          features with ‖W_i‖ &gt; 0.5
     * @param frobeniusSq          ‖W‖²_F
     * @param dimensionsPerFeature D* = m / ‖W‖²_F
     * @param bias                 b [n], or [0] when the model has none
     */
    public record InstanceSummary(
            double[] norms,
            double[] superposition,
            double[] dimensionality,
            FeaturePhase[] phases,
            Polytope[] polytopes,
            int represented,
            double frobeniusSq,
            double dimensionsPerFeature,
            double[] bias) {
        /**
         * Insertion-ordered map with arrays as {@code double[]} and enum values as their label
         * strings, so a JSON writer needs no knowledge of this package.
         */
        public Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("norms", norms.clone());
            map.put("superposition", superposition.clone());
            map.put("dimensionality", dimensionality.clone());
            map.put("phases", labels(phases));
            map.put("polytopes", labels(polytopes));
            map.put("represented", represented);
            map.put("frobeniusSq", frobeniusSq);
            map.put("dimensionsPerFeature", dimensionsPerFeature);
            map.put("bias", bias.clone());
            return map;
        }

        private static List<String> labels(FeaturePhase[] phases) {
            List<String> out = new ArrayList<>(phases.length);
            for (FeaturePhase p : phases) {
                out.add(p.label());
            }
            return out;
        }

        private static List<String> labels(Polytope[] polytopes) {
            List<String> out = new ArrayList<>(polytopes.length);
            for (Polytope p : polytopes) {
                out.add(p.label());
            }
            return out;
        }
    }

    /**
     * Summary of one instance.
     *
     * <pre>InstanceSummary s = Summary.of(Weights.instance(flatW, k, n, m), Weights.bias(flatB, k, n));</pre>
     *
     * @param W    embedding [n, m]
     * @param bias b [n]; {@code null} for a model without bias, stored as an empty array
     */
    public static InstanceSummary of(double[][] W, double[] bias) {
        double[] b = bias == null ? new double[0] : bias.clone();
        if (bias != null) {
            Weights.checkLength(bias, W.length, "bias");
        }
        double[] D = Geometry.dimensionality(W);
        Polytope[] polytopes = new Polytope[D.length];
        for (int i = 0; i < D.length; i++) {
            polytopes[i] = Polytopes.nearest(D[i]);
        }
        return new InstanceSummary(
                Geometry.norms(W),
                Geometry.superposition(W),
                D,
                Phases.labels(W),
                polytopes,
                Geometry.representedCount(W),
                Geometry.frobeniusSq(W),
                Geometry.dimensionsPerFeature(W),
                b);
    }
}
