package io.github.superpose.sim;

/**
 * Optimizer settings. Defaults follow PyTorch's AdamW as the paper's notebook uses it:
 * lr 1e-3, betas (0.9, 0.999), eps 1e-8, decoupled weight decay 0.01.
 */
public record OptimizerConfig(Kind kind, float lr, float beta1, float beta2, float eps, float weightDecay) {
    /** AdamW (decoupled decay), Adam (no decay), SGD (decay added to the gradient). */
    public enum Kind {
        ADAMW,
        ADAM,
        SGD
    }

    public static OptimizerConfig adamW() {
        return new OptimizerConfig(Kind.ADAMW, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f);
    }

    public OptimizerConfig withLr(float newLr) {
        return new OptimizerConfig(kind, newLr, beta1, beta2, eps, weightDecay);
    }

    /** A fresh optimizer with empty state. */
    public Optimizer create() {
        return kind == Kind.SGD ? new Sgd(weightDecay) : new Adam(this);
    }
}
