package io.github.superpose.bridge;

import static java.lang.Math.fma;

import io.github.superpose.core.Functions;
import io.github.superpose.core.Gemm;
import io.github.superpose.core.Simd;
import io.github.superpose.core.WorkerPool;

/**
 * A transformer linear layer y = x·W + b [rows, out] for x [rows, in], W [in, out], with W packed once
 * into {@link Gemm}'s column panels. Work is split into (row range × panel range) tasks on a
 * {@link WorkerPool}; {@link Gemm} sums every output element as one fused multiply-add chain from b
 * over i ascending whatever the tile, task or thread count (and on its scalar path too), so results
 * are identical at any thread count and for a sentence alone or stacked with others. GELU is fused
 * into each task's tile while it is still in cache ({@link #forwardGelu}).
 *
 * <pre>PackedLinear l = new PackedLinear(W_in, b_in, dModel, dMlp); l.forward(x, rows, y, workers);</pre>
 */
final class PackedLinear {
    /** Rows per task: enough to reuse the packed panels from L2, few enough to give both cores work. */
    private static final int TASK_ROWS = 32;
    /** Panels per task. */
    private static final int TASK_PANELS = 4;

    private final int in;
    private final int out;
    private final float[] bias;
    private final Gemm.Packed packed;

    PackedLinear(float[] W, float[] b, int in, int out) {
        if (W.length != in * out || b.length != out) {
            throw new IllegalArgumentException("W has " + W.length + " values and b " + b.length + ", expected [" + in
                    + ", " + out + "] and [" + out + "]");
        }
        this.in = in;
        this.out = out;
        this.bias = b.clone();
        this.packed = Gemm.pack(W, in, out);
    }

    int in() {
        return in;
    }

    int out() {
        return out;
    }

    /** y [rows, out] = x [rows, in] · W + b. */
    void forward(float[] x, int rows, float[] y, WorkerPool workers) {
        run(x, rows, y, null, null, workers);
    }

    /**
     * post = GELU(x·W + b) [rows, out], exact (erf) or tanh form; pre, when not null, receives x·W + b.
     * The GELU runs on each task's tile as soon as it is written, on the task's thread.
     */
    void forwardGelu(float[] x, int rows, float[] pre, float[] post, boolean tanh, WorkerPool workers) {
        run(x, rows, pre, post, tanh, workers);
    }

    private void run(float[] x, int rows, float[] y, float[] post, Boolean tanh, WorkerPool workers) {
        if (x.length < rows * in) {
            throw new IllegalArgumentException("x has " + x.length + " values, expected [" + rows + ", " + in + "]");
        }
        int panels = packed.panels();
        int panelTasks = (panels + TASK_PANELS - 1) / TASK_PANELS;
        int groups = (rows + TASK_ROWS - 1) / TASK_ROWS;
        workers.run(groups * panelTasks, task -> {
            int p0 = (task % panelTasks) * TASK_PANELS;
            int p1 = Math.min(panels, p0 + TASK_PANELS);
            int r0 = (task / panelTasks) * TASK_ROWS;
            int r1 = Math.min(rows, r0 + TASK_ROWS);
            float[] c = post != null ? post : y;
            Gemm.multiply(x, in, r0, r1, packed, p0, p1, c, out, bias, false);
            if (post != null) {
                int j0 = p0 * packed.width;
                int len = Math.min(out, p1 * packed.width) - j0;
                for (int r = r0; r < r1; r++) {
                    int o = r * out + j0;
                    if (y != null) {
                        System.arraycopy(post, o, y, o, len);
                    }
                    gelu(post, o, len, tanh);
                }
            }
        });
    }

    /** GELU in place on v[o, o + len). */
    private static void gelu(float[] v, int o, int len, boolean tanh) {
        if (tanh) {
            for (int j = o; j < o + len; j++) {
                v[j] = (float) Functions.geluTanh(v[j]);
            }
            return;
        }
        geluErf(v, o, o + len);
    }

    /** {@link #geluErfScalar} on v[from, to) in place, whole vectors on the vector path when enabled. */
    static void geluErf(float[] v, int from, int to) {
        int i = Simd.ENABLED ? GeluVector.geluErf(v, from, to) : from;
        geluErfScalar(v, i, to);
    }

    /** Numerator and denominator of erf(u) ≈ u·P(u²)/Q(u²) on [−ERF_CLAMP, ERF_CLAMP]. */
    static final float P0 = 1.1283791840612485f;

    static final float P1 = 0.19226273914770584f;
    static final float P2 = 0.05567947610448751f;
    static final float P3 = 0.004202397525382874f;
    static final float P4 = 0.00041122980833837707f;
    static final float P5 = 6.807823689058967e-06f;
    static final float Q1 = 0.5037219889463657f;
    static final float Q2 = 0.11725087896083382f;
    static final float Q3 = 0.016247562943849537f;
    static final float Q4 = 0.0014161581903869708f;
    static final float Q5 = 7.26980877207746e-05f;
    static final float Q6 = 2.608953454108498e-07f;
    /** Beyond this erf is ±1 in float32 (1 − erf(3.92) ≈ 4e-8). */
    static final float ERF_CLAMP = 3.92f;

    static final float INV_SQRT2 = (float) (1.0 / Math.sqrt(2.0));

    /**
     * g = x·Φ(x) = 0.5·x·(1 + erf(x/√2)), the exact GELU, with erf as a rational function of degree 11/12
     * (fitted by src/test/resources/gelu/fit_erf.py: 1.7e-9 in double, 3.6e-7 after float32 rounding),
     * because {@code Math.exp} keeps a loop scalar and cost more than the matrix product feeding it;
     * the polynomials are Horner chains of fused multiply-adds, the same operations in the same order
     * as {@link GeluVector}'s, so the two paths agree bit for bit.
     */
    static void geluErfScalar(float[] x, int from, int to) {
        for (int j = from; j < to; j++) {
            float v = x[j];
            float u = Math.max(-ERF_CLAMP, Math.min(ERF_CLAMP, v * INV_SQRT2));
            float u2 = u * u;
            float p = fma(fma(fma(fma(fma(P5, u2, P4), u2, P3), u2, P2), u2, P1), u2, P0);
            float q = fma(fma(fma(fma(fma(fma(Q6, u2, Q5), u2, Q4), u2, Q3), u2, Q2), u2, Q1), u2, 1f);
            float h = 0.5f * v;
            x[j] = fma(h, u * p / q, h);
        }
    }
}
