package io.github.superpose.bridge;

import io.github.superpose.core.Simd;
import io.github.superpose.core.WorkerPool;

/**
 * Adam for the fused SAE step, as PyTorch's float32 Adam (bias corrections in double, then everything
 * in float: m ← β1 m + (1−β1) g, v ← β2 v + (1−β2) g², p ← p − lr/(1−β1^t) · m / (√v/√(1−β2^t) + eps)),
 * over plain arrays and split into fixed chunks that may run on several threads: each element's
 * update depends on that element alone, so the thread count never changes a result.
 *
 * <pre>SaeAdam adam = new SaeAdam(sizes); adam.stepInPlace(params, grads, lr, workers);</pre>
 */
final class SaeAdam {
    /** Index of W_dec in the trainer's parameter list (W_enc, b_enc, W_dec, b_dec, log θ). */
    static final int W_DEC = 2;

    private static final int CHUNK = 1 << 15;
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPS = 1e-8f;

    private final float[][] m;
    private final float[][] v;
    private int t;
    private float stepSize;
    private float bc2Sqrt;

    SaeAdam(int... sizes) {
        m = new float[sizes.length][];
        v = new float[sizes.length][];
        for (int p = 0; p < sizes.length; p++) {
            m[p] = new float[sizes[p]];
            v[p] = new float[sizes[p]];
        }
    }

    void stepInPlace(float[][] params, float[][] grads, float lr, WorkerPool workers) {
        begin(lr);
        apply(params, grads, workers);
    }

    /** The begun step on every parameter p with params[p] not null. */
    void apply(float[][] params, float[][] grads, WorkerPool workers) {
        for (int p = 0; p < params.length; p++) {
            if (params[p] == null) {
                continue;
            }
            float[] w = params[p];
            float[] g = grads[p];
            int pi = p;
            int chunks = (w.length + CHUNK - 1) / CHUNK;
            workers.run(chunks, c -> {
                int from = c * CHUNK;
                update(pi, w, from, g, from, Math.min(w.length, (c + 1) * CHUNK) - from);
            });
        }
    }

    /** Starts step t + 1 at learning rate lr: the bias corrections for {@link #update}. */
    void begin(float lr) {
        t++;
        stepSize = (float) (lr / (1.0 - Math.pow(BETA1, t)));
        bc2Sqrt = (float) Math.sqrt(1.0 - Math.pow(BETA2, t));
    }

    /**
     * Adam on entries [from, from + len) of parameter p, whose gradients are g[gFrom …]. Float
     * arithmetic throughout, as PyTorch's float32 Adam; on the vector API when {@link Simd#ENABLED}
     * ({@link SaeAdamVector}, the same bits), this loop otherwise and for the tail.
     */
    void update(int p, float[] w, int from, float[] g, int gFrom, int len) {
        update(p, w, from, g, gFrom, len, Simd.ENABLED);
    }

    /** {@link #update(int, float[], int, float[], int, int)} on the vector path or not (tests compare the two). */
    void update(int p, float[] w, int from, float[] g, int gFrom, int len, boolean vector) {
        float[] mp = m[p];
        float[] vp = v[p];
        float s = stepSize;
        float bc = bc2Sqrt;
        int shift = gFrom - from;
        int i = vector ? SaeAdamVector.update(w, mp, vp, g, from, len, shift, s, bc, BETA1, BETA2, EPS) : from;
        for (; i < from + len; i++) {
            float gi = g[i + shift];
            float mi = BETA1 * mp[i] + (1f - BETA1) * gi;
            float vi = BETA2 * vp[i] + (1f - BETA2) * gi * gi;
            mp[i] = mi;
            vp[i] = vi;
            w[i] = w[i] - s * mi / ((float) Math.sqrt(vi) / bc + EPS);
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
