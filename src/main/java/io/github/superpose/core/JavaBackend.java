package io.github.superpose.core;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.function.IntConsumer;

/**
 * The default backend: plain Java loops on {@code float[]}, split across threads by rows of the
 * output. Each output element is always computed by one thread in one order, so results do not
 * depend on the thread count.
 *
 * <pre>Backend be = new JavaBackend(2);</pre>
 */
public final class JavaBackend implements Backend {
    /** Below this many multiply-adds a kernel runs on the calling thread: forking costs more. */
    private static final long PARALLEL_WORK = 1L << 16;

    private final int threads;
    private final ForkJoinPool pool;

    public JavaBackend(int threads) {
        this.threads = Math.max(1, threads);
        this.pool = this.threads > 1 ? new ForkJoinPool(this.threads) : null;
    }

    /** A backend with one thread per available processor. */
    public JavaBackend() {
        this(Runtime.getRuntime().availableProcessors());
    }

    @Override
    public String name() {
        return "java";
    }

    @Override
    public int threads() {
        return threads;
    }

    /** Runs body(i) for i in [0, count), in parallel chunks when the total work is large. */
    void parallelFor(int count, long workPerItem, IntConsumer body) {
        if (pool == null || count < 2 || count * workPerItem < PARALLEL_WORK) {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
            return;
        }
        int chunks = Math.min(count, threads * 4);
        pool.invoke(new RecursiveAction() {
            @Override
            protected void compute() {
                RecursiveAction[] parts = new RecursiveAction[chunks];
                for (int c = 0; c < chunks; c++) {
                    final int lo = (int) ((long) count * c / chunks);
                    final int hi = (int) ((long) count * (c + 1) / chunks);
                    parts[c] = new RecursiveAction() {
                        @Override
                        protected void compute() {
                            for (int i = lo; i < hi; i++) {
                                body.accept(i);
                            }
                        }
                    };
                }
                invokeAll(parts);
            }
        });
    }

    @Override
    public void matmul(
            float[] a,
            int aStride,
            boolean transA,
            float[] b,
            int bStride,
            boolean transB,
            float[] out,
            int batch,
            int m,
            int k,
            int n,
            boolean accumulate) {
        if (transB) {
            // materialise Bᵀ so the inner loop below streams contiguous rows (it vectorises; a dot
            // product over k does not, since float sums may not be reordered)
            int copies = bStride == 0 ? 1 : batch;
            float[] bt = new float[copies * k * n];
            transpose(b, copies, n, k, bt);
            b = bt;
            bStride = bStride == 0 ? 0 : k * n;
        }
        final float[] bb = b;
        final int bs = bStride;
        final int groups = (m + 3) / 4;
        parallelFor(batch * groups, 4L * k * n, gi -> {
            int p = gi / groups;
            int i0 = (gi % groups) * 4;
            int rows = Math.min(4, m - i0);
            int oo = p * m * n + i0 * n;
            if (!accumulate) {
                java.util.Arrays.fill(out, oo, oo + rows * n, 0f);
            }
            int ao = p * aStride + (transA ? i0 : i0 * k);
            int rowStep = transA ? 1 : k;
            int kStep = transA ? m : 1;
            if (rows == 4) {
                fourRowsTimesMatrix(a, ao, rowStep, kStep, bb, p * bs, out, oo, k, n);
            } else {
                for (int r = 0; r < rows; r++) {
                    rowTimesMatrix(a, ao + r * rowStep, kStep, bb, p * bs, out, oo + r * n, k, n);
                }
            }
        });
    }

