package io.github.superpose.nd4j;

import io.github.superpose.core.Backend;
import io.github.superpose.core.JavaBackend;
import io.github.superpose.core.Op;

/**
 * The core kernels on ND4J (float32 INDArrays): OpenBLAS matmul and libnd4j transforms on the
 * CPU with {@code nd4j-native}, or cuBLAS/CUDA kernels with {@code nd4j-cuda} (the {@code cuda}
 * Maven profile). This class names no ND4J type; every ND4J call lives in {@code Nd4jKernels}
 * and {@code Nd4jUnary}, which load only when {@link #create} runs.
 *
 * <p>Cost model. The tape hands us Java {@code float[]}s, so every ND4J kernel copies its inputs
 * off-heap and its result back (one pass over each array, about 1 ns per float on the CPU, plus
 * a host-device transfer on a GPU), and each ND4J call costs 18-130 µs of dispatch. So a matmul
 * below {@link #minMatmulWork()} multiply-adds and an elementwise op (unary, binary, reduction,
 * broadcast, transpose) below {@link #minElementwise()} elements stay on the plain-Java kernels.
 * Tests set both to 0 so every call goes through ND4J.
 *
 * <pre>Backend be = Nd4jBackend.create(2);   // throws BackendUnavailableException without natives</pre>
 */
public final class Nd4jBackend implements Backend {
    /**
     * Default {@link #minMatmulWork()}. Measured on 2 shared cores: at ~100k-300k multiply-adds
     * with a hidden size of 5, OpenBLAS through ND4J and the Java loops take about the same time
     * (0.3-0.7 ms); at 716k ND4J is 1.5-2x faster.
     */
    public static final long DEFAULT_MIN_MATMUL_WORK = 1L << 18;
    /**
     * Default {@link #minElementwise()}. Measured on 2 shared cores: at 143k elements every ND4J
     * elementwise kernel was slower than Java (copies plus dispatch), at 1M they break even, and
     * at 41M (n=400 × 100 instances × batch 1024) routing them to ND4J made a step 4x faster.
     */
    public static final long DEFAULT_MIN_ELEMENTWISE = 1L << 20;

    /** Loads ND4J and returns its kernels; replaceable so tests can simulate a failed load. */
    interface Loader {
        Nd4jKernels load(int threads);
    }

    private final Nd4jKernels nd;
    private final JavaBackend java;
    private final int threads;
    private final long minMatmulWork;
    private final long minElementwise;

    private Nd4jBackend(Nd4jKernels nd, int threads, long minMatmulWork, long minElementwise) {
        this.nd = nd;
        this.threads = threads;
        this.java = new JavaBackend(threads);
        this.minMatmulWork = minMatmulWork;
        this.minElementwise = minElementwise;
    }

    /** An ND4J backend using {@code threads} BLAS threads and the default small-op thresholds. */
    public static Nd4jBackend create(int threads) {
        return create(threads, DEFAULT_MIN_MATMUL_WORK, DEFAULT_MIN_ELEMENTWISE);
    }

    /**
     * As {@link #create(int)}; a matmul with fewer than {@code minMatmulWork} multiply-adds, or
     * another op over fewer than {@code minElementwise} elements, runs in plain Java (0: never).
     */
    public static Nd4jBackend create(int threads, long minMatmulWork, long minElementwise) {
        // a lambda, not Nd4jKernels::load, so nothing resolves Nd4jKernels before the try below
        return create(threads, minMatmulWork, minElementwise, t -> Nd4jKernels.load(t));
    }

    static Nd4jBackend create(int threads, long minMatmulWork, long minElementwise, Loader loader) {
        int t = Math.max(1, threads);
        if (minMatmulWork < 0 || minElementwise < 0) {
            throw new IllegalArgumentException(
                    "thresholds must be >= 0, got " + minMatmulWork + " and " + minElementwise);
        }
        try {
            return new Nd4jBackend(loader.load(t), t, minMatmulWork, minElementwise);
        } catch (UnsatisfiedLinkError | ExceptionInInitializerError | NoClassDefFoundError | RuntimeException e) {
            throw new BackendUnavailableException(unavailableMessage(e), e);
        }
    }

