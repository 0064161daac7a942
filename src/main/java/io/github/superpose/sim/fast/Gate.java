package io.github.superpose.sim.fast;

/**
 * The output layer's loss and gate, applied to pre-activations in place: out = ReLU(pre) (or pre),
 * d = out − x (|x| for signed inputs), loss_f += I_f·d², and pre becomes dL/dpre = c_f·d·ReLU'(pre),
 * which is also added to db_f. Rows are taken in ascending order for every feature, so each
 * feature's two sums are chains over samples in order, whichever path and tile shape runs.
 *
 * @param x the targets' rows (the inputs), sample-major
 * @param live rows at or past it are padding: set to zero and left out of the sums
 * @param loss per-feature Σ I·(x' − x)², added to
 * @param db per-feature Σ dL/dpre, added to
 */
record Gate(
        float[] importance,
        float[] coef,
        boolean relu,
        boolean signed,
        float[][] x,
        int live,
        float[] loss,
        float[] db) {
    /** 2^100: (p·2^100)·2^100 ≥ 1 for every positive float p, so the gate is exactly 0 or 1. */
    static final float HUGE = 0x1.0p100f;

    /** Row r of the pre-activations, columns [col, col + width), in place. */
    void row(float[] p, int r, int col, int width) {
        if (r >= live) {
            java.util.Arrays.fill(p, col, col + width, 0f);
            return;
        }
        float[] xr = x[r];
        for (int f = col; f < col + width; f++) {
            float pre = p[f];
            float out = relu ? Math.max(pre, 0f) : pre;
            float d = out - (signed ? Math.abs(xr[f]) : xr[f]);
            loss[f] = Math.fma(importance[f] * d, d, loss[f]);
            // relu' is 0 at exactly 0, as in PyTorch: the gate is 1 iff pre > 0, branch-free
            float on = relu ? Math.min(Math.max(pre * HUGE * HUGE, 0f), 1f) : 1f;
            float g = coef[f] * d * on;
            p[f] = g;
            db[f] += g;
        }
    }
}
