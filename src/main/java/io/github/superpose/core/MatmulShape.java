package io.github.superpose.core;

import java.util.Arrays;

/** Shape rule of {@link Tape#matmul}: returns {batch (0 when both are rank 2), m, k, n}. */
final class MatmulShape {
    private MatmulShape() {}

    static int[] of(int[] a, int[] b) {
        if (a.length < 2 || a.length > 3 || b.length < 2 || b.length > 3) {
            throw new IllegalArgumentException(
                    "matmul takes rank-2 or rank-3 tensors, got " + Arrays.toString(a) + " and " + Arrays.toString(b));
        }
        int m = a[a.length - 2];
        int k = a[a.length - 1];
        int kb = b[b.length - 2];
        int n = b[b.length - 1];
        if (k != kb) {
            throw new IllegalArgumentException(
                    "matmul inner dimensions differ: " + Arrays.toString(a) + " · " + Arrays.toString(b));
        }
        int batch = 0;
        if (a.length == 3 && b.length == 3 && a[0] != b[0]) {
            throw new IllegalArgumentException(
                    "matmul instance axes differ: " + Arrays.toString(a) + " · " + Arrays.toString(b));
        }
        if (a.length == 3) {
            batch = a[0];
        } else if (b.length == 3) {
            batch = b[0];
        }
        return new int[] {batch, m, k, n};
    }
}