    /**
     * Four output rows at once: each row of b is loaded once for four multiply-adds, which is what
     * keeps this loop fed from cache. a(r, kk) = a[ao + r·rowStep + kk·kStep].
     */
    private static void fourRowsTimesMatrix(
            float[] a, int ao, int rowStep, int kStep, float[] b, int bo, float[] out, int oo, int k, int n) {
        int o1 = oo + n;
        int o2 = oo + 2 * n;
        int o3 = oo + 3 * n;
        for (int kk = 0; kk < k; kk++) {
            int ak = ao + kk * kStep;
            float a0 = a[ak];
            float a1 = a[ak + rowStep];
            float a2 = a[ak + 2 * rowStep];
            float a3 = a[ak + 3 * rowStep];
            if (a0 == 0f && a1 == 0f && a2 == 0f && a3 == 0f) {
                continue;
            }
            int brow = bo + kk * n;
            for (int j = 0; j < n; j++) {
                float bv = b[brow + j];
                out[oo + j] += a0 * bv;
                out[o1 + j] += a1 * bv;
                out[o2 + j] += a2 * bv;
                out[o3 + j] += a3 * bv;
            }
        }
    }

    /** out[oo..oo+n) += Σ_kk a[ao + kk·aStep] · b[bo + kk·n ..]: ikj order, the inner loop streams a row of b. */
    private static void rowTimesMatrix(
            float[] a, int ao, int aStep, float[] b, int bo, float[] out, int oo, int k, int n) {
        for (int kk = 0; kk < k; kk++) {
            float av = a[ao + kk * aStep];
            if (av == 0f) {
                continue;
            }
            int brow = bo + kk * n;
            for (int j = 0; j < n; j++) {
                out[oo + j] += av * b[brow + j];
            }
        }
    }

    @Override
    public void unary(Op op, float[] x, float[] out) {
        int len = x.length;
        int blocks = (len + 4095) / 4096;
        parallelFor(blocks, 4096L * 8, blk -> {
            int hi = Math.min(len, (blk + 1) * 4096);
            if (op == Op.RELU) {
                for (int i = blk * 4096; i < hi; i++) {
                    out[i] = x[i] > 0f ? x[i] : 0f;
                }
            } else if (op == Op.SQUARE) {
                for (int i = blk * 4096; i < hi; i++) {
                    out[i] = x[i] * x[i];
                }
            } else {
                for (int i = blk * 4096; i < hi; i++) {
                    out[i] = unaryValue(op, x[i]);
                }
            }
        });
    }

    static float unaryValue(Op op, float v) {
        switch (op) {
            case RELU:
                return v > 0f ? v : 0f;
            case ABS:
                return Math.abs(v);
            case SQUARE:
                return v * v;
            case SQRT:
                return (float) Math.sqrt(v);
            case EXP:
                return (float) Math.exp(v);
            case LOG:
                return (float) Math.log(v);
            case GELU_TANH:
                return (float) Functions.geluTanh(v);
            case GELU_ERF:
                return (float) Functions.geluErf(v);
            default:
                throw new IllegalArgumentException("not a unary op: " + op);
        }
    }

    /** f'(x) · gy. relu'(0) = 0 and abs'(0) = 0, as in PyTorch. */
    static float unaryGrad(Op op, float x, float y, float gy) {
        switch (op) {
            case RELU:
                return x > 0f ? gy : 0f;
            case ABS:
                return x > 0f ? gy : (x < 0f ? -gy : 0f);
            case SQUARE:
                return 2f * x * gy;
            case SQRT:
                return gy / (2f * y);
            case EXP:
                return y * gy;
            case LOG:
                return gy / x;
            case GELU_TANH:
                return (float) (Functions.geluTanhGrad(x) * gy);
            case GELU_ERF:
                return (float) (Functions.geluErfGrad(x) * gy);
            default:
                throw new IllegalArgumentException("not a unary op: " + op);
        }
    }

    @Override
    public void unaryBackward(Op op, float[] x, float[] y, float[] gy, float[] gx) {
        int len = x.length;
        int blocks = (len + 4095) / 4096;
        parallelFor(blocks, 4096L * 8, blk -> {
            int hi = Math.min(len, (blk + 1) * 4096);
            for (int i = blk * 4096; i < hi; i++) {
                gx[i] += unaryGrad(op, x[i], y == null ? 0f : y[i], gy[i]);
            }
        });
    }

