package io.github.superpose.sim.fast;

/**
 * Loss and gradients of the ReLU-output toy model x' = ReLU(WᵀW x + b) on sparse points, exact
 * and sparse: each point's hidden vector h = Σ x_a w_a costs its few active features, and of
 * the other features only those whose pre-activation w_j·h + b_j can be positive are visited
 * ({@link SectorIndex}); every other feature's output ReLU(·) is exactly zero, adding nothing to
 * the loss Σ_j I_j (x'_j − x_j)² or to its gradients. Features with a positive bias fire almost
 * everywhere early in training; they are summed for all points at once as a linear map (their
 * pre-activation is affine in h: the point side needs Σ I_j w_j w_jᵀ, the feature side the
 * moments Σ_t h_t h_tᵀ and Σ_t h_t), and the few pairs where they do not fire are subtracted.
 * Dense evaluation would cost points × features per step (10⁹ at 100,000 points of 10,000
 * features). Gradients and moments accumulate in double.
 *
 * <p>One kernel serves one instance on one worker: scratch arrays are its own.
 *
 * <pre>double sum = kernel.accumulate(points, 0, points.size(), W, 0, b, 0, imp, 0, idx, 2f / (T * n), gW, gb);</pre>
 */
public final class DatasetKernel {
    private final int n;
    private final int m;
    private final boolean[] active;
    /** The point's active features by sorted position, for the walk. */
    private final boolean[] activeAt;
    /** The walk's gradients in sorted order (W rows, b), added to gW, gb by feature at the end of a task. */
    private final double[] sortedGW;

    private final double[] sortedGb;
    private final float[] h;
    private final float[] neg;
    private final double[] gh;
    /** Inactive pairs visited and pairs found firing (or, for b &gt; 0, not firing), for benchmarks. */
    long visited;

    long firing;

    public DatasetKernel(int n, int m) {
        this.n = n;
        this.m = m;
        this.active = new boolean[n];
        this.activeAt = new boolean[n];
        this.sortedGW = new double[n * m];
        this.sortedGb = new double[n];
        this.h = new float[m];
        this.neg = new float[m];
        this.gh = new double[m];
    }

    /** Doubles a task needs for its moments: Σ h hᵀ [m·m], Σ h [m], the point count. */
    static int momentSize(int m) {
        return m * m + m + 1;
    }

    /**
     * Adds, for points t0 .. t1−1, {@code gradScale}·∂/∂θ of Σ_j I_j (x'_j − x_j)² to gW [n, m] and
     * gb [n] (both from offset 0; null: loss only) and the points' moments to {@code mom}, and
     * returns that loss summed over the points, except the always features' linear part, which
     * {@link #linear} adds from the moments of all chunks. W [n, m] is read from {@code wOff}, b [n]
     * from {@code bOff}; {@code idx} was built from them.
     */
    double accumulate(
            SparsePoints pts,
            int t0,
            int t1,
            float[] w,
            int wOff,
            float[] b,
            int bOff,
            float[] imp,
            int impOff,
            SectorIndex idx,
            float gradScale,
            double[] gW,
            double[] gb,
            double[] mom) {
        double loss = 0;
        for (int t = t0; t < t1; t++) {
            loss += point(pts, t, w, wOff, b, bOff, imp, impOff, idx, gradScale, gW, gb, mom);
        }
        if (gW != null) {
            int[] feature = idx.feature;
            for (int q = 0; q < n; q++) {
                int j = feature[q];
                for (int d = 0; d < m; d++) {
                    gW[j * m + d] += sortedGW[q * m + d];
                    sortedGW[q * m + d] = 0;
                }
                gb[j] += sortedGb[q];
                sortedGb[q] = 0;
            }
        }
        return loss;
    }

