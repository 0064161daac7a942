package io.github.superpose.sim;

import io.github.superpose.core.Rng;

/**
 * Draws one instance's batch of input features. Each instance has its own {@link Rng} stream,
 * so a batch does not depend on other instances or on threads.
 *
 * <pre>gen.sample(rng, instance, 1024, x);   // x is [batch, features]</pre>
 */
public interface FeatureGenerator {
    /** Number of features n. */
    int features();

    /** Fills {@code out} ([batch, features], row-major) with a fresh batch for {@code instance}. */
    void sample(Rng rng, int instance, int batch, float[] out);

    /**
     * This generator repeated {@code copies} times over the instance axis: instance j of the result
     * draws like instance j mod instances of this one (restarts trained side by side).
     */
    default FeatureGenerator tiled(int instances, int copies) {
        FeatureGenerator inner = this;
        return new FeatureGenerator() {
            @Override
            public int features() {
                return inner.features();
            }

            @Override
            public void sample(Rng rng, int instance, int batch, float[] out) {
                inner.sample(rng, instance % instances, batch, out);
            }

            @Override
            public float target(float x) {
                return inner.target(x);
            }
        };
    }

    /** The regression target for input x (x itself; |x| for the absolute-value task). */
    default float target(float x) {
        return x;
    }
}
