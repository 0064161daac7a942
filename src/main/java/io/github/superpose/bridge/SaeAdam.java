package io.github.superpose.bridge;

import io.github.superpose.core.Tensor;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (PyTorch semantics, no weight decay) for SAE training. It is the bridge's own rather than
 * {@code sim}'s because resampling a dead latent must also zero that latent's moment estimates,
 * which the general optimizer interface does not expose.
 */
final class SaeAdam {
    private static final float B1 = 0.9f;
    private static final float B2 = 0.999f;
    private static final float EPS = 1e-8f;

    private final Map<Tensor, float[][]> state = new IdentityHashMap<>();
    private int t;

    void stepInPlace(List<Tensor> params, float lr) {
        t++;
        float bc1 = (float) (1.0 - Math.pow(B1, t));
        double bc2Sqrt = Math.sqrt(1.0 - Math.pow(B2, t));
        float stepSize = lr / bc1;
        for (Tensor p : params) {
            float[] g = p.grad();
            if (g == null) {
                continue;
            }
            float[] w = p.data();
            float[][] mv = state.computeIfAbsent(p, k -> new float[][] {new float[w.length], new float[w.length]});
            float[] m = mv[0];
            float[] v = mv[1];
            for (int i = 0; i < w.length; i++) {
                m[i] = B1 * m[i] + (1f - B1) * g[i];
                v[i] = B2 * v[i] + (1f - B2) * g[i] * g[i];
                w[i] -= stepSize * m[i] / ((float) (Math.sqrt(v[i]) / bc2Sqrt) + EPS);
            }
        }
    }

    /** Zeroes the moments of {@code p}'s entries [from, from + count) with the given stride. */
    void resetInPlace(Tensor p, int from, int count, int stride) {
        float[][] mv = state.get(p);
        if (mv == null) {
            return;
        }
        for (int i = 0; i < count; i++) {
            mv[0][from + i * stride] = 0f;
            mv[1][from + i * stride] = 0f;
        }
    }
}
