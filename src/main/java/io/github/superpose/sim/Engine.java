package io.github.superpose.sim;

import io.github.superpose.core.Backend;

/**
 * The two ways to train a job: the fused sparsity-aware kernels of {@code sim.fast}, and the
 * general autograd tape (any model, generator and backend; the reference the kernels are
 * gradient-checked against). {@link #choose} is the one place that decides which runs.
 */
public enum Engine {
    FUSED("fused"),
    TAPE("tape"),
    /** Finite data: the exact sparse kernel on each instance's fixed training set (the only engine for it). */
    DATASET("dataset");

    private final String key;

    Engine(String key) {
        this.key = key;
    }

    /** The name stored in checkpoints and shown to users. */
    public String key() {
        return key;
    }

    /** Parses a stored name; returns null when unknown. */
    public static Engine fromKey(String key) {
        for (Engine e : values()) {
            if (e.key.equals(key)) {
                return e;
            }
        }
        return null;
    }

    /** DATASET for finite data; else FUSED when allowed and a fused kernel computes exactly this job, else TAPE. */
    public static Engine choose(ModelKind kind, FeatureGenerator gen, Backend backend, boolean allowFused) {
        if (gen instanceof FiniteDataset) {
            return DATASET;
        }
        return allowFused && FusedEngine.applies(kind, gen, backend) ? FUSED : TAPE;
    }
}
