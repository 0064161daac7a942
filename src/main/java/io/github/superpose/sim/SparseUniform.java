package io.github.superpose.sim;

import io.github.superpose.core.Rng;
import io.github.superpose.sim.fast.BatchSampler;

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

    /** The fused path's sampler, so the tape and the fused kernels train on the same batches. */
    @Override
    public void sample(Rng rng, int instance, int batch, float[] out) {
        int base = instance * features;
        BatchSampler.drawDense(
                rng, batch, java.util.Arrays.copyOfRange(density, base, base + features), signed, null, out);
    }

    @Override
    public float target(float x) {
        return signed ? Math.abs(x) : x;
    }
}
