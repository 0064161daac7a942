package io.github.superpose.sim;

import io.github.superpose.core.Tensor;
import java.util.List;

/** Plain SGD: p ← p − lr·(g + wd·p) (PyTorch's coupled weight decay). */
public final class Sgd implements Optimizer {
    private final float weightDecay;
    private int t;

    public Sgd(float weightDecay) {
        this.weightDecay = weightDecay;
    }

    @Override
    public void stepInPlace(List<Tensor> params, float lr) {
        t++;
        for (Tensor p : params) {
            float[] g = p.grad();
            if (g == null) {
                continue;
            }
            float[] w = p.data();
            for (int i = 0; i < w.length; i++) {
                w[i] -= lr * (g[i] + weightDecay * w[i]);
            }
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
