package io.github.superpose.metrics;

/**
 * Dimensionality of rows of a matrix, D_k = ‖r_k‖⁴ / Σ_j (r_k·r_j)²: the paper's feature
 * dimensionality D_i when the rows are the features' embeddings w_i, and Henighan et al.'s
 * (2023) data-point dimensionality D_t when they are training points' hidden vectors h_t = W x_t.
 * Computed through the m × m second-moment matrix M = Σ_j r_j r_jᵀ (Σ_j (r_k·r_j)² = r_kᵀ M r_k),
 * so it costs rows · m² instead of the rows² of a Gram matrix: 100,000 hidden vectors are cheap.
 *
 * <pre>double[] dPoints = PointDimensionality.of(hidden);   // hidden is [T][m]</pre>
 */
public final class PointDimensionality {
    private PointDimensionality() {}

    /** D_k for every row; 0 for a zero row. */
    public static double[] of(double[][] rows) {
        int count = rows.length;
        int m = count == 0 ? 0 : rows[0].length;
        double[][] second = new double[m][m];
        for (double[] r : rows) {
            for (int a = 0; a < m; a++) {
                for (int b = 0; b < m; b++) {
                    second[a][b] += r[a] * r[b];
                }
            }
        }
        double[] out = new double[count];
        for (int k = 0; k < count; k++) {
            double[] r = rows[k];
            double sq = 0;
            double quad = 0;
            for (int a = 0; a < m; a++) {
                sq += r[a] * r[a];
                double s = 0;
                for (int b = 0; b < m; b++) {
                    s += second[a][b] * r[b];
                }
                quad += r[a] * s;
            }
            out[k] = quad > 0 ? sq * sq / quad : 0.0;
        }
        return out;
    }

    /**
     * Σ_k ‖r_k‖² D_k / Σ_k ‖r_k‖²: the mean dimensionality weighted by squared norm, so rows the
     * model barely uses (a feature left at its small initial weights, a point mapped near 0) count
     * for little. 0 when every row is zero.
     */
    public static double weightedMean(double[][] rows, double[] d) {
        double num = 0;
        double den = 0;
        for (int k = 0; k < rows.length; k++) {
            double sq = 0;
            for (double v : rows[k]) {
                sq += v * v;
            }
            num += sq * d[k];
            den += sq;
        }
        return den > 0 ? num / den : 0.0;
    }

    /** The plain mean of d over the rows whose norm exceeds {@code minNorm}; NaN when none does. */
    public static double meanAbove(double[][] rows, double[] d, double minNorm) {
        double s = 0;
        int c = 0;
        for (int k = 0; k < rows.length; k++) {
            double sq = 0;
            for (double v : rows[k]) {
                sq += v * v;
            }
            if (Math.sqrt(sq) > minNorm) {
                s += d[k];
                c++;
            }
        }
        return c == 0 ? Double.NaN : s / c;
    }
}
