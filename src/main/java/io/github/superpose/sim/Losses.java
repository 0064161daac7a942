package io.github.superpose.sim;

import io.github.superpose.core.Tape;
import io.github.superpose.core.Tensor;

/** The training loss as a composition of tape ops (no backward rule of its own). */
public final class Losses {
    private Losses() {}

    /**
     * Σ_instances mean_{batch, features} I ⊙ (y − x')². Summing over instances keeps each
     * instance's gradient independent of how many instances train together.
     *
     * @param importance [instances, 1, features]
     * @return {total scalar, per-element error [instances, batch, features]}
     */
    public static Tensor[] importanceMse(Tape t, Tensor target, Tensor out, Tensor importance) {
        Tensor err = t.mul(importance, t.square(t.sub(target, out)));
        int batch = target.dim(1);
        int n = target.dim(2);
        return new Tensor[] {t.scale(t.sumAll(err), 1f / ((float) batch * n)), err};
    }

    /** Per-instance mean of an error tensor [instances, batch, features], summed in double. */
    public static float[] perInstanceMean(Tensor err) {
        int inst = err.dim(0);
        int per = err.size() / inst;
        float[] d = err.data();
        float[] out = new float[inst];
        for (int i = 0; i < inst; i++) {
            double s = 0;
            for (int j = 0; j < per; j++) {
                s += d[i * per + j];
            }
            out[i] = (float) (s / per);
        }
        return out;
    }
}