    /** One line: which part failed to load, the root cause, and the two ways forward. */
    static String unavailableMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String what = root instanceof NoClassDefFoundError || root instanceof ClassNotFoundException
                ? "ND4J classes are not on the class path"
                : "no working ND4J native library (libnd4jcpu or libnd4jcuda) for "
                        + System.getProperty("os.name", "?").toLowerCase().replace(' ', '-') + "-"
                        + System.getProperty("os.arch", "?");
        String detail =
                String.valueOf(root.getMessage()).replaceAll("\\s+", " ").trim();
        if (detail.length() > 160) {
            detail = detail.substring(0, 157) + "...";
        }
        return "ND4J backend failed to load (" + what + "; " + root.getClass().getSimpleName() + ": " + detail
                + "): build with `mvn package` so target/lib holds nd4j-native-1.0.0-M2.1-linux-x86_64.jar"
                + " (GPU: `mvn package -Pcuda -Dnd4j.cuda.natives=true`), or run with --backend java";
    }

    private boolean small(long elements) {
        return elements < minElementwise || elements == 0;
    }

    /** Matmuls with fewer multiply-adds than this run in plain Java. */
    public long minMatmulWork() {
        return minMatmulWork;
    }

    /** Elementwise ops, reductions and transposes over fewer elements than this run in plain Java. */
    public long minElementwise() {
        return minElementwise;
    }

    /** The ND4J device in use, e.g. "CPU" or "CUDA". */
    public String device() {
        return nd.device();
    }

    @Override
    public String name() {
        return "nd4j";
    }

    @Override
    public int threads() {
        return threads;
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
        long work = (long) batch * m * k * n;
        if (work < minMatmulWork || work == 0) {
            java.matmul(a, aStride, transA, b, bStride, transB, out, batch, m, k, n, accumulate);
        } else {
            nd.run(() -> nd.matmul(a, aStride, transA, b, bStride, transB, out, batch, m, k, n, accumulate));
        }
    }

    @Override
    public void unary(Op op, float[] x, float[] out) {
        if (small(x.length)) {
            java.unary(op, x, out);
        } else {
            nd.run(() -> Nd4jUnary.forward(op, x, out));
        }
    }

    @Override
    public void unaryBackward(Op op, float[] x, float[] y, float[] gy, float[] gx) {
        if (small(x.length)) {
            java.unaryBackward(op, x, y, gy, gx);
        } else {
            nd.run(() -> Nd4jUnary.backward(op, x, y, gy, gx));
        }
    }

    @Override
    public void binary(Op op, float[] a, int[] aShape, float[] b, int[] bShape, float[] out, int[] outShape) {
        if (small(out.length)) {
            java.binary(op, a, aShape, b, bShape, out, outShape);
        } else {
            nd.run(() -> nd.binary(op, a, aShape, b, bShape, out, outShape));
        }
    }

    @Override
    public void reduceTo(float[] g, int[] gShape, float[] out, int[] outShape) {
        if (small(g.length)) {
            java.reduceTo(g, gShape, out, outShape);
        } else {
            nd.run(() -> nd.reduceTo(g, gShape, out, outShape));
        }
    }

    @Override
    public void broadcastAdd(float[] x, int[] xShape, float[] out, int[] outShape, float scale) {
        if (small(out.length)) {
            java.broadcastAdd(x, xShape, out, outShape, scale);
        } else {
            nd.run(() -> nd.broadcastAdd(x, xShape, out, outShape, scale));
        }
    }

    @Override
    public void transpose(float[] x, int batch, int rows, int cols, float[] out) {
        if (small(x.length)) {
            java.transpose(x, batch, rows, cols, out);
        } else {
            nd.run(() -> nd.transpose(x, batch, rows, cols, out));
        }
    }
}
