package io.github.superpose.bridge;

import io.github.superpose.core.Functions;
import io.github.superpose.core.GeluErf;
import io.github.superpose.core.Gemm;
import io.github.superpose.core.WorkerPool;

/**
 * A transformer linear layer y = x·W + b [rows, out] for x [rows, in], W [in, out], with W packed once
 * into {@link Gemm}'s column panels. Work is split into (row range × panel range) tasks on a
 * {@link WorkerPool}; {@link Gemm} sums every output element as one fused multiply-add chain from b
 * over i ascending whatever the tile, task or thread count (and on its scalar path too), so results
 * are identical at any thread count and for a sentence alone or stacked with others. The exact GELU
 * is applied to each register tile right after it is stored ({@link Gemm#multiplyGelu}), or, when the
 * pre-activation is kept too or the tanh form is asked for, to each task's tile while it is in cache.
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
     * The GELU runs on each register tile or task tile as soon as it is computed, on the task's thread.
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
            if (post != null && y == null && !tanh) {
                Gemm.multiplyGelu(x, in, r0, r1, packed, p0, p1, post, out, bias);
                return;
            }
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
        GeluErf.inPlace(v, o, o + len);
    }
}
