package io.github.superpose.nd4j;

import io.github.superpose.core.Op;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.DivOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The ND4J side of {@link Nd4jBackend}: copy {@code float[]} in, one ND4J call, copy the result
 * out. Every method computes the whole output; accumulation ({@code +=}) happens in Java on the
 * copied-back result, which costs no more than copying {@code out} in would.
 */
final class Nd4jKernels {
    private static final String WORKSPACE_ID = "superpose-kernels";
    private static final WorkspaceConfiguration WORKSPACE = WorkspaceConfiguration.builder()
            .initialSize(0)
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .overallocationLimit(0.2)
            .policyLearning(LearningPolicy.OVER_TIME)
            .cyclesBeforeInitialization(1)
            .policySpill(SpillPolicy.REALLOCATE)
            .policyReset(ResetPolicy.BLOCK_LEFT)
            .build();

    private final String device;

    private Nd4jKernels(String device) {
        this.device = device;
    }

    /**
     * Initialises ND4J (the first touch of {@link Nd4j} loads libnd4j and OpenBLAS) and caps its
     * threads. libnd4j reads OMP_NUM_THREADS only at load, so the caps are set afterwards through
     * the BLAS handle (openblas_set_num_threads: {@code threads}) and the Environment (OpenMP
     * threads inside one elementwise op, and "master" threads). On 2 shared cores a second
     * OpenMP thread made elementwise ops up to 10x slower (its spin-wait competes with the
     * other busy core), so up to 2 threads OpenMP gets one; BLAS keeps both.
     */
    static Nd4jKernels load(int threads) {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        int omp = threads > 2 ? threads : 1;
        Nd4j.getEnvironment().setMaxThreads(omp);
        Nd4j.getEnvironment().setMaxMasterThreads(omp);
        Nd4j.factory().blas().setMaxThreads(threads);
        // one tiny op so a broken native library fails here, inside create(), not mid-training
        float[] probe = new float[4];
        toJava(
                Nd4j.create(new float[] {1, 2, 3, 4}, new long[] {2, 2}, 'c')
                        .mmul(Nd4j.eye(2).castTo(DataType.FLOAT)),
                probe);
        if (probe[3] != 4f) {
            throw new IllegalStateException(
                    "ND4J self-check failed: 2x2 identity product gave " + Arrays.toString(probe));
        }
        Object backend = Nd4j.getExecutioner().getEnvironmentInformation().get("backend");
        return new Nd4jKernels(String.valueOf(backend));
    }

    String device() {
        return device;
    }

