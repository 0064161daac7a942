package io.github.superpose.sim.fast;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link BlockKernel}'s vector path: its lane loops as register tiles on the JDK's vector API,
 * with the same fused operations per lane in the same order as the kernel's scalar loops, so
 * both give the same bits. Used only when a vector holds exactly {@link BlockKernel#FOLD} floats
 * (the fold of the gradient accumulators must not depend on the machine). Loaded only when the
 * vector API is in use.
 */
final class BlockTiles {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** 2^100, as {@link BlockKernel}'s gates use it. */
    private static final float HUGE = 0x1.0p100f;

    private BlockTiles() {}

    /** Whether this machine's vectors hold one fold of lanes. */
    static boolean fits() {
        return S.length() == BlockKernel.FOLD;
    }

    /**
     * acc[k + i] (one fold of lanes each) += Σ over the chunk's lanes s, lane s into fold lane
     * s mod FOLD, of g_s·h_i,s then x_s·dh_i,s, for hidden units j … j + count − 1 (count ≤ 4);
     * a null g or x leaves its term out.
     */
    static void accumulate(
            float[][] acc, int k, float[] g, float[] x, float[][] h, float[][] dh, int j, int count, int width) {
        if (count == 4) {
            four(acc, k, g, x, h, dh, j, width);
            return;
        }
        for (int i = 0; i < count; i++) {
            one(acc[k + i], g, x, h[j + i], dh[j + i], width);
        }
    }

    private static void four(float[][] acc, int k, float[] g, float[] x, float[][] h, float[][] dh, int j, int width) {
        FloatVector a0 = FloatVector.fromArray(S, acc[k], 0);
        FloatVector a1 = FloatVector.fromArray(S, acc[k + 1], 0);
        FloatVector a2 = FloatVector.fromArray(S, acc[k + 2], 0);
        FloatVector a3 = FloatVector.fromArray(S, acc[k + 3], 0);
        float[] h0 = h[j];
        float[] h1 = h[j + 1];
        float[] h2 = h[j + 2];
        float[] h3 = h[j + 3];
        float[] d0 = dh[j];
        float[] d1 = dh[j + 1];
        float[] d2 = dh[j + 2];
        float[] d3 = dh[j + 3];
        if (g != null && x != null) {
            for (int s = 0; s < width; s += BlockKernel.FOLD) {
                FloatVector gv = FloatVector.fromArray(S, g, s);
                FloatVector xv = FloatVector.fromArray(S, x, s);
                a0 = xv.fma(FloatVector.fromArray(S, d0, s), gv.fma(FloatVector.fromArray(S, h0, s), a0));
                a1 = xv.fma(FloatVector.fromArray(S, d1, s), gv.fma(FloatVector.fromArray(S, h1, s), a1));
                a2 = xv.fma(FloatVector.fromArray(S, d2, s), gv.fma(FloatVector.fromArray(S, h2, s), a2));
                a3 = xv.fma(FloatVector.fromArray(S, d3, s), gv.fma(FloatVector.fromArray(S, h3, s), a3));
            }
        } else if (g != null) {
            for (int s = 0; s < width; s += BlockKernel.FOLD) {
                FloatVector gv = FloatVector.fromArray(S, g, s);
                a0 = gv.fma(FloatVector.fromArray(S, h0, s), a0);
                a1 = gv.fma(FloatVector.fromArray(S, h1, s), a1);
                a2 = gv.fma(FloatVector.fromArray(S, h2, s), a2);
                a3 = gv.fma(FloatVector.fromArray(S, h3, s), a3);
            }
        } else {
            for (int s = 0; s < width; s += BlockKernel.FOLD) {
                FloatVector xv = FloatVector.fromArray(S, x, s);
                a0 = xv.fma(FloatVector.fromArray(S, d0, s), a0);
                a1 = xv.fma(FloatVector.fromArray(S, d1, s), a1);
                a2 = xv.fma(FloatVector.fromArray(S, d2, s), a2);
                a3 = xv.fma(FloatVector.fromArray(S, d3, s), a3);
            }
        }
        a0.intoArray(acc[k], 0);
        a1.intoArray(acc[k + 1], 0);
        a2.intoArray(acc[k + 2], 0);
        a3.intoArray(acc[k + 3], 0);
    }

    private static void one(float[] acc, float[] g, float[] x, float[] h, float[] dh, int width) {
        // one loop per case: a vector live across a branch inside the loop is not kept in a register
        FloatVector a = FloatVector.fromArray(S, acc, 0);
        if (g != null && x != null) {
            for (int s = 0; s < width; s += BlockKernel.FOLD) {
                a = FloatVector.fromArray(S, x, s)
                        .fma(
                                FloatVector.fromArray(S, dh, s),
                                FloatVector.fromArray(S, g, s).fma(FloatVector.fromArray(S, h, s), a));
            }
        } else if (g != null) {
            for (int s = 0; s < width; s += BlockKernel.FOLD) {
                a = FloatVector.fromArray(S, g, s).fma(FloatVector.fromArray(S, h, s), a);
            }
        } else {
            for (int s = 0; s < width; s += BlockKernel.FOLD) {
                a = FloatVector.fromArray(S, x, s).fma(FloatVector.fromArray(S, dh, s), a);
            }
        }
        a.intoArray(acc, 0);
    }

    /**
     * y = Σ_{r < count} W[rows[r]·m + j] · v[rows[r]] from 0, for hidden units j … j+3 at once
     * (into y[j] … y[j+3]), each lane one chain of fused multiply-adds in row order. Then, with
     * {@code reluMask}, mask = [y > 0] is written there and y = max(y, 0); with {@code gateMask},
     * y = y · mask (the backward pass through the hidden ReLU).
     */
    static void sumRowsFour(
            float[][] y,
            float[] W,
            int m,
            int j,
            int[] rows,
            int count,
            float[][] v,
            int width,
            float[][] reluMask,
            float[][] gateMask) {
        for (int s = 0; s < width; s += BlockKernel.FOLD) {
            FloatVector a0 = FloatVector.zero(S);
            FloatVector a1 = FloatVector.zero(S);
            FloatVector a2 = FloatVector.zero(S);
            FloatVector a3 = FloatVector.zero(S);
            for (int r = 0; r < count; r++) {
                int row = rows[r];
                int w = row * m + j;
                FloatVector xv = FloatVector.fromArray(S, v[row], s);
                a0 = xv.fma(FloatVector.broadcast(S, W[w]), a0);
                a1 = xv.fma(FloatVector.broadcast(S, W[w + 1]), a1);
                a2 = xv.fma(FloatVector.broadcast(S, W[w + 2]), a2);
                a3 = xv.fma(FloatVector.broadcast(S, W[w + 3]), a3);
            }
            finish(a0, y[j], s, reluMask == null ? null : reluMask[j], gateMask == null ? null : gateMask[j]);
            finish(
                    a1,
                    y[j + 1],
                    s,
                    reluMask == null ? null : reluMask[j + 1],
                    gateMask == null ? null : gateMask[j + 1]);
            finish(
                    a2,
                    y[j + 2],
                    s,
                    reluMask == null ? null : reluMask[j + 2],
                    gateMask == null ? null : gateMask[j + 2]);
            finish(
                    a3,
                    y[j + 3],
                    s,
                    reluMask == null ? null : reluMask[j + 3],
                    gateMask == null ? null : gateMask[j + 3]);
        }
    }

    private static void finish(FloatVector a, float[] y, int s, float[] reluMask, float[] gateMask) {
        if (reluMask != null) {
            // relu' is 0 at exactly 0, as in PyTorch: (a·2^100)·2^100 clamped to [0, 1]
            a.mul(HUGE).mul(HUGE).max(0f).min(1f).intoArray(reluMask, s);
            a.max(0f).intoArray(y, s);
        } else if (gateMask != null) {
            a.mul(FloatVector.fromArray(S, gateMask, s)).intoArray(y, s);
        } else {
            a.intoArray(y, s);
        }
    }

    /**
     * Output pre-activation of feature f, p = b_f + Σ_j dec[f·m + j]·h_j (one chain in j order),
     * and the ReLU-output error on inputs ≥ 0: g = c·d·[p > 0]·mask and db += g with
     * d = (max(p, 0) − x)·mask, loss += (imp·d)·d per lane. The scalar loops of
     * {@link BlockKernel} in the same order.
     */
    static void preGate(
            float[] dec,
            int f,
            int m,
            float bf,
            float[][] h,
            float[] x,
            float[] mask,
            float imp,
            float c,
            float[] g,
            float[] db,
            float[] loss,
            int width) {
        FloatVector vi = FloatVector.broadcast(S, imp);
        FloatVector vc = FloatVector.broadcast(S, c);
        for (int s = 0; s < width; s += BlockKernel.FOLD) {
            FloatVector p = FloatVector.broadcast(S, bf);
            for (int j = 0; j < m; j++) {
                p = FloatVector.broadcast(S, dec[f * m + j]).fma(FloatVector.fromArray(S, h[j], s), p);
            }
            FloatVector mk = FloatVector.fromArray(S, mask, s);
            FloatVector gt = p.mul(HUGE).mul(HUGE).max(0f).min(1f).mul(mk);
            FloatVector d = p.max(0f).sub(FloatVector.fromArray(S, x, s)).mul(mk);
            vi.mul(d).fma(d, FloatVector.fromArray(S, loss, s)).intoArray(loss, s);
            FloatVector gs = vc.mul(d).mul(gt);
            gs.intoArray(g, s);
            FloatVector.fromArray(S, db, s).add(gs).intoArray(db, s);
        }
    }
}
