package io.github.superpose.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Records operations in execution order and runs reverse mode over them. The record is already a
 * topological order, so backward is one iterative walk from the end: no recursion, no sort.
 *
 * <pre>
 * Tape t = new Tape(backend);
 * Tensor loss = t.meanAll(t.square(t.sub(t.matmul(x, W), y)));
 * t.backward(loss);   // W.grad() now holds dloss/dW
 * </pre>
 * A tape is used for one step and dropped; parameters keep their gradients until zeroed.
 */
public final class Tape {
    /** Marks a reduction over every axis. */
    static final int ALL_AXES = Integer.MIN_VALUE;

    private final Backend backend;
    private final List<Tensor> nodes = new ArrayList<>();

    public Tape(Backend backend) {
        this.backend = backend;
    }

    public Backend backend() {
        return backend;
    }

    private Tensor record(float[] data, int[] shape, Op op, int axis, Tensor... inputs) {
        boolean rg = false;
        for (Tensor in : inputs) {
            rg |= in.requiresGrad;
        }
        Tensor t = new Tensor(data, shape, rg, op, inputs, axis);
        if (rg) {
            nodes.add(t);
        }
        return t;
    }

    private Tensor binary(Op op, Tensor a, Tensor b) {
        int[] shape = Shapes.broadcast(a.shape, b.shape);
        float[] out = new float[Shapes.size(shape)];
        backend.binary(op, a.data, a.shape, b.data, b.shape, out, shape);
        return record(out, shape, op, 0, a, b);
    }

    /** a + b with broadcasting. */
    public Tensor add(Tensor a, Tensor b) {
        return binary(Op.ADD, a, b);
    }

    public Tensor sub(Tensor a, Tensor b) {
        return binary(Op.SUB, a, b);
    }

    public Tensor mul(Tensor a, Tensor b) {
        return binary(Op.MUL, a, b);
    }

    public Tensor div(Tensor a, Tensor b) {
        return binary(Op.DIV, a, b);
    }

    /** a · c for a constant scalar c (a composition: mul by a scalar tensor). */
    public Tensor scale(Tensor a, float c) {
        return mul(a, Tensor.scalar(c));
    }

    /**
     * Matrix product over the last two axes, batched over a leading instance axis:
     * [I, M, K] · [I, K, N] → [I, M, N]; a rank-2 operand is shared by every instance.
     */
    public Tensor matmul(Tensor a, Tensor b) {
        int[] mm = MatmulShape.of(a.shape, b.shape);
        int batch = mm[0];
        int m = mm[1];
        int k = mm[2];
        int n = mm[3];
        int[] shape = batch == 0 ? new int[] {m, n} : new int[] {batch, m, n};
        float[] out = new float[Shapes.size(shape)];
        int p = Math.max(batch, 1);
        backend.matmul(
                a.data,
                a.rank() == 3 ? m * k : 0,
                false,
                b.data,
                b.rank() == 3 ? k * n : 0,
                false,
                out,
                p,
                m,
                k,
                n,
                false);
        return record(out, shape, Op.MATMUL, 0, a, b);
    }

    /** Swaps the last two axes: [.., R, C] → [.., C, R]. */
    public Tensor transpose(Tensor a) {
        if (a.rank() < 2) {
            throw new IllegalArgumentException("transpose needs rank >= 2, got shape " + Arrays.toString(a.shape));
        }
        int r = a.rank();
        int rows = a.shape[r - 2];
        int cols = a.shape[r - 1];
        int[] shape = a.shape.clone();
        shape[r - 2] = cols;
        shape[r - 1] = rows;
        float[] out = new float[a.data.length];
        backend.transpose(a.data, a.data.length / Math.max(1, rows * cols), rows, cols, out);
        return record(out, shape, Op.TRANSPOSE, 0, a);
    }

