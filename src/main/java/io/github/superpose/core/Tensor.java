package io.github.superpose.core;

import java.util.Arrays;

/**
 * A float32 n-d array, row-major, with the instance axis first by convention
 * ({@code W} is {@code [instances, features, hidden]}). Tensors made by a {@link Tape} remember the
 * op and inputs that produced them; leaves made with {@link #param} collect gradients.
 *
 * <pre>Tensor W = Tensor.param(new float[2 * 5 * 2], 2, 5, 2);</pre>
 */
public final class Tensor {
    final float[] data;
    final int[] shape;
    final boolean requiresGrad;
    final Op op;
    final Tensor[] inputs;
    final int axis;
    float[] grad;

    Tensor(float[] data, int[] shape, boolean requiresGrad, Op op, Tensor[] inputs, int axis) {
        if (data.length != Shapes.size(shape)) {
            throw new IllegalArgumentException(
                    "data length " + data.length + " does not match shape " + Arrays.toString(shape));
        }
        this.data = data;
        this.shape = shape.clone();
        this.requiresGrad = requiresGrad;
        this.op = op;
        this.inputs = inputs;
        this.axis = axis;
    }

    /** A constant (no gradient) wrapping {@code data} without copying. */
    public static Tensor of(float[] data, int... shape) {
        return new Tensor(data, shape, false, Op.LEAF, new Tensor[0], 0);
    }

    /** A trainable leaf wrapping {@code data} without copying; optimizers update it in place. */
    public static Tensor param(float[] data, int... shape) {
        return new Tensor(data, shape, true, Op.LEAF, new Tensor[0], 0);
    }

    /** A zero-filled constant. */
    public static Tensor zeros(int... shape) {
        return of(new float[Shapes.size(shape)], shape);
    }

    /** A scalar constant (shape []). */
    public static Tensor scalar(float v) {
        return of(new float[] {v});
    }

    /** The backing array (shared, not copied): mutating it is an in-place change. */
    public float[] data() {
        return data;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int dim(int axis) {
        return shape[axis < 0 ? shape.length + axis : axis];
    }

    public int rank() {
        return shape.length;
    }

    public int size() {
        return data.length;
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** The accumulated gradient, or null before backward reached this tensor. */
    public float[] grad() {
        return grad;
    }

    /** Clears the gradient (call between steps on parameters). */
    public void zeroGradInPlace() {
        if (grad != null) {
            Arrays.fill(grad, 0f);
        }
    }

    /** The single value of a one-element tensor. */
    public float item() {
        if (data.length != 1) {
            throw new IllegalStateException("item() needs one element, shape is " + Arrays.toString(shape));
        }
        return data[0];
    }

    public Op op() {
        return op;
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape) + "(" + op + ")";
    }
}
