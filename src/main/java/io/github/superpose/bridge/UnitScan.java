package io.github.superpose.bridge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a unit's page shows, gathered in one pass over its firing activations (value &gt; 0), for
 * many units at once (MLP neurons or SAE latents): the top-k rows (largest first, earlier rows win
 * ties, as {@link NeuronStats#topRows}), a histogram of (0, max] and, as SAEDashboard does, a few
 * example rows from each of equal-width intervals of (0, max], so a reader sees what weak
 * activation means too. The examples of an interval are a uniform sample without replacement:
 * the rows with the smallest hash of (row, unit), which needs no random stream and no second pass.
 *
 * <pre>UnitScan s = new UnitScan(max, 20, 10, 5, 40); s.add(row, unit, v); int[] top = s.top(unit);</pre>
 */
final class UnitScan {
    private final float[] max;
    private final int topK;
    private final int intervals;
    private final int perInterval;
    private final int bins;
    private final float[][] topVal;
    private final int[][] topRow;
    private final int[] topCount;
    private final int[] minAt;
    private final int[][] hist;
    private final long[][] sampleKey;
    private final int[][] sampleRow;

    /** @param max each unit's largest activation (the intervals and bins split (0, max]) */
    UnitScan(float[] max, int topK, int intervals, int perInterval, int bins) {
        int units = max.length;
        this.max = max;
        this.topK = topK;
        this.intervals = intervals;
        this.perInterval = perInterval;
        this.bins = bins;
        topVal = new float[units][];
        topRow = new int[units][];
        topCount = new int[units];
        minAt = new int[units];
        hist = new int[units][];
        sampleKey = new long[units][];
        sampleRow = new int[units][];
    }

    /** Records that {@code unit} has activation {@code v} &gt; 0 on {@code row}; rows must come in increasing order. */
    void add(int row, int unit, float v) {
        if (hist[unit] == null) {
            topVal[unit] = new float[topK];
            topRow[unit] = new int[topK];
            hist[unit] = new int[bins];
            sampleKey[unit] = new long[intervals * perInterval];
            Arrays.fill(sampleKey[unit], Long.MAX_VALUE);
            sampleRow[unit] = new int[intervals * perInterval];
        }
        addTop(row, unit, v);
        float frac = max[unit] > 0 ? v / max[unit] : 1f;
        hist[unit][Math.min(bins - 1, (int) (frac * bins))]++;
        int iv = Math.min(intervals - 1, (int) (frac * intervals));
        long key = mix(((long) row << 32) ^ unit);
        long[] keys = sampleKey[unit];
        int worst = iv * perInterval;
        for (int s = worst + 1; s < (iv + 1) * perInterval; s++) {
            if (keys[s] > keys[worst]) {
                worst = s;
            }
        }
        if (key < keys[worst]) {
            keys[worst] = key;
            sampleRow[unit][worst] = row;
        }
    }

    private void addTop(int row, int unit, float v) {
        float[] vals = topVal[unit];
        if (topCount[unit] < topK) {
            vals[topCount[unit]] = v;
            topRow[unit][topCount[unit]++] = row;
            if (topCount[unit] == topK) {
                minAt[unit] = argMin(vals);
            }
        } else if (v > vals[minAt[unit]]) {
            vals[minAt[unit]] = v;
            topRow[unit][minAt[unit]] = row;
            minAt[unit] = argMin(vals);
        }
    }

    /** Among equal values the later slot is replaced first, so earlier rows win ties. */
    private static int argMin(float[] v) {
        int m = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] <= v[m]) {
                m = i;
            }
        }
        return m;
    }

    /** The unit's top rows, largest activation first (ties: earlier row first); empty when it never fired. */
    int[] top(int unit) {
        int n = topCount[unit];
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        float[] v = topVal[unit];
        int[] r = topRow[unit];
        Arrays.sort(idx, (p, q) -> v[p] != v[q] ? Float.compare(v[q], v[p]) : Integer.compare(r[p], r[q]));
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = r[idx[i]];
        }
        return out;
    }

    /** Counts of firing activations in {@code bins} equal bins of (0, max]; zeros when it never fired. */
    int[] histogram(int unit) {
        return hist[unit] == null ? new int[bins] : hist[unit].clone();
    }

    /** Per interval of (0, max], lowest first, the sampled rows in row order (fewer when the interval has fewer). */
    List<int[]> intervalSamples(int unit) {
        List<int[]> out = new ArrayList<>();
        for (int iv = 0; iv < intervals; iv++) {
            int[] rows = new int[perInterval];
            int n = 0;
            for (int s = iv * perInterval; s < (iv + 1) * perInterval; s++) {
                if (sampleKey[unit] != null && sampleKey[unit][s] != Long.MAX_VALUE) {
                    rows[n++] = sampleRow[unit][s];
                }
            }
            int[] sorted = Arrays.copyOf(rows, n);
            Arrays.sort(sorted);
            out.add(sorted);
        }
        return out;
    }

    int intervals() {
        return intervals;
    }

    float max(int unit) {
        return max[unit];
    }

    /** SplitMix64's finaliser: a fixed, well-mixed hash of (row, unit). */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return (z ^ (z >>> 31)) & Long.MAX_VALUE;
    }
}
