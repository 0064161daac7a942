package io.github.superpose.sim.fast;

import io.github.superpose.core.Rng;

/**
 * Draws one instance's batch as a sparse row list: sample s holds the active features
 * {@code feat[rowStart[s] .. rowStart[s+1])} with values {@code val[...]} in U[0,1).
 * Only active entries are generated: dense instances draw two values per 64-bit word, uniform
 * densities below {@link #GEOMETRIC_BELOW} jump between active entries with geometric gaps over
 * the flattened {@code [batch, features]} index (cost follows the number of non-zeros), and
 * other densities draw one word per entry (24 bits for presence, 24 for the value).
 *
 * <p>A geometric gap and the entry's value come from one 64-bit word: the top 24 bits are the
 * value, the next 8 pick a column of an alias table over the gaps 0 .. {@code TAIL - 1} and
 * the tail "gap ≥ TAIL", and the low 32 bits decide between the column and its alias. A tail
 * gap is TAIL plus a fresh Geometric(p) by inversion (the geometric law is memoryless), so the
 * gaps follow Geometric(p) exactly up to the 32-bit table resolution.
 */
public final class BatchSampler {
    /** Below this density, geometric skipping is cheaper than one draw per entry. */
    static final float GEOMETRIC_BELOW = 0.5f;
    /** Alias-table columns (8 bits of a word); the last column stands for every gap ≥ TAIL. */
    private static final int COLUMNS = 256;

    private static final int TAIL = COLUMNS - 1;
    private static final float TO_UNIT = 0x1.0p-24f;

    private final Rng rng;
    private final int n;
    private final int batch;
    private final float[] density;
    private final boolean uniform;
    private final boolean signed;
    private final FeatureSets sets;
    /** Feature f is active when the top 24 bits of a word are below threshold[f]. */
    private final int[] threshold;
    /** Geometric alias table: column c is gap c when the low 32 bits are below cut[c], else alias[c]. */
    private final long[] cut;

    private final int[] alias;
    final int[] rowStart;
    int[] feat;
    /** Dense batches keep feat and rowStart fixed; only values are redrawn. */
    private boolean denseLayout;

    float[] val;

    private long draws;

    /** @param density {@code [features]} for this instance */
    BatchSampler(Rng rng, int batch, float[] density) {
        this(rng, batch, density, false);
    }

    /** @param signed active values are 2u − 1, u in U[0,1) (exact in float), as SparseUniform's signed inputs */
    BatchSampler(Rng rng, int batch, float[] density, boolean signed) {
        this(rng, batch, density, signed, null);
    }