    /** The same data under a new shape with the same number of elements. */
    public Tensor reshape(Tensor a, int... shape) {
        if (Shapes.size(shape) != a.data.length) {
            throw new IllegalArgumentException(
                    "cannot reshape " + Arrays.toString(a.shape) + " to " + Arrays.toString(shape));
        }
        return record(a.data.clone(), shape, Op.RESHAPE, 0, a);
    }

    private Tensor unary(Op op, Tensor a) {
        float[] out = new float[a.data.length];
        backend.unary(op, a.data, out);
        return record(out, a.shape, op, 0, a);
    }

    public Tensor relu(Tensor a) {
        return unary(Op.RELU, a);
    }

    public Tensor abs(Tensor a) {
        return unary(Op.ABS, a);
    }

    public Tensor square(Tensor a) {
        return unary(Op.SQUARE, a);
    }

    public Tensor sqrt(Tensor a) {
        return unary(Op.SQRT, a);
    }

    public Tensor exp(Tensor a) {
        return unary(Op.EXP, a);
    }

    public Tensor log(Tensor a) {
        return unary(Op.LOG, a);
    }

    /** GELU; {@code tanhForm} picks GPT-2's tanh approximation, otherwise the exact erf form (BERT). */
    public Tensor gelu(Tensor a, boolean tanhForm) {
        return unary(tanhForm ? Op.GELU_TANH : Op.GELU_ERF, a);
    }

    /** Sum over one axis (negative counts from the end); keepDim leaves it as size 1. */
    public Tensor sum(Tensor a, int axis, boolean keepDim) {
        return reduce(Op.SUM, a, Shapes.normAxis(axis, a.rank()), keepDim);
    }

    public Tensor mean(Tensor a, int axis, boolean keepDim) {
        return reduce(Op.MEAN, a, Shapes.normAxis(axis, a.rank()), keepDim);
    }

    /** Sum of every element, shape []. */
    public Tensor sumAll(Tensor a) {
        return reduce(Op.SUM, a, ALL_AXES, false);
    }

    /** Mean of every element, shape []. */
    public Tensor meanAll(Tensor a) {
        return reduce(Op.MEAN, a, ALL_AXES, false);
    }

    private Tensor reduce(Op op, Tensor a, int axis, boolean keepDim) {
        int[] kept = keptShape(a.shape, axis);
        float[] out = new float[Shapes.size(kept)];
        backend.reduceTo(a.data, a.shape, out, kept);
        if (op == Op.MEAN) {
            float inv = (float) out.length / Math.max(1, a.data.length);
            for (int i = 0; i < out.length; i++) {
                out[i] *= inv;
            }
        }
        int[] shape = axis == ALL_AXES ? new int[0] : (keepDim ? kept : removeAxis(a.shape, axis));
        return record(out, shape, op, axis, a);
    }

    static int[] keptShape(int[] shape, int axis) {
        int[] kept = shape.clone();
        for (int d = 0; d < kept.length; d++) {
            if (axis == ALL_AXES || d == axis) {
                kept[d] = 1;
            }
        }
        return kept;
    }

    private static int[] removeAxis(int[] shape, int axis) {
        int[] out = new int[shape.length - 1];
        for (int d = 0, j = 0; d < shape.length; d++) {
            if (d != axis) {
                out[j++] = shape[d];
            }
        }
        return out;
    }

    /** Reverse mode from a scalar: accumulates d(loss)/d(param) into every reachable parameter's grad. */
    public void backward(Tensor loss) {
        if (loss.data.length != 1) {
            throw new IllegalArgumentException(
                    "backward needs a scalar loss, got shape " + Arrays.toString(loss.shape));
        }
        if (!loss.requiresGrad) {
            throw new IllegalStateException("loss does not depend on any parameter");
        }
        loss.grad = new float[] {1f};
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Tensor node = nodes.get(i);
            if (node.grad != null) {
                Grad.backward(node, backend);
                if (node != loss) {
                    node.grad = null; // intermediate grads are dead after use; frees memory early
                }
            }
        }
        nodes.clear();
    }
}
