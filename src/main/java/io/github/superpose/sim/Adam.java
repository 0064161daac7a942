package io.github.superpose.sim;

import io.github.superpose.core.Tensor;
import io.github.superpose.sim.fast.OptimizerKind;
import io.github.superpose.sim.fast.ParamUpdate;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam and AdamW with PyTorch's semantics, in float32: decoupled decay p ← p − lr·wd·p first, then
 * m ← β1 m + (1−β1) g, v ← β2 v + (1−β2) g², p ← p − lr·m̂/(√v̂ + eps) with m̂ = m/(1−β1^t),
 * v̂ = v/(1−β2^t). Plain Adam has no decoupled decay; a decay set on it is added to the gradient.
 * Each parameter is updated by the fused path's {@link ParamUpdate}, so both engines round alike.
 */
public final class Adam implements Optimizer {
    private final OptimizerConfig cfg;
    private final Map<Tensor, ParamUpdate> state = new IdentityHashMap<>();
    private int t;

    public Adam(OptimizerConfig cfg) {
        this.cfg = cfg;
    }

    @Override
    public void stepInPlace(List<Tensor> params, double lr) {
        t++;
        for (Tensor p : params) {
            float[] g = p.grad();
            if (g == null) {
                continue;
            }
            // the coupled L2 term is added to a copy: the caller's gradient is only read
            float[] grad = cfg.kind() == OptimizerConfig.Kind.ADAM && cfg.weightDecay() != 0f ? g.clone() : g;
            state(p).stepInPlace(p.data(), grad, lr, t);
        }
    }

    private ParamUpdate state(Tensor p) {
        return state.computeIfAbsent(
                p,
                k -> new ParamUpdate(
                        cfg.kind() == OptimizerConfig.Kind.ADAMW ? OptimizerKind.ADAMW : OptimizerKind.ADAM,
                        cfg.beta1(),
                        cfg.beta2(),
                        cfg.eps(),
                        cfg.weightDecay(),
                        p.size()));
    }

    /**
     * Zeroes the moments of {@code count} entries of p starting at {@code from} with stride
     * {@code stride}: a re-initialised slice (an SAE's resampled latent) starts its statistics afresh.
     */
    public void resetInPlace(Tensor p, int from, int count, int stride) {
        ParamUpdate u = state.get(p);
        if (u == null) {
            return;
        }
        float[][] mv = u.moments();
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
            ParamUpdate u = state.get(p);
            out.add(u == null ? new float[p.size()] : u.moments()[0].clone());
            out.add(u == null ? new float[p.size()] : u.moments()[1].clone());
        }
        return out;
    }

    @Override
    public void importState(List<Tensor> params, List<float[]> saved, int steps) {
        if (saved.size() != 2 * params.size()) {
            throw new IllegalArgumentException(
                    "Adam state needs 2 arrays per parameter (" + 2 * params.size() + "), got " + saved.size());
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
            state(p).restoreMoments(m, v, 0);
        }
        t = steps;
    }
}
