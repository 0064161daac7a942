package io.github.superpose.sim;

/** The four toy models of the paper. */
public enum ModelKind {
    /** x' = WᵀW x + b */
    LINEAR("linear"),
    /** x' = ReLU(WᵀW x + b), the paper's main model */
    RELU("relu"),
    /** h = ReLU(W x), x' = ReLU(Wᵀ h + b): a privileged hidden basis, no hidden bias */
    HIDDEN_RELU("hidden-relu"),
    /** h = ReLU(W1 x), y' = ReLU(W2 h + b), untied: computes |x| in superposition */
    ABS("abs");

    private final String key;

    ModelKind(String key) {
        this.key = key;
    }

    /** The spec file's name for this model. */
    public String key() {
        return key;
    }

    /** Parses a spec name; returns null when unknown. */
    public static ModelKind fromKey(String key) {
        for (ModelKind k : values()) {
            if (k.key.equals(key)) {
                return k;
            }
        }
        return null;
    }
}
