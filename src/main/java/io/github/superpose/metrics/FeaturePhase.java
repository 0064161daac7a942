package io.github.superpose.metrics;

/**
 * The three phases of a feature in the paper's phase diagrams (§4.4).
 *
 * <pre>String s = FeaturePhase.SUPERPOSITION.label(); // "superposition"</pre>
 */
public enum FeaturePhase {
    /** ‖W_i‖ ≈ 0: the model ignores the feature. */
    NOT_LEARNED("not learned"),
    /** ‖W_i‖ ≈ 1 with no other feature along it: a dimension of its own. */
    DEDICATED("dedicated"),
    /** ‖W_i‖ ≈ 1 and shares its direction with other features. */
    SUPERPOSITION("superposition");

    private final String label;

    FeaturePhase(String label) {
        this.label = label;
    }

    /** Human-readable name, as used in figure legends and JSON. */
    public String label() {
        return label;
    }
}