    @Override
    public void binary(Op op, float[] a, int[] aShape, float[] b, int[] bShape, float[] out, int[] outShape) {
        int[] as = Shapes.broadcastStrides(aShape, outShape);
        int[] bs = Shapes.broadcastStrides(bShape, outShape);
        int r = outShape.length;
        int inner = r == 0 ? 1 : outShape[r - 1];
        int outer = inner == 0 ? 0 : out.length / inner;
        int ai = r == 0 ? 0 : as[r - 1];
        int bi = r == 0 ? 0 : bs[r - 1];
        parallelFor(outer, inner, row -> {
            int ao = 0;
            int bo = 0;
            int rem = row;
            for (int d = r - 2; d >= 0; d--) {
                int idx = rem % outShape[d];
                rem /= outShape[d];
                ao += idx * as[d];
                bo += idx * bs[d];
            }
            int oo = row * inner;
            for (int j = 0; j < inner; j++) {
                out[oo + j] = binaryValue(op, a[ao + j * ai], b[bo + j * bi]);
            }
        });
    }

    static float binaryValue(Op op, float x, float y) {
        switch (op) {
            case ADD:
                return x + y;
            case SUB:
                return x - y;
            case MUL:
                return x * y;
            case DIV:
                return x / y;
            default:
                throw new IllegalArgumentException("not a binary op: " + op);
        }
    }

    @Override
    public void reduceTo(float[] g, int[] gShape, float[] out, int[] outShape) {
        // Sequential on purpose: several g elements land on one out element, and a fixed order
        // keeps sums identical at every thread count. Walks g row by row (last axis innermost).
        int[] os = Shapes.broadcastStrides(outShape, gShape);
        int r = gShape.length;
        if (r == 0) {
            out[0] += g[0];
            return;
        }
        int inner = gShape[r - 1];
        int step = os[r - 1];
        int rows = inner == 0 ? 0 : g.length / inner;
        for (int row = 0; row < rows; row++) {
            int off = rowOffset(row, gShape, os);
            int go = row * inner;
            if (step == 0) {
                float sum = 0f;
                for (int j = 0; j < inner; j++) {
                    sum += g[go + j];
                }
                out[off] += sum;
            } else {
                for (int j = 0; j < inner; j++) {
                    out[off + j] += g[go + j];
                }
            }
        }
    }

    /** Offset in a broadcast operand (strides {@code st}) of the start of row {@code row} of {@code shape}. */
    private static int rowOffset(int row, int[] shape, int[] st) {
        int off = 0;
        int rem = row;
        for (int d = shape.length - 2; d >= 0; d--) {
            int idx = rem % shape[d];
            rem /= shape[d];
            off += idx * st[d];
        }
        return off;
    }

    @Override
    public void broadcastAdd(float[] x, int[] xShape, float[] out, int[] outShape, float scale) {
        int[] xs = Shapes.broadcastStrides(xShape, outShape);
        int r = outShape.length;
        if (r == 0) {
            out[0] += scale * x[0];
            return;
        }
        int inner = outShape[r - 1];
        int step = xs[r - 1];
        int rows = inner == 0 ? 0 : out.length / inner;
        for (int row = 0; row < rows; row++) {
            int off = rowOffset(row, outShape, xs);
            int oo = row * inner;
            for (int j = 0; j < inner; j++) {
                out[oo + j] += scale * x[off + j * step];
            }
        }
    }

    @Override
    public void transpose(float[] x, int batch, int rows, int cols, float[] out) {
        parallelFor(batch * rows, cols, br -> {
            int p = br / rows;
            int i = br % rows;
            int base = p * rows * cols;
            for (int j = 0; j < cols; j++) {
                out[base + j * rows + i] = x[base + i * cols + j];
            }
        });
    }
}
