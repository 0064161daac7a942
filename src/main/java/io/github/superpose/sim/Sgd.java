package io.github.superpose.sim;

import io.github.superpose.core.Tensor;
import io.github.superpose.sim.fast.OptimizerKind;
import io.github.superpose.sim.fast.ParamUpdate;
import java.util.List;

/**
 * Plain SGD: p ← p − lr·(g + wd·p) (PyTorch's coupled weight decay), through the fused path's
 * {@link ParamUpdate} so both engines round alike.
 */
public final class Sgd implements Optimizer {
    private final ParamUpdate update;
    private final float weightDecay;
    private int t;

    public Sgd(float weightDecay) {
        this.weightDecay = weightDecay;
        // SGD keeps no per-parameter state, so one update serves every parameter
        this.update = new ParamUpdate(OptimizerKind.SGD, 0f, 0f, 0f, weightDecay, 0);
    }

    @Override
    public void stepInPlace(List<Tensor> params, double lr) {
        t++;
        for (Tensor p : params) {
            float[] g = p.grad();
            if (g == null) {
                continue;
            }
            update.stepInPlace(p.data(), weightDecay != 0f ? g.clone() : g, lr, t);
        }
    }

    @Override
    public int steps() {
        return t;
    }

    @Override
    public List<float[]> exportState(List<Tensor> params) {
        return List.of();
    }

    @Override
    public void importState(List<Tensor> params, List<float[]> state, int steps) {
        if (!state.isEmpty()) {
            throw new IllegalArgumentException("SGD keeps no moments, got " + state.size() + " arrays");
        }
        t = steps;
    }
}
