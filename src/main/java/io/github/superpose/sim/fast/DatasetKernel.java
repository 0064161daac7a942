package io.github.superpose.sim.fast;

/**
 * Loss and gradients of the ReLU-output toy model x' = ReLU(WᵀW x + b) on sparse points, exact
 * and sparse: each point's hidden vector h = Σ x_a w_a costs its few active features, and of
 * the other features only those whose pre-activation w_j·h + b_j can be positive are visited
 * ({@link SectorIndex}); every other feature's output ReLU(·) is exactly zero, adding nothing to
 * the loss Σ_j I_j (x'_j − x_j)² or to its gradients. Dense evaluation would cost points ×
 * features per step (10⁹ at 100,000 points of 10,000 features).
 *
 * <p>One kernel serves one instance on one worker: scratch arrays are its own.
 *
 * <pre>double sum = kernel.accumulate(points, 0, points.size(), W, 0, b, 0, imp, 0, idx, 2f / (T * n), gW, gb);</pre>
 */
public final class DatasetKernel {
    private final int n;
    private final int m;
    private final boolean[] active;
    private final float[] h;
    private final float[] gh;
    /** Inactive features visited and found firing, for benchmarks of the pruning. */
    long visited;
    long firing;

    public DatasetKernel(int n, int m) {
        this.n = n;
        this.m = m;
        this.active = new boolean[n];
        this.h = new float[m];
        this.gh = new float[m];
    }

    /**
     * Adds, for points t0 .. t1−1, {@code gradScale}·∂/∂θ of Σ_j I_j (x'_j − x_j)² to gW [n, m] and
     * gb [n] (both from offset 0), and returns that loss summed over the points (in double).
     * W [n, m] is read from {@code wOff}, b [n] from {@code bOff}; {@code idx} was built from them.
     */
    double accumulate(SparsePoints pts, int t0, int t1, float[] w, int wOff, float[] b, int bOff, float[] imp,
                      int impOff, SectorIndex idx, float gradScale, float[] gW, float[] gb) {
        double loss = 0;
        for (int t = t0; t < t1; t++) {
            loss += point(pts, t, w, wOff, b, bOff, imp, impOff, idx, gradScale, gW, gb);
        }
        return loss;
    }

    /** The loss of one point, its gradients added (gW or gb null: loss only). */
    private double point(SparsePoints pts, int t, float[] w, int wOff, float[] b, int bOff, float[] imp,
                         int impOff, SectorIndex idx, float gradScale, float[] gW, float[] gb) {
        int e0 = pts.start(t);
        int e1 = pts.end(t);
        java.util.Arrays.fill(h, 0f);
        java.util.Arrays.fill(gh, 0f);
        for (int e = e0; e < e1; e++) {
            int a = pts.feature(e);
            float x = pts.value(e);
            int o = wOff + a * m;
            for (int d = 0; d < m; d++) {
                h[d] += x * w[o + d];
            }
            active[a] = true;
        }
        double loss = 0;
        for (int e = e0; e < e1; e++) {
            int a = pts.feature(e);
            float pre = pre(w, wOff, b, bOff, a);
            float y = pre > 0f ? pre : 0f;
            float diff = y - pts.value(e);
            loss += (double) imp[impOff + a] * diff * diff;
            if (pre > 0f && gW != null) {
                add(w, wOff, gW, gb, a, gradScale * imp[impOff + a] * diff);
            }
        }
        float sq = 0f;
        for (int d = 0; d < m; d++) {
            sq += h[d] * h[d];
        }
        float r = (float) Math.sqrt(sq) * SectorIndex.slack();
        if (r > 0f) {
            int p = idx.sectorOf(h[0], m > 1 ? h[1] : 0f);
            int[] order = idx.visit(p);
            float[] cos = idx.visitCos(p);
            for (int k = 0; k < order.length; k++) {
                float lim = r * cos[k];
                if (!(lim > idx.minTau)) {
                    break;
                }
                int s = order[k];
                for (int q = idx.sectorStart[s], end = idx.sectorStart[s + 1]; q < end && idx.tau[q] < lim; q++) {
                    loss += inactive(idx.feature[q], w, wOff, b, bOff, imp, impOff, gradScale, gW, gb);
                }
            }
        }
        for (int q = idx.alwaysStart(), end = idx.alwaysEnd(); q < end; q++) {
            loss += inactive(idx.feature[q], w, wOff, b, bOff, imp, impOff, gradScale, gW, gb);
        }
        for (int e = e0; e < e1; e++) {
            int a = pts.feature(e);
            active[a] = false;
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

    /** A feature absent from the point: target 0, output ReLU(pre). */
    private double inactive(int j, float[] w, int wOff, float[] b, int bOff, float[] imp, int impOff, float gradScale,
                            float[] gW, float[] gb) {
        if (active[j]) {
            return 0;
        }
        visited++;
        float pre = pre(w, wOff, b, bOff, j);
        if (!(pre > 0f)) {
            return 0;
        }
        firing++;
        if (gW != null) {
            add(w, wOff, gW, gb, j, gradScale * imp[impOff + j] * pre);
        }
        return (double) imp[impOff + j] * pre * pre;
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
    private void add(float[] w, int wOff, float[] gW, float[] gb, int j, float g) {
        int o = wOff + j * m;
        int go = j * m;
        for (int d = 0; d < m; d++) {
            gW[go + d] += g * h[d];
            gh[d] += g * w[o + d];
        }
        gb[j] += g;
    }

    /** Loss summed over points t0 .. t1−1, no gradients. */
    double loss(SparsePoints pts, int t0, int t1, float[] w, int wOff, float[] b, int bOff, float[] imp,
                int impOff, SectorIndex idx) {
        double s = 0;
        for (int t = t0; t < t1; t++) {
            s += point(pts, t, w, wOff, b, bOff, imp, impOff, idx, 0f, null, null);
        }
        return s;
    }

    int features() {
        return n;
    }
}