    /**
     * Opens the scope every kernel runs in. Inside it ND4J allocates from one thread-local
     * workspace that learns the largest kernel's size and is then reused: a fresh off-heap array
     * per call costs about 4 ms per MB in page faults, ten times the op it feeds.
     */
    @SuppressWarnings("try") // the workspace is held, not used: ND4J allocates from it while it is open
    void run(Runnable kernel) {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE, WORKSPACE_ID)) {
            kernel.run();
        }
    }

    /** A c-order float32 INDArray holding a copy of {@code data[off, off + size(shape))}. */
    static INDArray fromJava(float[] data, int off, long... shape) {
        INDArray arr = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
        // a bulk put into the native buffer: Nd4j.create(float[]) is 4x slower (an extra heap copy)
        arr.data().asNioFloat().put(data, off, (int) arr.length());
        Nd4j.getAffinityManager().tagLocation(arr, AffinityManager.Location.HOST); // GPU: host copy is newest
        return arr;
    }

    static INDArray fromJava(float[] data, int[] shape) {
        return fromJava(data, 0, asLong(shape));
    }

    /** Copies {@code arr} (any layout) into {@code out}, which must hold exactly its elements. */
    static void toJava(INDArray arr, float[] out) {
        INDArray c = arr.isView() || arr.ordering() != 'c' ? arr.dup('c') : arr;
        // on a GPU the result lives on the device; this makes the host copy current (no-op on CPU)
        Nd4j.getAffinityManager().ensureLocation(c, AffinityManager.Location.HOST);
        FloatBuffer fb = c.data().asNioFloat();
        fb.position((int) c.offset());
        fb.get(out, 0, out.length);
    }

    /** out += arr, elementwise in row-major order. */
    static void addToJava(INDArray arr, float[] out) {
        INDArray c = arr.isView() || arr.ordering() != 'c' ? arr.dup('c') : arr;
        Nd4j.getAffinityManager().ensureLocation(c, AffinityManager.Location.HOST);
        FloatBuffer fb = c.data().asNioFloat();
        int base = (int) c.offset();
        for (int i = 0; i < out.length; i++) {
            out[i] += fb.get(base + i);
        }
    }

    static long[] asLong(int[] shape) {
        long[] s = new long[shape.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = shape[i];
        }
        return s;
    }

    /** {@code shape} right-aligned to {@code rank} dims with leading 1s (numpy broadcasting). */
    static long[] padded(int[] shape, int rank) {
        long[] s = new long[rank];
        Arrays.fill(s, 1L);
        for (int i = 0; i < shape.length; i++) {
            s[rank - shape.length + i] = shape[i];
        }
        return s;
    }

    /** [batch, rows, cols] from a strided source; stride 0 repeats one matrix (copied, see matmul). */
    private static INDArray stack(float[] src, int stride, int batch, int rows, int cols) {
        int size = rows * cols;
        if (stride == size) {
            return fromJava(src, 0, batch, rows, cols);
        }
        INDArray arr = Nd4j.createUninitialized(DataType.FLOAT, new long[] {batch, rows, cols}, 'c');
        FloatBuffer fb = arr.data().asNioFloat();
        for (int p = 0; p < batch; p++) {
            fb.put(src, p * stride, size);
        }
        Nd4j.getAffinityManager().tagLocation(arr, AffinityManager.Location.HOST);
        return arr;
    }

    /**
     * Batched matmul as one libnd4j "matmul" op over rank-3 arrays (transposes are flags of the op,
     * not copies). A stride-0 operand is expanded to a full batch, which costs one copy of
     * batch·rows·cols floats: k (or n) times less than the product itself. When only b is shared
     * and a is not transposed, the batch folds into the rows of a single gemm instead.
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
            boolean accumulate) {
        int aRows = transA ? k : m;
        int aCols = transA ? m : k;
        int bRows = transB ? n : k;
        int bCols = transB ? k : n;
        INDArray c;
        if (batch == 1 || (bStride == 0 && !transA && aStride == m * k)) {
            INDArray a2 = fromJava(a, 0, (long) batch * aRows, aCols);
            INDArray b2 = fromJava(b, 0, bRows, bCols);
            c = Nd4j.gemm(a2, b2, transA, transB);
        } else {
            INDArray a3 = stack(a, aStride, batch, aRows, aCols);
            INDArray b3 = stack(b, bStride, batch, bRows, bCols);
            c = Nd4j.matmul(a3, b3, transA, transB, false);
        }
        if (accumulate) {
            addToJava(c, out);
        } else {
            toJava(c, out);
        }
    }

    /** Elementwise a (op) b with numpy broadcasting, by libnd4j's broadcastable pairwise ops. */
    void binary(Op op, float[] a, int[] aShape, float[] b, int[] bShape, float[] out, int[] outShape) {
        int r = Math.max(1, outShape.length);
        INDArray x = fromJava(a, 0, padded(aShape, r));
        INDArray y = fromJava(b, 0, padded(bShape, r));
        INDArray z = Nd4j.createUninitialized(DataType.FLOAT, padded(outShape, r), 'c');
        Nd4j.exec(pairwise(op, x, y, z));
        toJava(z, out);
    }

    private static CustomOp pairwise(Op op, INDArray x, INDArray y, INDArray z) {
        switch (op) {
            case ADD:
                return new AddOp(x, y, z);
            case SUB:
                return new SubOp(x, y, z);
            case MUL:
                return new MulOp(x, y, z);
            case DIV:
                return new DivOp(x, y, z);
            default:
                throw new IllegalArgumentException("not a binary op: " + op);
        }
    }

    /** out += g summed over the axes where outShape (right-aligned, size 1 or absent) broadcasts. */
    void reduceTo(float[] g, int[] gShape, float[] out, int[] outShape) {
        int r = gShape.length;
        long[] os = padded(outShape, Math.max(r, 1));
        int[] axes = new int[r];
        int na = 0;
        for (int d = 0; d < r; d++) {
            if (os[d] == 1 && gShape[d] != 1) {
                axes[na++] = d;
            }
        }
        INDArray ga = fromJava(g, 0, padded(gShape, Math.max(r, 1)));
        INDArray s = na == 0 ? ga : ga.sum(true, Arrays.copyOf(axes, na));
        addToJava(s, out);
    }

    /** out += scale · x broadcast to outShape. */
    void broadcastAdd(float[] x, int[] xShape, float[] out, int[] outShape, float scale) {
        int r = Math.max(1, outShape.length);
        INDArray o = fromJava(out, 0, padded(outShape, r));
        INDArray xs = fromJava(x, 0, padded(xShape, r));
        if (scale != 1f) {
            xs.muli(scale);
        }
        Nd4j.exec(new AddOp(o, xs, o));
        toJava(o, out);
    }

    /** [batch, rows, cols] → [batch, cols, rows] (a permuted view, made dense by the copy out). */
    void transpose(float[] x, int batch, int rows, int cols, float[] out) {
        INDArray xa = fromJava(x, 0, batch, rows, cols);
        toJava(xa.permute(0, 2, 1).dup('c'), out);
    }
}
