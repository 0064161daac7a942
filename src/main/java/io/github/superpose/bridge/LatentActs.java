package io.github.superpose.bridge;

import io.github.superpose.core.WorkerPool;
import java.util.Arrays;

/**
 * An SAE's latent activations f on the rows of an {@link ActivationSet}, kept sparse (compressed
 * rows: each row's non-zero latents and values), since a sparse autoencoder has few latents active
 * per row and the dense [rows, d_sae] matrix of a real corpus would not fit in memory.
 *
 * <pre>LatentActs f = LatentActs.encode(sae, acts, maxRows, workers, progress); float v = f.get(row, latent);</pre>
 */
final class LatentActs {
    /** Rows encoded per call, so only [CHUNK, d_sae] is ever dense. */
    private static final int CHUNK = 2048;

    final int rows;
    final int dSae;
    final int[] rowStart;
    final int[] latent;
    final float[] value;

    private LatentActs(int rows, int dSae, int[] rowStart, int[] latent, float[] value) {
        this.rows = rows;
        this.dSae = dSae;
        this.rowStart = rowStart;
        this.latent = latent;
        this.value = value;
    }

    /**
     * Encodes the first rows of {@code a}, at most {@code maxRows} and ending at a sequence boundary
     * (a whole first sequence when it alone is longer); later rows read as 0.
     */
    static LatentActs encode(
            SparseAutoencoder sae, ActivationSet a, int maxRows, WorkerPool workers, ProgressListener progress) {
        int d = a.dim();
        int ds = sae.config().dSae();
        int n0 = Math.min(a.rows(), maxRows);
        while (n0 < a.rows() && n0 > 0 && a.sequence()[n0] == a.sequence()[n0 - 1]) {
            n0--;
        }
        if (n0 == 0) {
            n0 = 1;
            while (n0 < a.rows() && a.sequence()[n0] == a.sequence()[0]) {
                n0++;
            }
        }
        final int rows = n0;
        int[] rowStart = new int[rows + 1];
        int[] idx = new int[Math.max(16, rows * 8)];
        float[] val = new float[idx.length];
        int nnz = 0;
        PackedLinear encoder = sae.packedEncoder();
        for (int r0 = 0; r0 < rows; r0 += CHUNK) {
            int n = Math.min(CHUNK, rows - r0);
            float[] f = sae.encode(Arrays.copyOfRange(a.acts(), r0 * d, (r0 + n) * d), n, encoder, workers);
            for (int i = 0; i < n; i++) {
                rowStart[r0 + i] = nnz;
                for (int j = 0, o = i * ds; j < ds; j++) {
                    if (f[o + j] > 0f) {
                        if (nnz == idx.length) {
                            idx = Arrays.copyOf(idx, idx.length * 2);
                            val = Arrays.copyOf(val, val.length * 2);
                        }
                        idx[nnz] = j;
                        val[nnz++] = f[o + j];
                    }
                }
            }
            progress.update("latents", r0 + n, rows);
        }
        rowStart[rows] = nnz;
        return new LatentActs(rows, ds, rowStart, Arrays.copyOf(idx, nnz), Arrays.copyOf(val, nnz));
    }

    /** f[row, j]: 0 when the latent is not active on the row. */
    float get(int row, int j) {
        if (row >= rows) {
            return 0f;
        }
        int at = Arrays.binarySearch(latent, rowStart[row], rowStart[row + 1], j);
        return at >= 0 ? value[at] : 0f;
    }

    /** Per latent: firing rate, mean, max and excess kurtosis over the encoded rows (zeros included). */
    record Moments(double[] firing, double[] mean, float[] max, double[] kurtosis) {}

    Moments moments() {
        double[] s1 = new double[dSae];
        double[] s2 = new double[dSae];
        double[] s3 = new double[dSae];
        double[] s4 = new double[dSae];
        long[] fires = new long[dSae];
        float[] max = new float[dSae];
        for (int i = 0; i < latent.length; i++) {
            int j = latent[i];
            double v = value[i];
            fires[j]++;
            s1[j] += v;
            s2[j] += v * v;
            s3[j] += v * v * v;
            s4[j] += v * v * v * v;
            max[j] = Math.max(max[j], value[i]);
        }
        double[] firing = new double[dSae];
        double[] mean = new double[dSae];
        double[] kurt = new double[dSae];
        for (int j = 0; j < dSae; j++) {
            double m = s1[j] / rows;
            double e2 = s2[j] / rows;
            double e3 = s3[j] / rows;
            double e4 = s4[j] / rows;
            // central moments from raw ones (the zeros contribute nothing to the raw sums)
            double m2 = e2 - m * m;
            double m4 = e4 - 4 * m * e3 + 6 * m * m * e2 - 3 * m * m * m * m;
            firing[j] = (double) fires[j] / rows;
            mean[j] = m;
            kurt[j] = m2 > 0 ? m4 / (m2 * m2) - 3 : Double.NaN;
        }
        return new Moments(firing, mean, max, kurt);
    }

    /** Feeds every non-zero f[row, j] to {@code scan}, rows in order. */
    void scan(UnitScan scan) {
        for (int r = 0; r < rows; r++) {
            for (int i = rowStart[r]; i < rowStart[r + 1]; i++) {
                scan.add(r, latent[i], value[i]);
            }
        }
    }
}
