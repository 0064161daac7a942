package io.github.superpose.plots;

/**
 * Argument checks shared by the finite-data figures: every message names the figure, the array
 * and the offending entry, so a caller can tell which of its measures went wrong.
 */
final class Inputs {

    private Inputs() {}

    /** {@code values} is non-empty; {@code figure} and {@code name} start the message. */
    static void nonEmpty(String figure, String name, int length) {
        if (length == 0) {
            throw new IllegalArgumentException(figure + ": " + name + " is empty; expected at least one value");
        }
    }

    /** Every entry finite and &gt; 0, as a log axis needs. */
    static void positive(String figure, String name, double[] values) {
        nonEmpty(figure, name, values.length);
        for (int k = 0; k < values.length; k++) {
            if (!(values[k] > 0) || Double.isInfinite(values[k])) {
                throw new IllegalArgumentException(figure + ": " + name + "[" + k + "] is " + values[k]
                        + "; expected a finite value > 0 (log scale)");
            }
        }
    }

    /**
     * {@code values[T][replicates]}: one row per T, each row non-empty, entries finite and ≥ 0
     * (zeros are left off a log axis, NaN means a measure failed and is refused).
     */
    static void perSize(String figure, String name, double[][] values, int sizes) {
        if (values.length != sizes) {
            throw new IllegalArgumentException(figure + ": " + name + " needs one row per training-set size, got "
                    + values.length + " rows for " + sizes + " sizes");
        }
        for (int t = 0; t < values.length; t++) {
            nonEmpty(figure, name + "[" + t + "]", values[t].length);
            for (int r = 0; r < values[t].length; r++) {
                double v = values[t][r];
                if (!(v >= 0) || Double.isInfinite(v)) {
                    throw new IllegalArgumentException(
                            figure + ": " + name + "[" + t + "][" + r + "] is " + v + "; expected a finite value >= 0");
                }
            }
        }
    }

    /** {@code rows[k][2]}: a 2-D vector per row, finite entries. */
    static void twoD(String figure, String name, double[][] rows) {
        for (int k = 0; k < rows.length; k++) {
            if (rows[k].length != 2) {
                throw new IllegalArgumentException(figure + ": " + name + "[" + k + "] has " + rows[k].length
                        + " entries; the fan needs a 2-D hidden layer (m = 2)");
            }
            if (!Double.isFinite(rows[k][0]) || !Double.isFinite(rows[k][1])) {
                throw new IllegalArgumentException(figure + ": " + name + "[" + k + "] is not finite");
            }
        }
    }

    /** One column per value: a wrapper so one-replicate callers need not build [T][1]. */
    static double[][] column(double[] values) {
        double[][] out = new double[values.length][];
        for (int k = 0; k < values.length; k++) {
            out[k] = new double[] {values[k]};
        }
        return out;
    }
}
