package io.github.superpose.sim.fast;

/**
 * Finds, for a hidden vector h, every feature j whose ReLU-output pre-activation w_j·h + b_j can
 * be positive, without visiting the others: the exact pruning behind {@link DatasetKernel}.
 *
 * <p>With τ_j = −b_j/‖w_j‖ (for b_j ≤ 0), w_j·h + b_j ≤ ‖w_j‖(‖h‖ cos∠(w_j, h) − τ_j), so a
 * feature can fire only when τ_j &lt; ‖h‖·cos∠. Features are grouped by direction into angular
 * sectors (m = 2; one sector for other m, where the bound is Cauchy–Schwarz) and sorted by τ
 * within each: for a point in sector p, sector s holds candidates only in its prefix with
 * τ &lt; ‖h‖·c(p, s), where c(p, s) is the cosine of the smallest angle between the two
 * sectors. Sectors are visited in decreasing c and the walk stops when ‖h‖·c falls below the
 * smallest τ. Features with b_j &gt; 0 ("always" features) fire at every h except where
 * w_j·h ≤ −b_j, i.e. ρ_j = b_j/‖w_j‖ ≤ ‖h‖·cos∠(w_j, −h): the kernel counts them as firing
 * for every point through moments and subtracts the pairs that do not fire, found by the same
 * sector walk around −h over their own sectors sorted by ρ. Features with w_j = 0 and
 * b_j ≤ 0 never fire. The bounds carry a relative margin, so a skipped pair's status is right
 * also after float rounding.
 *
 * <pre>idx.build(W, 0, b, 0); int p = idx.sectorOf(h0, h1);</pre>
 */
final class SectorIndex {
    /** Sectors of the circle for m = 2 (equal in "diamond angle", a cheap monotone angle). */
    static final int SECTORS_2D = 48;
    /** Relative slack on every bound, far above float rounding of a dot product of a few terms. */
    private static final float MARGIN = 1e-4f;

    private static final int INDEX_BITS = 15;
    private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;
    private static final int TAU_SHIFT = INDEX_BITS;
    private static final int SECTOR_SHIFT = INDEX_BITS + 31;

    private final int n;
    private final int m;
    private final int sectors;
    /** Visit order per point sector: sector ids in decreasing c, and c (with margin) for each. */
    private final int[][] visit;

    private final float[][] visitCos;
    /**
     * Packed (sector, key bits, feature) in sorted order. Sectors 0..S−1: b ≤ 0 by angle, key τ;
     * S..2S−1: b &gt; 0 by angle, key ρ; 2S: b &gt; 0 with w = 0; 2S+1: never firing.
     */
    private final long[] packed;

    final int[] feature;
    final float[] tau;
    /**
     * W's rows, b and the importance in sorted order ({@code sw[k·m + d] = W[feature[k]][d]}), so
     * that a walk over a sector's prefix reads memory in sequence instead of at random.
     */
    final float[] sw;

    final float[] sb;
    final float[] simp;
    final int[] sectorStart;
    float minTau;
    float minRho;
    /** Σ_{b_j > 0} I_j w_j w_jᵀ [m·m] and Σ_{b_j > 0} I_j b_j w_j [m]: the always features as one linear map. */
    final double[] wAw;

    final double[] bAw;
    private boolean sorted;

    SectorIndex(int n, int m) {
        if (n > INDEX_MASK + 1) {
            throw new IllegalArgumentException("at most " + (INDEX_MASK + 1) + " features, got " + n);
        }
        this.n = n;
        this.m = m;
        this.sectors = m == 2 ? SECTORS_2D : 1;
        this.packed = new long[n];
        this.feature = new int[n];
        this.tau = new float[n];
        this.sw = new float[n * m];
        this.sb = new float[n];
        this.simp = new float[n];
        this.sectorStart = new int[2 * sectors + 3];
        this.wAw = new double[m * m];
        this.bAw = new double[m];
        this.visit = new int[sectors][];
        this.visitCos = new float[sectors][];
        buildVisits();
    }

    int sectors() {
        return sectors;
    }

    /** Positions of the features with b_j &gt; 0 (all of them, w = 0 included). */
    int alwaysStart() {
        return sectorStart[sectors];
    }

    int alwaysEnd() {
        return sectorStart[2 * sectors + 1];
    }

    int[] visit(int p) {
        return visit[p];
    }

    float[] visitCos(int p) {
        return visitCos[p];
    }

