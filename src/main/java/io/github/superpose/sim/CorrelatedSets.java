package io.github.superpose.sim;

import io.github.superpose.core.Rng;
import io.github.superpose.sim.fast.BatchSampler;
import io.github.superpose.sim.fast.FeatureSets;

/**
 * Correlated and anticorrelated feature pairs, then independent features, in that order
 * (pairs occupy features 2k, 2k+1).
 * <ul>
 *   <li>correlated pair: one presence draw (present iff u ≤ p); if present both members take
 *       independent U[0,1) values;</li>
 *   <li>anticorrelated pair: at most one member is active. {@link Convention#PAPER}: the pair is
 *       active with probability p and each member with p/2; {@link Convention#ARENA}: the pair is
 *       active with probability 2p, so each member with p (needs p ≤ 1/2).</li>
 * </ul>
 */
public final class CorrelatedSets implements FeatureGenerator {
    /** How an anticorrelated pair's density is read. */
    public enum Convention {
        PAPER,
        ARENA
    }

    private final float[] density;
    private final int correlatedPairs;
    private final int anticorrelatedPairs;
    private final int independent;
    private final Convention convention;

    /** @param density one density per instance */
    public CorrelatedSets(
            float[] density, int correlatedPairs, int anticorrelatedPairs, int independent, Convention convention) {
        this.density = density.clone();
        this.correlatedPairs = correlatedPairs;
        this.anticorrelatedPairs = anticorrelatedPairs;
        this.independent = independent;
        this.convention = convention;
        if (convention == Convention.ARENA && anticorrelatedPairs > 0) {
            for (float p : density) {
                if (p > 0.5f) {
                    throw new IllegalArgumentException(
                            "the ARENA anticorrelation convention needs density <= 0.5, got " + p);
                }
            }
        }
    }

    @Override
    public int features() {
        return 2 * correlatedPairs + 2 * anticorrelatedPairs + independent;
    }

    /** The set a feature belongs to (pairs numbered from 0; independent features get their own). */
    public int setOf(int feature) {
        return feature < 2 * (correlatedPairs + anticorrelatedPairs)
                ? feature / 2
                : correlatedPairs + anticorrelatedPairs + (feature - 2 * (correlatedPairs + anticorrelatedPairs));
    }

    public int correlatedPairs() {
        return correlatedPairs;
    }

    public int anticorrelatedPairs() {
        return anticorrelatedPairs;
    }

    public Convention convention() {
        return convention;
    }

    /** One density per instance (a copy). */
    public float[] densities() {
        return density.clone();
    }

    /** Tiled copies stay CorrelatedSets, so the fused kernels still apply to them. */
    @Override
    public FeatureGenerator tiled(int instances, int copies) {
        float[] d = new float[density.length * copies];
        for (int c = 0; c < copies; c++) {
            System.arraycopy(density, 0, d, c * density.length, density.length);
        }
        return new CorrelatedSets(d, correlatedPairs, anticorrelatedPairs, independent, convention);
    }

    /** The pairs as the fused sampler reads them. */
    public FeatureSets sets() {
        return new FeatureSets(correlatedPairs, anticorrelatedPairs, convention == Convention.ARENA ? 2f : 1f);
    }

    /** The fused path's sampler, so the tape and the fused kernels train on the same batches. */
    @Override
    public void sample(Rng rng, int instance, int batch, float[] out) {
        float[] d = new float[features()];
        java.util.Arrays.fill(d, density[instance]);
        BatchSampler.drawDense(rng, batch, d, false, sets(), out);
    }
}
