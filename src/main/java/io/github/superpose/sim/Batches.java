package io.github.superpose.sim;

import io.github.superpose.core.Rng;
import io.github.superpose.core.Tensor;
import java.util.stream.IntStream;

/** Builds [instances, batch, features] input and target tensors from per-instance streams. */
final class Batches {
    private Batches() {}

    /** Fills x and its target for every instance; instances draw in parallel, each from its own stream. */
    static Tensor[] draw(FeatureGenerator gen, Rng[] rngs, int batch, boolean parallel) {
        int inst = rngs.length;
        int n = gen.features();
        int per = batch * n;
        float[] x = new float[inst * per];
        float[] y = new float[inst * per];
        IntStream range = IntStream.range(0, inst);
        (parallel ? range.parallel() : range).forEach(i -> {
            float[] buf = new float[per];
            gen.sample(rngs[i], i, batch, buf);
            System.arraycopy(buf, 0, x, i * per, per);
            for (int j = 0; j < per; j++) {
                y[i * per + j] = gen.target(buf[j]);
            }
        });
        return new Tensor[] {Tensor.of(x, inst, batch, n), Tensor.of(y, inst, batch, n)};
    }
}