    /**
     * @param sets pairs drawn together ahead of the independent features (null: all independent);
     *             a pair's presence uses the density of its first member
     */
    BatchSampler(Rng rng, int batch, float[] density, boolean signed, FeatureSets sets) {
        this.sets = sets;
        this.signed = signed;
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
        if (uniform && density[0] > 0f && density[0] < GEOMETRIC_BELOW) {
            this.cut = new long[COLUMNS];
            this.alias = new int[COLUMNS];
            buildAlias(density[0], cut, alias);
        } else {
            this.cut = null;
            this.alias = null;
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

    /**
     * One batch of one instance as a dense {@code [batch, features]} array: the draws the fused
     * kernels see, for the tape engine and evaluation batches. Advances {@code rng} exactly as
     * the fused path's sampler does, so both engines train on the same batches.
     *
     * @param sets pairs ahead of the independent features, or null
     */
    public static void drawDense(Rng rng, int batch, float[] density, boolean signed, FeatureSets sets, float[] out) {
        BatchSampler s = new BatchSampler(rng, batch, density, signed, sets);
        s.sample();
        int n = density.length;
        java.util.Arrays.fill(out, 0, batch * n, 0f);
        for (int r = 0; r < batch; r++) {
            for (int e = s.rowStart[r]; e < s.rowStart[r + 1]; e++) {
                out[r * n + s.feat[e]] = s.val[e];
            }
        }
    }

    /** Batches drawn so far: a kernel that lays out a batch once can tell a new one from it. */
    long draws() {
        return draws;
    }

    /** Draws the next batch into {@link #rowStart}, {@link #feat}, {@link #val}. */
    void sample() {
        draws++;
        if (sets != null) {
            sampleSets();
        } else if (uniform && density[0] >= 1f) {
            sampleDense();
        } else if (uniform && density[0] < GEOMETRIC_BELOW) {
            sampleGeometric(density[0]);
        } else {
            sampleBernoulli();
        }
        if (signed) {
            float[] v = val;
            for (int k = 0, e = rowStart[batch]; k < e; k++) {
                v[k] = 2f * v[k] - 1f;
            }
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
        long w0 = rng.stateWord0();
        long w1 = rng.stateWord1();
        for (int s = 0; s < batch; s++) {
            rowStart[s] = k;
            ensure(k + n);
            int[] fe = feat;
            float[] va = val;
            for (int f = 0; f < n; f++) {
                long r = Rng.next0(w0, w1);
                long t0 = Rng.step0(w0, w1);
                w1 = Rng.step1(w0, w1);
                w0 = t0;
                // branch-free: always write the slot, advance only when active. At mid densities
                // the presence test is a coin flip the branch predictor misses about half the time.
                fe[k] = f;
                va[k] = ((r >>> 16) & 0xFFFFFF) * TO_UNIT;
                k += ((int) (r >>> 40) - threshold[f]) >>> 31;
            }
        }
        rng.setState(w0, w1);
        rowStart[batch] = k;
    }

    /**
     * Pairs first, then independent features, one word per pair or feature: the top 24 bits
     * decide presence, the next 24 are a value, bit 15 picks an anticorrelated pair's member;
     * a correlated pair's second value takes a second word, drawn only when the pair is active.
     */
    private void sampleSets() {
        int cp = sets.correlatedPairs();
        int ap = sets.anticorrelatedPairs();
        int paired = sets.pairedFeatures();
        int pairThreshold = (int) Math.min(16777216L, (long)
                Math.ceil(Math.min(1.0, (double) density[0] * sets.pairScale()) * 16777216.0));
        int k = 0;
        for (int s = 0; s < batch; s++) {
            rowStart[s] = k;
            ensure(k + n);
            int[] fe = feat;
            float[] va = val;
            int f = 0;
            for (int c = 0; c < cp; c++, f += 2) {
                long r = rng.nextLong();
                if ((int) (r >>> 40) < threshold[f]) {
                    fe[k] = f;
                    va[k++] = ((r >>> 16) & 0xFFFFFF) * TO_UNIT;
                    fe[k] = f + 1;
                    va[k++] = (rng.nextLong() >>> 40) * TO_UNIT;
                }
            }
            for (int c = 0; c < ap; c++, f += 2) {
                long r = rng.nextLong();
                fe[k] = f + (int) ((r >>> 15) & 1);
                va[k] = ((r >>> 16) & 0xFFFFFF) * TO_UNIT;
                k += ((int) (r >>> 40) - pairThreshold) >>> 31;
            }
            for (f = paired; f < n; f++) {
                long r = rng.nextLong();
                fe[k] = f;
                va[k] = ((r >>> 16) & 0xFFFFFF) * TO_UNIT;
                k += ((int) (r >>> 40) - threshold[f]) >>> 31;
            }
        }
        rowStart[batch] = k;
    }

    private void sampleGeometric(float p) {
        long total = (long) batch * n;
        if (p > 0f && total < Integer.MAX_VALUE / 2) {
            sampleGeometricFlat(p, (int) total);
            return;
        }
        int k = 0;
        int row = 0;
        int col = -1;
        rowStart[0] = 0;
        if (p > 0f) {
            double invLogQ = 1.0 / Math.log1p(-(double) p);
            draws:
            while (true) {
                long r = rng.nextLong();
                int c = (int) (r >>> 32) & (COLUMNS - 1);
                int gap = (r & 0xFFFFFFFFL) < cut[c] ? c : alias[c];
                if (gap == TAIL) {
                    // gap = TAIL + Geometric(p) by inversion
                    double extra = Math.log(1.0 - rng.nextDouble()) * invLogQ;
                    if (extra >= total) {
                        break draws;
                    }
                    gap += (int) extra;
                }
                col += 1 + gap;
                while (col >= n) {
                    col -= n;
                    if (++row == batch) {
                        break draws;
                    }
                    rowStart[row] = k;
                }
                ensure(k + 1);
                feat[k] = col;
                val[k++] = (r >>> 40) * TO_UNIT;
            }
        }
        while (row < batch) {
            rowStart[++row] = k;
        }
        rowStart[batch] = k;
    }

    /**
     * The same draws as the row-stepping loop, for batches whose flat index fits an int: each
     * entry's row comes from its flat index by a multiplication (corrected to the exact
     * quotient) and is counted, and rowStart is the prefix sum of the counts afterwards. With no
     * data-dependent branch per entry this is several times faster at mid densities, where
     * stepping row by row mispredicts.
     */
    private void sampleGeometricFlat(float p, int total) {
        double invLogQ = 1.0 / Math.log1p(-(double) p);
        double invN = 1.0 / n;
        // rowStart[row + 1] is first set to one past the row's last entry (plain stores: a count
        // per row would chain each entry to the previous one through memory), then filled forward
        int[] end = rowStart;
        java.util.Arrays.fill(end, 0);
        int k = 0;
        int idx = -1;
        // the generator runs on local state words (its field updates would chain every draw
        // through memory); they are stored back before a tail draw and at the end
        long w0 = rng.stateWord0();
        long w1 = rng.stateWord1();
        while (true) {
            long r = Rng.next0(w0, w1);
            long t0 = Rng.step0(w0, w1);
            w1 = Rng.step1(w0, w1);
            w0 = t0;
            int c = (int) (r >>> 32) & (COLUMNS - 1);
            // column c when the low 32 bits fall below its cut, else its alias, without a branch
            int keep = (int) (((r & 0xFFFFFFFFL) - cut[c]) >> 63);
            int gap = alias[c] ^ ((alias[c] ^ c) & keep);
            if (gap == TAIL) {
                rng.setState(w0, w1);
                double extra = Math.log(1.0 - rng.nextDouble()) * invLogQ;
                w0 = rng.stateWord0();
                w1 = rng.stateWord1();
                if (extra >= total) {
                    break;
                }
                gap += (int) extra;
            }
            idx += 1 + gap;
            if (idx >= total || idx < 0) {
                break;
            }
            int row = (int) (idx * invN);
            row += (idx - row * n) >= n ? 1 : 0;
            row -= (idx - row * n) < 0 ? 1 : 0;
            if (k >= feat.length) {
                ensure(k + 1);
            }
            feat[k] = idx - row * n;
            val[k++] = (r >>> 40) * TO_UNIT;
            end[row + 1] = k;
        }
        rng.setState(w0, w1);
        for (int s = 0; s < batch; s++) {
            end[s + 1] = Math.max(end[s + 1], end[s]);
        }
    }

    /**
     * Vose's alias table for P(gap = g) = p·q^g (g < TAIL) and P(tail) = q^TAIL, q = 1 − p;
     * cut[c] is the probability of keeping column c, scaled to 2^32.
     */
    private static void buildAlias(double p, long[] cut, int[] alias) {
        double q = 1.0 - p;
        double[] scaled = new double[COLUMNS];
        for (int g = 0; g < TAIL; g++) {
            scaled[g] = p * Math.pow(q, g) * COLUMNS;
        }
        scaled[TAIL] = Math.pow(q, TAIL) * COLUMNS;
        int[] small = new int[COLUMNS];
        int[] large = new int[COLUMNS];
        int ns = 0;
        int nl = 0;
        for (int c = 0; c < COLUMNS; c++) {
            alias[c] = c;
            if (scaled[c] < 1.0) {
                small[ns++] = c;
            } else {
                large[nl++] = c;
            }
        }
        while (ns > 0 && nl > 0) {
            int s = small[--ns];
            int l = large[--nl];
            cut[s] = Math.round(scaled[s] * 0x1.0p32);
            alias[s] = l;
            scaled[l] -= 1.0 - scaled[s];
            if (scaled[l] < 1.0) {
                small[ns++] = l;
            } else {
                large[nl++] = l;
            }
        }
        // leftovers hold probability 1 up to rounding
        while (nl > 0) {
            cut[large[--nl]] = 1L << 32;
        }
        while (ns > 0) {
            cut[small[--ns]] = 1L << 32;
        }
    }

    private void ensure(int size) {
        if (feat.length < size) {
            int cap = Math.max(size, feat.length * 2);
            feat = java.util.Arrays.copyOf(feat, cap);
            val = java.util.Arrays.copyOf(val, cap);
        }
    }
}
