package io.github.superpose.core;

/**
 * Dense single-precision products c = init + a·b for a [rows × k] (row stride {@code lda}) and a
 * matrix b [k × n] packed once into column panels, where init is c itself, a bias row, or zero.
 * Every element is summed as fma(a[r,k−1], b[k−1,j], … fma(a[r,0], b[0,j], init)) over k ascending,
 * on the vector path ({@link Simd#ENABLED}) and the scalar path alike, so the two agree bit for
 * bit, and the result does not depend on how rows and panels are split into tasks or threads.
 *
 * <pre>Gemm.Packed w = Gemm.pack(weights, in, out);
 * Gemm.multiply(x, in, rows, w, y, out, bias, false, pool);</pre>
 */
public final class Gemm {
    /** Rows per task: the packed panel is reused from L2 by this many rows. */
    static final int TASK_ROWS = 64;
    /** Panels per task. */
    static final int TASK_PANELS = 4;

    private Gemm() {}

    /**
     * b [k × n] stored as panels of {@link #width} columns: panel p holds, for kk = 0 … k−1, the
     * row b[kk, p·width … p·width + width) (zero past column n) at {@code data[(p·k + kk)·width]}.
     */
    public static final class Packed {
        public final int k;
        public final int n;
        public final int width;
        final float[] data;

        Packed(int k, int n, int width) {
            this.k = k;
            this.n = n;
            this.width = width;
            this.data = new float[panels(n, width) * k * width];
        }

        public int panels() {
            return panels(n, width);
        }

        private static int panels(int n, int width) {
            return (n + width - 1) / width;
        }
    }

    /** Panel width: two vectors on the vector path (32 floats with AVX-512), 32 otherwise. */
    public static int panelWidth() {
        return Simd.ENABLED ? VectorGemm.WIDTH : 32;
    }

    /** Packs b [k × n], row-major with row stride n. */
    public static Packed pack(float[] b, int k, int n) {
        Packed p = new Packed(k, n, panelWidth());
        for (int kk = 0; kk < k; kk++) {
            for (int j = 0; j < n; j++) {
                p.data[((j / p.width) * k + kk) * p.width + j % p.width] = b[kk * n + j];
            }
        }
        return p;
    }

    /**
     * Packs panels [p0, p1) of b [k × n] (row stride n) into {@code into}, overwriting what was there:
     * for a b that changes between products (weights being trained), packed in place each time,
     * panels split over tasks as the caller likes. Padding columns past n stay zero.
     */
    public static void repack(float[] b, Packed into, int p0, int p1) {
        int w = into.width;
        int k = into.k;
        int n = into.n;
        for (int p = p0; p < p1; p++) {
            int j0 = p * w;
            int cols = Math.min(w, n - j0);
            int base = p * k * w;
            for (int kk = 0; kk < k; kk++) {
                System.arraycopy(b, kk * n + j0, into.data, base + kk * w, cols);
            }
        }
    }

    /** An all-zero packing of a [k × n] matrix, to be filled by {@link #repack}. */
    public static Packed empty(int k, int n) {
        return new Packed(k, n, panelWidth());
    }

    /** Packs b = tᵀ for t [n × k] row-major (a weight stored one output per row). */
    public static Packed packTransposed(float[] t, int n, int k) {
        Packed p = new Packed(k, n, panelWidth());
        for (int j = 0; j < n; j++) {
            int base = ((j / p.width) * k) * p.width + j % p.width;
            for (int kk = 0; kk < k; kk++) {
                p.data[base + kk * p.width] = t[j * k + kk];
            }
        }
        return p;
    }

    /**
     * c[r·ldc + j] = init + Σ_kk a[r·lda + kk]·b[kk, j] for r in [0, rows), j in [0, b.n); init is
     * c's own value when {@code accumulate}, else bias[j] when a bias is given, else 0. Split over
     * the pool's workers in fixed tasks; {@code pool} may be null (the caller's thread alone).
     */
    public static void multiply(
            float[] a,
            int lda,
            int rows,
            Packed b,
            float[] c,
            int ldc,
            float[] bias,
            boolean accumulate,
            WorkerPool pool) {
        int rowTasks = (rows + TASK_ROWS - 1) / TASK_ROWS;
        int panelTasks = (b.panels() + TASK_PANELS - 1) / TASK_PANELS;
        int tasks = rowTasks * panelTasks;
        if (pool == null || tasks < 2) {
            multiply(a, lda, 0, rows, b, 0, b.panels(), c, ldc, bias, accumulate);
            return;
        }
        pool.run(tasks, t -> {
            int r0 = (t / panelTasks) * TASK_ROWS;
            int p0 = (t % panelTasks) * TASK_PANELS;
            multiply(
                    a,
                    lda,
                    r0,
                    Math.min(rows, r0 + TASK_ROWS),
                    b,
                    p0,
                    Math.min(b.panels(), p0 + TASK_PANELS),
                    c,
                    ldc,
                    bias,
                    accumulate);
        });
    }

    /** The product over rows [r0, r1) and panels [p0, p1) only, on the calling thread. */
    public static void multiply(
            float[] a,
            int lda,
            int r0,
            int r1,
            Packed b,
            int p0,
            int p1,
            float[] c,
            int ldc,
            float[] bias,
            boolean accumulate) {
        if (Simd.ENABLED && b.width == VectorGemm.WIDTH) {
            VectorGemm.multiply(a, lda, r0, r1, b, p0, p1, c, ldc, bias, accumulate, false);
        } else {
            multiplyScalar(a, lda, r0, r1, b, p0, p1, c, ldc, bias, accumulate);
        }
    }

    /**
     * c = GELU(bias + a·b) over rows [r0, r1) and panels [p0, p1), the exact GELU of {@link GeluErf}
     * applied to each register tile before it is stored (bias may be null). The sums are those of
     * {@link #multiply}, so the result equals {@code GeluErf.inPlace} of its output bit for bit.
     */
    public static void multiplyGelu(
            float[] a, int lda, int r0, int r1, Packed b, int p0, int p1, float[] c, int ldc, float[] bias) {
        if (Simd.ENABLED && b.width == VectorGemm.WIDTH) {
            VectorGemm.multiply(a, lda, r0, r1, b, p0, p1, c, ldc, bias, false, true);
            return;
        }
        multiplyScalar(a, lda, r0, r1, b, p0, p1, c, ldc, bias, false);
        int j0 = p0 * b.width;
        int j1 = Math.min(b.n, p1 * b.width);
        for (int r = r0; r < r1; r++) {
            GeluErf.scalar(c, r * ldc + j0, r * ldc + j1);
        }
    }

    /** The scalar path: the same fused operations in the same order as the vector path. */
    static void multiplyScalar(
            float[] a,
            int lda,
            int r0,
            int r1,
            Packed b,
            int p0,
            int p1,
            float[] c,
            int ldc,
            float[] bias,
            boolean accumulate) {
        int w = b.width;
        for (int p = p0; p < p1; p++) {
            int j0 = p * w;
            int cols = Math.min(w, b.n - j0);
            int base = p * b.k * w;
            for (int r = r0; r < r1; r++) {
                int ar = r * lda;
                for (int jj = 0; jj < cols; jj++) {
                    int o = r * ldc + j0 + jj;
                    float s = accumulate ? c[o] : bias != null ? bias[j0 + jj] : 0f;
                    for (int kk = 0; kk < b.k; kk++) {
                        s = Math.fma(a[ar + kk], b.data[base + kk * w + jj], s);
                    }
                    c[o] = s;
                }
            }
        }
    }
}
