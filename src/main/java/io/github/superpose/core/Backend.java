package io.github.superpose.core;

/**
 * The numeric kernels under the tape. Arrays are row-major float32; shapes travel beside them.
 * Implementations: {@link JavaBackend} (default, plain Java) and the ND4J backend.
 * Every method either writes {@code out} in full or, where it says so, accumulates into it.
 */
public interface Backend {
    String name();

    /** Threads the backend may use for one kernel. */
    int threads();

    /**
     * Batched matmul: for p in [0, batch): out[p] (+)= op(a[p]) · op(b[p]), op = optional transpose.
     * a[p] is [m, k] (or [k, m] when transA), b[p] is [k, n] (or [n, k] when transB), out[p] is [m, n].
     * A stride of 0 reuses one matrix for every p (broadcast over instances).
     */
    void matmul(
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
            boolean accumulate);

    /** out = f(x) elementwise for the unary ops (RELU, ABS, SQUARE, SQRT, EXP, LOG, GELU_TANH, GELU_ERF). */
    void unary(Op op, float[] x, float[] out);

    /** gx += gy · f'(x), with y = f(x) supplied for the ops whose derivative reads it (EXP, SQRT). */
    void unaryBackward(Op op, float[] x, float[] y, float[] gy, float[] gx);

    /** out = a (op) b with numpy broadcasting, op one of ADD, SUB, MUL, DIV. */
    void binary(Op op, float[] a, int[] aShape, float[] b, int[] bShape, float[] out, int[] outShape);

    /** out += the sum of g (shape gShape) over the axes where outShape broadcasts to gShape. */
    void reduceTo(float[] g, int[] gShape, float[] out, int[] outShape);

    /** out += scale · x broadcast from xShape to outShape. */
    void broadcastAdd(float[] x, int[] xShape, float[] out, int[] outShape, float scale);

    /** Swaps the last two axes: x is [batch, rows, cols], out is [batch, cols, rows]. */
    void transpose(float[] x, int batch, int rows, int cols, float[] out);
}