    private double point(
            SparsePoints pts,
            int t,
            float[] w,
            int wOff,
            float[] b,
            int bOff,
            float[] imp,
            int impOff,
            SectorIndex idx,
            float gradScale,
            double[] gW,
            double[] gb,
            double[] mom) {
        int e0 = pts.start(t);
        int e1 = pts.end(t);
        java.util.Arrays.fill(h, 0f);
        for (int e = e0; e < e1; e++) {
            int a = pts.feature(e);
            float x = pts.value(e);
            int o = wOff + a * m;
            for (int d = 0; d < m; d++) {
                h[d] += x * w[o + d];
            }
            active[a] = true;
            activeAt[idx.positionOf(a)] = true;
        }
        for (int d = 0; d < m; d++) {
            // the always features' linear part, d/dh Σ I_j (w_j·h + b_j)²
            double s = idx.bAw[d];
            for (int c = 0; c < m; c++) {
                s += idx.wAw[d * m + c] * h[c];
            }
            gh[d] = gradScale * s;
            for (int c = 0; c < m; c++) {
                mom[d * m + c] += (double) h[d] * h[c];
            }
            mom[m * m + d] += h[d];
        }
        mom[m * m + m] += 1;
        double loss = 0;
        for (int e = e0; e < e1; e++) {
            int a = pts.feature(e);
            float pre = pre(w, wOff, b, bOff, a);
            if (b[bOff + a] > 0f) {
                // counted as an inactive firing feature by the linear part: take that back
                loss -= (double) imp[impOff + a] * pre * pre;
                add(w, wOff, gW, gb, a, -gradScale * imp[impOff + a] * (double) pre);
            }
            float y = pre > 0f ? pre : 0f;
            float diff = y - pts.value(e);
            loss += (double) imp[impOff + a] * diff * diff;
            if (pre > 0f) {
                add(w, wOff, gW, gb, a, gradScale * imp[impOff + a] * (double) diff);
            }
        }
        float sq = 0f;
        for (int d = 0; d < m; d++) {
            sq += h[d] * h[d];
            neg[d] = -h[d];
        }
        float r = (float) Math.sqrt(sq) * SectorIndex.slack();
        if (r > 0f) {
            loss += walk(
                    idx,
                    idx.sectorOf(h[0], m > 1 ? h[1] : 0f),
                    0,
                    idx.minTau,
                    r,
                    true,
                    w,
                    wOff,
                    b,
                    bOff,
                    imp,
                    impOff,
                    gradScale,
                    gW,
                    gb);
            loss += walk(
                    idx,
                    idx.sectorOf(neg[0], m > 1 ? neg[1] : 0f),
                    idx.sectors(),
                    idx.minRho,
                    r,
                    false,
                    w,
                    wOff,
                    b,
                    bOff,
                    imp,
                    impOff,
                    gradScale,
                    gW,
                    gb);
        }
        for (int e = e0; e < e1; e++) {
            int a = pts.feature(e);
            active[a] = false;
            activeAt[idx.positionOf(a)] = false;
            if (gW != null) {
                float x = pts.value(e);
                int o = a * m;
                for (int d = 0; d < m; d++) {
                    gW[o + d] += x * gh[d];
                }
            }
        }
        return loss;
    }

