package io.github.superpose.sim;

import io.github.superpose.core.Rng;

/**
 * Each feature is 0 with probability 1 − p, otherwise U[0,1) (or U[−1,1) when signed, the
 * absolute-value task's input). p is given per instance and per feature ({@code density} is
 * [instances, features]); only density is stored, sparsity S = 1 − p is derived.
 *
 * <pre>FeatureGenerator g = SparseUniform.of(densityPerInstance, 20, false);</pre>
 */
public final class SparseUniform implements FeatureGenerator {
    private final float[] density;
    private final int features;
    private final boolean signed;

    /** @param density [instances, features] row-major, each in (0, 1] */
    public SparseUniform(float[] density, int features, boolean signed) {
        this.density = density.clone();
        this.features = features;
        this.signed = signed;
    }

    /** One density per instance, shared by all features. */
    public static SparseUniform of(float[] densityPerInstance, int features, boolean signed) {
        float[] d = new float[densityPerInstance.length * features];
        for (int i = 0; i < densityPerInstance.length; i++) {
            java.util.Arrays.fill(d, i * features, (i + 1) * features, densityPerInstance[i]);
        }
        return new SparseUniform(d, features, signed);
    }

    /** Tiled copies stay a SparseUniform, so the fused kernel still applies to them. */
    @Override
    public FeatureGenerator tiled(int instances, int copies) {
        float[] d = new float[density.length * copies];
        for (int c = 0; c < copies; c++) {
            System.arraycopy(density, 0, d, c * density.length, density.length);
        }
        return new SparseUniform(d, features, signed);
    }

    @Override
    public int features() {
        return features;
    }

    public boolean signed() {
        return signed;
    }

    /** Every density, [instances, features] row-major (a copy). */
    public float[] densities() {
        return density.clone();
    }

    /** Density of feature f in instance i. */
    public float density(int instance, int feature) {
        return density[instance * features + feature];
    }

    @Override
    public void sample(Rng rng, int instance, int batch, float[] out) {
        int base = instance * features;
        for (int s = 0; s < batch; s++) {
            for (int f = 0; f < features; f++) {
                // value and presence are independent uniforms, presence iff u' <= p (as the paper's notebook)
                float v = rng.nextFloat();
                float keep = rng.nextFloat();
                out[s * features + f] = keep <= density[base + f] ? (signed ? 2f * v - 1f : v) : 0f;
            }
        }
    }

    @Override
    public float target(float x) {
        return signed ? Math.abs(x) : x;
    }
}
