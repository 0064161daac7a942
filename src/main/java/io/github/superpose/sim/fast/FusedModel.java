package io.github.superpose.sim.fast;

/**
 * The toy models the fused kernels compute. Parameters per instance are one flat array:
 * W {@code [features, hidden]} for the tied models, and for {@link #ABS} W1 {@code [features, hidden]}
 * followed by W2 {@code [hidden, features]}; b {@code [features]} is kept apart.
 */
public enum FusedModel {
    /** x' = WᵀW x + b */
    LINEAR,
    /** x' = ReLU(WᵀW x + b) */
    RELU,
    /** h = ReLU(W x), x' = ReLU(Wᵀ h + b): a privileged hidden basis */
    HIDDEN_RELU,
    /** h = ReLU(W1 x), y' = ReLU(W2 h + b), untied */
    ABS;

    /** Whether the output passes through a ReLU. */
    boolean reluOut() {
        return this != LINEAR;
    }

    /** Whether the hidden layer passes through a ReLU (then samples with x = 0 need no pass). */
    boolean reluHidden() {
        return this == HIDDEN_RELU || this == ABS;
    }

    /** Values in one instance's weight array (b excluded). */
    public int weightSize(int features, int hidden) {
        return (this == ABS ? 2 : 1) * features * hidden;
    }
}
