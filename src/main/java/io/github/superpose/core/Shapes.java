package io.github.superpose.core;

import java.util.Arrays;

/** Shape arithmetic: sizes, numpy-style broadcasting, and checks whose messages name both shapes. */
public final class Shapes {
    private Shapes() {}

    public static int size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has too many elements");
            }
        }
        return (int) n;
    }

    /** The broadcast shape of {@code a} and {@code b} (right-aligned, 1 stretches). */
    public static int[] broadcast(int[] a, int[] b) {
        int r = Math.max(a.length, b.length);
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i < r - a.length ? 1 : a[i - (r - a.length)];
            int db = i < r - b.length ? 1 : b[i - (r - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(
                        "shapes " + Arrays.toString(a) + " and " + Arrays.toString(b) + " do not broadcast");
            }
            out[i] = Math.max(da, db);
        }
        return out;
    }

    /** Row-major strides of {@code shape} aligned to {@code rank} dims, with 0 where the dim broadcasts. */
    static int[] broadcastStrides(int[] shape, int[] outShape) {
        int r = outShape.length;
        int[] strides = new int[r];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            int oi = i + r - shape.length;
            strides[oi] = shape[i] == 1 && outShape[oi] != 1 ? 0 : s;
            s *= shape[i];
        }
        return strides;
    }

    /** Fails with a message naming both shapes unless they are equal. */
    public static void requireSame(String what, int[] expected, int[] actual) {
        if (!Arrays.equals(expected, actual)) {
            throw new IllegalArgumentException(
                    what + ": expected shape " + Arrays.toString(expected) + ", got " + Arrays.toString(actual));
        }
    }

    static int normAxis(int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException("axis " + axis + " out of range for rank " + rank);
        }
        return a;
    }
}
