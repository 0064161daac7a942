package io.github.superpose.core;

/**
 * Every backward rule, in one place. {@link #backward} reads a node's gradient and accumulates
 * into the gradients of its inputs that need one. Compound losses (mse, importance weighting,
 * L1) are compositions of these ops and have no rule of their own.
 */
final class Grad {
    private Grad() {}

    static void backward(Tensor y, Backend be) {
        Tensor[] in = y.inputs;
        float[] gy = y.grad;
        switch (y.op) {
            case ADD:
                reduceInto(in[0], gy, y.shape, be, 1f);
                reduceInto(in[1], gy, y.shape, be, 1f);
                break;
            case SUB:
                reduceInto(in[0], gy, y.shape, be, 1f);
                reduceInto(in[1], gy, y.shape, be, -1f);
                break;
            case MUL:
                productInto(in[0], gy, in[1], Op.MUL, y.shape, be);
                productInto(in[1], gy, in[0], Op.MUL, y.shape, be);
                break;
            case DIV:
                // d(a/b)/da = 1/b; d(a/b)/db = -(a/b)/b = -y/b
                productInto(in[0], gy, in[1], Op.DIV, y.shape, be);
                if (in[1].requiresGrad) {
                    float[] t = negated(gy);
                    be.binary(Op.MUL, t, y.shape, y.data, y.shape, t, y.shape);
                    float[] u = new float[gy.length];
                    be.binary(Op.DIV, t, y.shape, in[1].data, in[1].shape, u, y.shape);
                    be.reduceTo(u, y.shape, gradOf(in[1]), in[1].shape);
                }
                break;
            case MATMUL:
                matmulBackward(y, be);
                break;
            case TRANSPOSE: {
                Tensor a = in[0];
                int r = y.rank();
                int rows = y.shape[r - 2];
                int cols = y.shape[r - 1];
                float[] t = new float[gy.length];
                be.transpose(gy, gy.length / Math.max(1, rows * cols), rows, cols, t);
                addInto(gradOf(a), t);
                break;
            }
            case RESHAPE:
                addInto(gradOf(in[0]), gy);
                break;
            case RELU:
            case ABS:
            case SQUARE:
            case SQRT:
            case EXP:
            case LOG:
            case GELU_TANH:
            case GELU_ERF:
                be.unaryBackward(y.op, in[0].data, y.data, gy, gradOf(in[0]));
                break;
            case SUM:
            case MEAN: {
                Tensor a = in[0];
                int[] kept = Tape.keptShape(a.shape, y.axis);
                float scale = y.op == Op.MEAN ? (float) Shapes.size(kept) / Math.max(1, a.data.length) : 1f;
                be.broadcastAdd(gy, kept, gradOf(a), a.shape, scale);
                break;
            }
            default:
                throw new IllegalStateException("no backward rule for " + y.op);
        }
    }

    /** The input's gradient buffer, allocated on first use. */
    private static float[] gradOf(Tensor t) {
        if (t.grad == null) {
            t.grad = new float[t.data.length];
        }
        return t.grad;
    }

    private static void addInto(float[] dst, float[] src) {
        for (int i = 0; i < dst.length; i++) {
            dst[i] += src[i];
        }
    }

    private static float[] negated(float[] g) {
        float[] out = new float[g.length];
        for (int i = 0; i < g.length; i++) {
            out[i] = -g[i];
        }
        return out;
    }

    /** grad(x) += sign · (gy summed over the axes x was broadcast along). */
    private static void reduceInto(Tensor x, float[] gy, int[] yShape, Backend be, float sign) {
        if (!x.requiresGrad) {
            return;
        }
        be.reduceTo(sign < 0 ? negated(gy) : gy, yShape, gradOf(x), x.shape);
    }

    /** grad(x) += reduce(gy (op) other): the MUL and DIV rules for one operand. */
    private static void productInto(Tensor x, float[] gy, Tensor other, Op op, int[] yShape, Backend be) {
        if (!x.requiresGrad) {
            return;
        }
        float[] t = new float[gy.length];
        be.binary(op, gy, yShape, other.data, other.shape, t, yShape);
        be.reduceTo(t, yShape, gradOf(x), x.shape);
    }

    /** C = A·B: dA = dC·Bᵀ, dB = Aᵀ·dC; a shared (rank-2) operand sums its gradient over instances. */
    private static void matmulBackward(Tensor y, Backend be) {
        Tensor a = y.inputs[0];
        Tensor b = y.inputs[1];
        int[] mm = MatmulShape.of(a.shape, b.shape);
        int p = Math.max(mm[0], 1);
        int m = mm[1];
        int k = mm[2];
        int n = mm[3];
        boolean aShared = a.rank() == 2 && mm[0] > 0;
        boolean bShared = b.rank() == 2 && mm[0] > 0;
        if (a.requiresGrad) {
            if (aShared) {
                float[] t = new float[p * m * k];
                be.matmul(y.grad, m * n, false, b.data, k * n, true, t, p, m, n, k, false);
                sumOverInstances(t, gradOf(a), p);
            } else {
                be.matmul(y.grad, m * n, false, b.data, b.rank() == 3 ? k * n : 0, true, gradOf(a), p, m, n, k, true);
            }
        }
        if (b.requiresGrad) {
            if (bShared) {
                float[] t = new float[p * k * n];
                be.matmul(a.data, m * k, true, y.grad, m * n, false, t, p, k, m, n, false);
                sumOverInstances(t, gradOf(b), p);
            } else {
                be.matmul(a.data, a.rank() == 3 ? m * k : 0, true, y.grad, m * n, false, gradOf(b), p, k, m, n, true);
            }
        }
    }

    private static void sumOverInstances(float[] t, float[] g, int p) {
        int len = g.length;
        for (int q = 0; q < p; q++) {
            for (int i = 0; i < len; i++) {
                g[i] += t[q * len + i];
            }
        }
    }
}