    /**
     * Visits the sectors of family {@code base} around sector p in decreasing cosine bound,
     * scanning each sector's prefix with key below ‖h‖·c. Regular features (firing = true) add
     * their loss when they fire; always features subtract theirs when they do not.
     */
    private double walk(
            SectorIndex idx,
            int p,
            int base,
            float min,
            float r,
            boolean firing,
            float[] w,
            int wOff,
            float[] b,
            int bOff,
            float[] imp,
            int impOff,
            float gradScale,
            double[] gW,
            double[] gb) {
        double loss = 0;
        int[] order = idx.visit(p);
        float[] cos = idx.visitCos(p);
        float[] tau = idx.tau;
        float[] sw = idx.sw;
        float[] sb = idx.sb;
        float[] simp = idx.simp;
        boolean grad = gW != null;
        long seen = 0;
        long fired = 0;
        float h0 = h[0];
        float h1 = m > 1 ? h[1] : 0f;
        for (int k = 0; k < order.length; k++) {
            float lim = r * cos[k];
            if (!(lim > min)) {
                break;
            }
            int s = base + order[k];
            for (int q = idx.sectorStart[s], end = idx.sectorStart[s + 1]; q < end && tau[q] < lim; q++) {
                if (activeAt[q]) {
                    continue;
                }
                seen++;
                int o = q * m;
                // the same float sum as pre(): firing decisions agree with every other path
                float pre;
                if (m == 2) {
                    pre = (0f + sw[o] * h0 + sw[o + 1] * h1) + sb[q];
                } else {
                    float sum = 0f;
                    for (int d = 0; d < m; d++) {
                        sum += sw[o + d] * h[d];
                    }
                    pre = sum + sb[q];
                }
                if (firing == pre > 0f) {
                    fired++;
                    double sign = firing ? 1 : -1;
                    if (grad) {
                        double g = sign * gradScale * simp[q] * (double) pre;
                        for (int d = 0; d < m; d++) {
                            sortedGW[o + d] += g * h[d];
                            gh[d] += g * sw[o + d];
                        }
                        sortedGb[q] += g;
                    }
                    loss += sign * simp[q] * (double) pre * pre;
                }
            }
        }
        visited += seen;
        this.firing += fired;
        return loss;
    }

    private float pre(float[] w, int wOff, float[] b, int bOff, int j) {
        int o = wOff + j * m;
        float s = 0f;
        for (int d = 0; d < m; d++) {
            s += w[o + d] * h[d];
        }
        return s + b[bOff + j];
    }

    /** g = ∂loss/∂pre_j: into b_j, into w_j directly (g·h), and into h (g·w_j) for the active features. */
    private void add(float[] w, int wOff, double[] gW, double[] gb, int j, double g) {
        if (gW == null) {
            return;
        }
        int o = wOff + j * m;
        int go = j * m;
        for (int d = 0; d < m; d++) {
            gW[go + d] += g * h[d];
            gh[d] += g * w[o + d];
        }
        gb[j] += g;
    }

    /**
     * The always features' (b_j &gt; 0) linear part over all points, from the points' moments
     * {@code mom} summed over chunks: adds its gradient to gW, gb (unless null) and returns its
     * loss Σ_j I_j (w_jᵀ H w_j + 2 b_j w_j·h̄ + b_j² T), H = Σ_t h_t h_tᵀ, h̄ = Σ_t h_t.
     */
    static double linear(
            SectorIndex idx,
            int n,
            int m,
            float[] w,
            int wOff,
            float[] b,
            int bOff,
            float[] imp,
            int impOff,
            double[] mom,
            float gradScale,
            double[] gW,
            double[] gb) {
        double loss = 0;
        double count = mom[m * m + m];
        for (int q = idx.alwaysStart(), end = idx.alwaysEnd(); q < end; q++) {
            int j = idx.feature[q];
            int o = wOff + j * m;
            double bj = b[bOff + j];
            double ij = imp[impOff + j];
            double wh = 0;
            double quad = 0;
            for (int d = 0; d < m; d++) {
                double hw = 0;
                for (int c = 0; c < m; c++) {
                    hw += mom[d * m + c] * w[o + c];
                }
                quad += w[o + d] * hw;
                wh += w[o + d] * mom[m * m + d];
                if (gW != null) {
                    gW[j * m + d] += gradScale * ij * (hw + bj * mom[m * m + d]);
                }
            }
            if (gb != null) {
                gb[j] += gradScale * ij * (wh + bj * count);
            }
            loss += ij * (quad + 2 * bj * wh + bj * bj * count);
        }
        return loss;
    }

    int features() {
        return n;
    }
}
