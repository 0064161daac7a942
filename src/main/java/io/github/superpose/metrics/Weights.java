package io.github.superpose.metrics;

/**
 * Slices one instance out of the flat float arrays a trained model stores, and checks shapes,
 * so every metric can work on plain {@code double[][]} arrays of one instance.
 *
 * <pre>double[][] W = Weights.instance(flatW, 3, nFeatures, nHidden);</pre>
 */
public final class Weights {
    private Weights() {}

    /**
     * Instance {@code inst} of a flat embedding laid out {@code [instances, n, m]} row-major.
     *
     * <pre>double[][] W = Weights.instance(flatW, 0, 5, 2); // W[i] = feature i's vector</pre>
     *
     * @param W    flat weights of length instances·n·m
     * @param inst instance index
     * @param n    number of features
     * @param m    number of hidden dimensions
     * @return a new array of shape [n, m]
     */
    public static double[][] instance(float[] W, int inst, int n, int m) {
        checkSlice(W.length, inst, n * m, "W", "[instances, " + n + ", " + m + "]");
        double[][] out = new double[n][m];
        int base = inst * n * m;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < m; k++) {
                out[i][k] = W[base + i * m + k];
            }
        }
        return out;
    }

    /**
     * Instance {@code inst} of a flat bias laid out {@code [instances, n]}.
     *
     * <pre>double[] b = Weights.bias(flatB, 0, 5);</pre>
     *
     * @return a new array of shape [n]
     */
    public static double[] bias(float[] b, int inst, int n) {
        checkSlice(b.length, inst, n, "b", "[instances, " + n + "]");
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = b[inst * n + i];
        }
        return out;
    }

    /** Number of hidden dimensions m of W [n, m]; rejects ragged or empty arrays. */
    static int hiddenDim(double[][] W) {
        if (W.length == 0) {
            throw new IllegalArgumentException("W has no features: shape [0, ?]");
        }
        int m = W[0].length;
        for (int i = 1; i < W.length; i++) {
            if (W[i].length != m) {
                throw new IllegalArgumentException(
                        "W is ragged: row 0 has length " + m + " but row " + i + " has length " + W[i].length);
            }
        }
        return m;
    }

    /** Rejects a per-feature vector whose length differs from the feature count n. */
    static void checkLength(double[] v, int n, String name) {
        if (v.length != n) {
            throw new IllegalArgumentException(
                    name + " has shape [" + v.length + "] but W has " + n + " features: expected [" + n + "]");
        }
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }

    private static void checkSlice(int length, int inst, int per, String name, String shape) {
        if (inst < 0 || per < 0 || (long) (inst + 1) * per > length) {
            throw new IllegalArgumentException(
                    name + " of length " + length + " has no instance " + inst + " for shape " + shape);
        }
    }
}
