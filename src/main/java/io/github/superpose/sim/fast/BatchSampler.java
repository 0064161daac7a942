package io.github.superpose.sim.fast;

import io.github.superpose.core.Rng;

/**
 * Draws one instance's batch as a sparse row list: sample s holds the active features
 * {@code feat[rowStart[s] .. rowStart[s+1])} with values {@code val[...]} in U[0,1).
 * Only active entries are generated: dense instances draw two values per 64-bit word, mid
 * densities one word per entry (24 bits for presence, 24 for the value), and low uniform
 * densities jump between active entries with geometric gaps over the flattened
 * {@code [batch, features]} index, so cost follows the number of non-zeros.
 */
final class BatchSampler {
    /** Below this density, geometric skipping is cheaper than one draw per entry. */
    static final float GEOMETRIC_BELOW = 0.15f;
    private static final float TO_UNIT = 0x1.0p-24f;

    private final Rng rng;
    private final int n;
    private final int batch;
    private final float[] density;
    private final boolean uniform;
    /** Feature f is active when the top 24 bits of a word are below threshold[f]. */
    private final int[] threshold;
    final int[] rowStart;
    int[] feat;
    /** Dense batches keep feat and rowStart fixed; only values are redrawn. */
    private boolean denseLayout;
    float[] val;

    /** @param density {@code [features]} for this instance */
    BatchSampler(Rng rng, int batch, float[] density) {
        this.rng = rng;
        this.n = density.length;
        this.batch = batch;
        this.density = density.clone();
        boolean same = true;
        for (float p : density) {
            same &= p == density[0];
        }
        this.uniform = same;
        this.threshold = new int[n];
        for (int f = 0; f < n; f++) {
            threshold[f] = (int) Math.ceil(density[f] * 16777216.0);
        }
        this.rowStart = new int[batch + 1];
        int guess = (int) Math.min((long) batch * n, (long) (batch * n * meanDensity()) + 64L * n + 64);
        this.feat = new int[guess];
        this.val = new float[guess];
    }

    double meanDensity() {
        double s = 0;
        for (float p : density) {
            s += p;
        }
        return s / n;
    }

    /** Draws the next batch into {@link #rowStart}, {@link #feat}, {@link #val}. */
    void sample() {
        if (uniform && density[0] >= 1f) {
            sampleDense();
        } else if (uniform && density[0] < GEOMETRIC_BELOW) {
            sampleGeometric(density[0]);
        } else {
            sampleBernoulli();
        }
    }

    private void sampleDense() {
        int total = batch * n;
        if (!denseLayout) {
            ensure(total);
            for (int s = 0, k = 0; s < batch; s++) {
                rowStart[s] = s * n;
                for (int f = 0; f < n; f++) {
                    feat[k++] = f;
                }
            }
            rowStart[batch] = total;
            denseLayout = true;
        }
        float[] v = val;
        int k = 0;
        for (; k + 1 < total; k += 2) {
            long r = rng.nextLong();
            v[k] = (r >>> 40) * TO_UNIT;
            v[k + 1] = ((r >>> 16) & 0xFFFFFF) * TO_UNIT;
        }
        if (k < total) {
            v[k] = rng.nextFloat();
        }
    }

    private void sampleBernoulli() {
        int k = 0;
        for (int s = 0; s < batch; s++) {
            rowStart[s] = k;
            ensure(k + n);
            int[] fe = feat;
            float[] va = val;
            for (int f = 0; f < n; f++) {
                long r = rng.nextLong();
                // branch-free: always write the slot, advance only when active. At mid densities
                // the presence test is a coin flip the branch predictor misses about half the time.
                fe[k] = f;
                va[k] = ((r >>> 16) & 0xFFFFFF) * TO_UNIT;
                k += ((int) (r >>> 40) - threshold[f]) >>> 31;
            }
        }
        rowStart[batch] = k;
    }

    private void sampleGeometric(float p) {
        int k = 0;
        int row = 0;
        int col = -1;
        rowStart[0] = 0;
        if (p > 0f) {
            double invLogQ = 1.0 / Math.log1p(-(double) p);
            while (true) {
                // gap = number of inactive entries before the next active one, Geometric(p)
                double u = 1.0 - rng.nextDouble();
                double gap = Math.log(u) * invLogQ;
                if (gap >= (double) batch * n) {
                    break;
                }
                col += 1 + (int) gap;
                if (col >= n) {
                    int rows = col / n;
                    col -= rows * n;
                    int target = row + rows;
                    if (target >= batch) {
                        break;
                    }
                    while (row < target) {
                        rowStart[++row] = k;
                    }
                }
                ensure(k + 1);
                feat[k] = col;
                val[k++] = rng.nextFloat();
            }
        }
        while (row < batch) {
            rowStart[++row] = k;
        }
        rowStart[batch] = k;
    }

    private void ensure(int size) {
        if (feat.length < size) {
            int cap = Math.max(size, feat.length * 2);
            feat = java.util.Arrays.copyOf(feat, cap);
            val = java.util.Arrays.copyOf(val, cap);
        }
    }
}
