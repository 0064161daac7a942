package io.github.superpose.sim;

import io.github.superpose.core.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam and AdamW with PyTorch's semantics, in float32: decoupled decay p ← p − lr·wd·p first, then
 * m ← β1 m + (1−β1) g, v ← β2 v + (1−β2) g², p ← p − lr·m̂/(√v̂ + eps) with m̂ = m/(1−β1^t),
 * v̂ = v/(1−β2^t). Plain Adam has no decoupled decay; a decay set on it is added to the gradient.
 */
public final class Adam implements Optimizer {
    private final OptimizerConfig cfg;
    private final Map<Tensor, float[][]> state = new IdentityHashMap<>();
    private int t;

    public Adam(OptimizerConfig cfg) {
        this.cfg = cfg;
    }

    @Override
    public void stepInPlace(List<Tensor> params, float lr) {
        t++;
        boolean decoupled = cfg.kind() == OptimizerConfig.Kind.ADAMW;
        float wd = decoupled ? cfg.weightDecay() : 0f;
        // plain Adam with a decay adds it to the gradient (PyTorch's coupled L2), as SGD does
        float l2 = decoupled ? 0f : cfg.weightDecay();
        float b1 = cfg.beta1();
        float b2 = cfg.beta2();
        // bias corrections in double then rounded, as PyTorch computes them in Python floats
        float bc1 = (float) (1.0 - Math.pow(b1, t));
        double bc2Sqrt = Math.sqrt(1.0 - Math.pow(b2, t));
        float stepSize = (float) (lr / bc1);
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
                if (wd != 0f) {
                    w[i] *= 1f - lr * wd;
                }
                float gi = l2 == 0f ? g[i] : g[i] + l2 * w[i];
                m[i] = b1 * m[i] + (1f - b1) * gi;
                v[i] = b2 * v[i] + (1f - b2) * gi * gi;
                float denom = (float) (Math.sqrt(v[i]) / bc2Sqrt) + cfg.eps();
                w[i] -= stepSize * m[i] / denom;
            }
        }
    }

    /**
     * Zeroes the moment estimates of {@code p}'s entries [from, from + count·stride) taken every
     * {@code stride}: a re-initialised slice (an SAE's resampled latent) starts its statistics afresh.
     */
    public void resetInPlace(Tensor p, int from, int count, int stride) {
        float[][] mv = state.get(p);
        if (mv == null) {
            return;
        }
        for (int i = 0; i < count; i++) {
            mv[0][from + i * stride] = 0f;
            mv[1][from + i * stride] = 0f;
        }
    }

    @Override
    public int steps() {
        return t;
    }

    @Override
    public List<float[]> exportState(List<Tensor> params) {
        List<float[]> out = new ArrayList<>();
        for (Tensor p : params) {
            float[][] mv = state.get(p);
            out.add(mv == null ? new float[p.size()] : mv[0].clone());
            out.add(mv == null ? new float[p.size()] : mv[1].clone());
        }
        return out;
    }

    @Override
    public void importState(List<Tensor> params, List<float[]> saved, int steps) {
        if (saved.size() != 2 * params.size()) {
            throw new IllegalArgumentException("Adam state needs 2 arrays per parameter (" + 2 * params.size()
                    + "), got " + saved.size());
        }
        state.clear();
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            float[] m = saved.get(2 * i);
            float[] v = saved.get(2 * i + 1);
            if (m.length != p.size() || v.length != p.size()) {
                throw new IllegalArgumentException("Adam state for parameter " + i + " needs " + p.size()
                        + " values, got " + m.length + " and " + v.length);
            }
            state.put(p, new float[][] {m.clone(), v.clone()});
        }
        t = steps;
    }
}