    /** Re-sorts the features for weights W [n, m] at wOff, biases b [n] at bOff, importance at impOff. */
    void build(float[] w, int wOff, float[] b, int bOff, float[] imp, int impOff) {
        java.util.Arrays.fill(wAw, 0);
        java.util.Arrays.fill(bAw, 0);
        for (int j = 0; j < n; j++) {
            int o = wOff + j * m;
            float sq = 0f;
            float x = w[o];
            float y = m > 1 ? w[o + 1] : 0f;
            for (int d = 0; d < m; d++) {
                sq += w[o + d] * w[o + d];
            }
            float norm = (float) Math.sqrt(sq);
            float bj = b[bOff + j];
            long sector;
            float t = 0f;
            if (bj > 0f) {
                double ij = imp[impOff + j];
                for (int a = 0; a < m; a++) {
                    bAw[a] += ij * bj * w[o + a];
                    for (int c = 0; c < m; c++) {
                        wAw[a * m + c] += ij * w[o + a] * w[o + c];
                    }
                }
                if (norm > 0f) {
                    t = bj / norm;
                    sector = sectors + (sectors == 1 ? 0 : sectorOf(x, y));
                } else {
                    sector = 2L * sectors;
                }
            } else if (!(norm > 0f)) {
                sector = 2L * sectors + 1;
            } else {
                t = bj == 0f ? 0f : -bj / norm;
                sector = sectors == 1 ? 0 : sectorOf(x, y);
            }
            long bits = Float.floatToIntBits(t) & 0x7FFFFFFFL;
            // the previous order is kept so that a slowly moving model re-sorts in near-linear time
            int slot = sorted ? positionOf(j) : j;
            packed[slot] = sector << SECTOR_SHIFT | bits << TAU_SHIFT | j;
        }
        sortNearlySorted();
        sorted = true;
        int s = 0;
        java.util.Arrays.fill(sectorStart, 0);
        float min = Float.POSITIVE_INFINITY;
        float minA = Float.POSITIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            long v = packed[k];
            int sec = (int) (v >>> SECTOR_SHIFT);
            while (s < sec) {
                sectorStart[++s] = k;
            }
            int j = (int) (v & INDEX_MASK);
            feature[k] = j;
            tau[k] = Float.intBitsToFloat((int) ((v >>> TAU_SHIFT) & 0x7FFFFFFFL));
            System.arraycopy(w, wOff + j * m, sw, k * m, m);
            sb[k] = b[bOff + j];
            simp[k] = imp[impOff + j];
            if (sec < sectors && tau[k] < min) {
                min = tau[k];
            }
            if (sec >= sectors && sec < 2 * sectors && tau[k] < minA) {
                minA = tau[k];
            }
        }
        while (s < 2 * sectors + 2) {
            sectorStart[++s] = n;
        }
        minTau = min;
        minRho = minA;
    }

    /** Where feature j sits in the sorted order of the last build. */
    int positionOf(int j) {
        return inverse[j];
    }

    private final int[] inverse = new int[0x8000];

    private void sortNearlySorted() {
        long budget = 16L * n;
        long moves = 0;
        for (int i = 1; i < n && moves <= budget; i++) {
            long v = packed[i];
            int k = i - 1;
            while (k >= 0 && packed[k] > v) {
                packed[k + 1] = packed[k];
                k--;
                moves++;
            }
            packed[k + 1] = v;
        }
        if (moves > budget) {
            java.util.Arrays.sort(packed);
        }
        for (int k = 0; k < n; k++) {
            inverse[(int) (packed[k] & INDEX_MASK)] = k;
        }
    }

    /** Sector of direction (x, y) for m = 2; 0 when there is a single sector. */
    int sectorOf(float x, float y) {
        if (sectors == 1) {
            return 0;
        }
        int s = (int) (diamond(x, y) * (sectors / 4f));
        return Math.min(sectors - 1, Math.max(0, s));
    }

    /** A monotone stand-in for the angle of (x, y): 0 at +x, 1 at +y, 2 at −x, 3 at −y, in [0, 4). */
    static float diamond(float x, float y) {
        if (y >= 0f) {
            return x >= 0f ? y / (x + y) : 1f + -x / (-x + y);
        }
        return x < 0f ? 2f + -y / (-x - y) : 3f + x / (x - y);
    }

    /** The true angle of a diamond value d in [0, 4]. */
    static double angleOf(double d) {
        int q = (int) Math.min(3, Math.floor(d));
        double f = d - q;
        return q * Math.PI / 2 + Math.atan2(f, 1 - f);
    }

    private void buildVisits() {
        double[] edge = new double[sectors + 1];
        for (int s = 0; s <= sectors; s++) {
            edge[s] = angleOf(4.0 * s / sectors);
        }
        for (int p = 0; p < sectors; p++) {
            Integer[] ids = new Integer[sectors];
            double[] c = new double[sectors];
            for (int s = 0; s < sectors; s++) {
                ids[s] = s;
                c[s] = sectors == 1 ? 1.0 : cosBound(edge, p, s);
            }
            java.util.Arrays.sort(ids, (a, bb) -> Double.compare(c[bb], c[a]));
            visit[p] = new int[sectors];
            visitCos[p] = new float[sectors];
            for (int k = 0; k < sectors; k++) {
                visit[p][k] = ids[k];
                visitCos[p][k] = (float) c[ids[k]];
            }
        }
    }

    /** cos of the smallest angle between directions of sectors p and s, rounded up (1 when they touch). */
    private double cosBound(double[] edge, int p, int s) {
        int sep = Math.floorMod(s - p, sectors);
        if (sep <= 1 || sep >= sectors - 1) {
            return 1.0;
        }
        double twoPi = 2 * Math.PI;
        double forward = Math.floorMod(s - p, sectors) == 0 ? 0 : mod(edge[s] - edge[p + 1], twoPi);
        double backward = mod(edge[p] - edge[s + 1], twoPi);
        // a direction rounded into the neighbouring sector is off by far less than this slack
        double gap = Math.max(0, Math.min(forward, backward) - 1e-3);
        return Math.cos(Math.min(gap, Math.PI)) + MARGIN;
    }

    private static double mod(double a, double m) {
        double r = a % m;
        return r < 0 ? r + m : r;
    }

    /** The relative slack applied to ‖h‖ before comparing with τ. */
    static float slack() {
        return 1f + MARGIN;
    }
}
