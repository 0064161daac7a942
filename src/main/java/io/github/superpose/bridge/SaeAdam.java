package io.github.superpose.bridge;

import io.github.superpose.core.WorkerPool;

/**
 * Adam for the fused SAE step, with the same float32 arithmetic as {@code sim.Adam} (bias corrections
 * in double, m ← β1 m + (1−β1) g, v ← β2 v + (1−β2) g², p ← p − lr/(1−β1^t) · m / (√v/√(1−β2^t) + eps)),
 * but over plain arrays and split into fixed chunks that may run on several threads: each element's
 * update depends on that element alone, so the thread count never changes a result.
 *
 * <pre>SaeAdam adam = new SaeAdam(sizes); adam.stepInPlace(params, grads, lr, workers);</pre>
 */
final class SaeAdam {
    private static final int CHUNK = 1 << 15;
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPS = 1e-8f;

    private final float[][] m;
    private final float[][] v;
    private int t;

    SaeAdam(int... sizes) {
        m = new float[sizes.length][];
        v = new float[sizes.length][];
        for (int p = 0; p < sizes.length; p++) {
            m[p] = new float[sizes[p]];
            v[p] = new float[sizes[p]];
        }
    }

    void stepInPlace(float[][] params, float[][] grads, float lr, WorkerPool workers) {
        t++;
        float bc1 = (float) (1.0 - Math.pow(BETA1, t));
        double bc2Sqrt = Math.sqrt(1.0 - Math.pow(BETA2, t));
        float stepSize = lr / bc1;
        for (int p = 0; p < params.length; p++) {
            float[] w = params[p];
            float[] g = grads[p];
            float[] mp = m[p];
            float[] vp = v[p];
            int chunks = (w.length + CHUNK - 1) / CHUNK;
            workers.run(chunks, c -> {
                int hi = Math.min(w.length, (c + 1) * CHUNK);
                for (int i = c * CHUNK; i < hi; i++) {
                    float gi = g[i];
                    mp[i] = BETA1 * mp[i] + (1f - BETA1) * gi;
                    vp[i] = BETA2 * vp[i] + (1f - BETA2) * gi * gi;
                    float denom = (float) (Math.sqrt(vp[i]) / bc2Sqrt) + EPS;
                    w[i] -= stepSize * mp[i] / denom;
                }
            });
        }
    }

    /** Zeroes the moments of parameter p's entries from, from + stride, … (count of them). */
    void resetInPlace(int p, int from, int count, int stride) {
        for (int i = 0; i < count; i++) {
            m[p][from + i * stride] = 0f;
            v[p][from + i * stride] = 0f;
        }
    }

    int steps() {
        return t;
    }
}
