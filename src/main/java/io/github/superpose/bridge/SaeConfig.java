package io.github.superpose.bridge;

/**
 * How to train a sparse autoencoder on [N, d_in] activations.
 *
 * <pre>SaeConfig c = SaeConfig.relu(32, 128, 3e-3).withSteps(3000);</pre>
 *
 * @param kind             RELU (ReLU + decoder-norm-weighted L1), TOPK (k largest pre-activations per
 *                         row) or BATCHTOPK (k·batch largest over the batch, a threshold at inference)
 * @param l1Coefficient    λ of the L1 term (RELU only), applied to inputs scaled to E‖x‖ = √d_in
 * @param k                active latents per row (TOPK; the mean for BATCHTOPK)
 * @param l1WarmupSteps    λ ramps linearly from 0 over these steps (SAELens's l1_warm_up_steps)
 * @param deadWindow       a latent is dead when it has not fired on the last this-many rows seen
 * @param resampleEvery    steps between resamplings of dead latents (0: never); none in the last 20%
 * @param normalizeInput   train on x·s with s = √d_in / E‖x‖ (SAELens's expected_average_only_in);
 *                         the saved weights fold s back in, so they act on unscaled activations
 */
public record SaeConfig(
        Kind kind,
        int dIn,
        int dSae,
        double l1Coefficient,
        int k,
        double lr,
        int steps,
        int batchSize,
        long seed,
        int l1WarmupSteps,
        int deadWindow,
        int resampleEvery,
        boolean normalizeInput) {

    public enum Kind {
        RELU,
        TOPK,
        BATCHTOPK,
        JUMPRELU
    }

    public SaeConfig {
        if (dIn <= 0 || dSae <= 0) {
            throw new IllegalArgumentException("dIn and dSae must be positive, got " + dIn + ", " + dSae);
        }
        if ((kind == Kind.TOPK || kind == Kind.BATCHTOPK) && (k <= 0 || k > dSae)) {
            throw new IllegalArgumentException("TopK needs 0 < k <= dSae, got k = " + k);
        }
        if (steps < 0 || batchSize <= 0 || lr <= 0 || l1Coefficient < 0) {
            throw new IllegalArgumentException("steps >= 0, batchSize > 0, lr > 0 and l1Coefficient >= 0 required");
        }
    }

    /** A standard ReLU SAE with SAELens-like defaults (Adam lr 4e-4 would be slower on toy data). */
    public static SaeConfig relu(int dIn, int dSae, double l1Coefficient) {
        return new SaeConfig(Kind.RELU, dIn, dSae, l1Coefficient, 0, 1e-3, 3000, 256, 0, 300, 20_000, 1000, true);
    }

    public static SaeConfig topK(int dIn, int dSae, int k) {
        return new SaeConfig(Kind.TOPK, dIn, dSae, 0, k, 1e-3, 3000, 256, 0, 0, 20_000, 1000, true);
    }

    public static SaeConfig batchTopK(int dIn, int dSae, int k) {
        return new SaeConfig(Kind.BATCHTOPK, dIn, dSae, 0, k, 1e-3, 3000, 256, 0, 0, 20_000, 1000, true);
    }

    /** JumpReLU with sparsity coefficient λ on the mean L0 (the l1 field holds λ). */
    public static SaeConfig jumpRelu(int dIn, int dSae, double lambda) {
        return new SaeConfig(Kind.JUMPRELU, dIn, dSae, lambda, 0, 1e-3, 3000, 256, 0, 0, 20_000, 1000, true);
    }

    public SaeConfig withSteps(int s) {
        return new SaeConfig(
                kind,
                dIn,
                dSae,
                l1Coefficient,
                k,
                lr,
                s,
                batchSize,
                seed,
                l1WarmupSteps,
                deadWindow,
                resampleEvery,
                normalizeInput);
    }

    public SaeConfig withSeed(long s) {
        return new SaeConfig(
                kind,
                dIn,
                dSae,
                l1Coefficient,
                k,
                lr,
                steps,
                batchSize,
                s,
                l1WarmupSteps,
                deadWindow,
                resampleEvery,
                normalizeInput);
    }

    public SaeConfig withLr(double v) {
        return new SaeConfig(
                kind,
                dIn,
                dSae,
                l1Coefficient,
                k,
                v,
                steps,
                batchSize,
                seed,
                l1WarmupSteps,
                deadWindow,
                resampleEvery,
                normalizeInput);
    }

    public SaeConfig withBatchSize(int b) {
        return new SaeConfig(
                kind,
                dIn,
                dSae,
                l1Coefficient,
                k,
                lr,
                steps,
                b,
                seed,
                l1WarmupSteps,
                deadWindow,
                resampleEvery,
                normalizeInput);
    }

    public SaeConfig withResampling(int every, int window) {
        return new SaeConfig(
                kind,
                dIn,
                dSae,
                l1Coefficient,
                k,
                lr,
                steps,
                batchSize,
                seed,
                l1WarmupSteps,
                window,
                every,
                normalizeInput);
    }
}
