package io.github.superpose.sim;

/**
 * Importance vectors I (length n): how much each feature's squared error counts.
 *
 * <pre>float[] imp = Importance.geometric(20, 0.7);   // 0.7^i, i from 0</pre>
 */
public final class Importance {
    private Importance() {}

    /** base^i for i = 0..n−1 (the paper's 0.9^i, 0.7^i). */
    public static float[] geometric(int n, double base) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) Math.pow(base, i);
        }
        return out;
    }

    /** Log-spaced from 1 down to {@code last}: last^(i/(n−1)) (the notebook's 100^(−i/(n−1)) with last = 0.01). */
    public static float[] logSpaced(int n, double last) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = n == 1 ? 1f : (float) Math.pow(last, (double) i / (n - 1));
        }
        return out;
    }

    public static float[] uniform(int n) {
        float[] out = new float[n];
        java.util.Arrays.fill(out, 1f);
        return out;
    }

    /** An explicit list, checked for length and positivity. */
    public static float[] explicit(int n, double[] values) {
        if (values.length != n) {
            throw new IllegalArgumentException("importance list has " + values.length + " values, expected " + n);
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            if (!(values[i] > 0)) {
                throw new IllegalArgumentException("importance must be > 0, got " + values[i] + " at index " + i);
            }
            out[i] = (float) values[i];
        }
        return out;
    }
}
