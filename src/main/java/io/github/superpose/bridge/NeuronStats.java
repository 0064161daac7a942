package io.github.superpose.bridge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-neuron statistics of an {@link ActivationSet}, Neuroscope style. A neuron "fires" on a row
 * when its activation is above {@code threshold} (default 0: GELU's negative tail, down to about
 * −0.17, counts as silent). Moments are over all rows; the top-k examples are the k largest firing
 * activations (earlier rows win ties), each with its token in context; the token and label entropies
 * H = −Σ p log p are over those top-k examples, exp(H) being the effective number of distinct tokens
 * (or concepts) that drive the neuron. These entropy scores are a polysemanticity proxy, not a standard.
 * A dead neuron has no top examples, so its entropies and effective numbers are NaN: it must not
 * look like a perfectly monosemantic neuron (exp(0) = 1).
 *
 * <pre>List&lt;NeuronStats&gt; s = NeuronStats.compute(acts, 20, 0.0, 4);</pre>
 *
 * @param excessKurtosis m4 / m2² − 3 (0 for a Gaussian; NaN for a constant neuron, as is skew)
 * @param dead           true when the neuron never fires
 */
public record NeuronStats(
        int neuron,
        double firingFrequency,
        double mean,
        double std,
        double max,
        double skew,
        double excessKurtosis,
        boolean dead,
        List<TopExample> top,
        double tokenEntropy,
        double effectiveTokens,
        double labelEntropy,
        double effectiveLabels) {

    /**
     * One max-activating row; token, label and context are empty when the set has none.
     *
     * @param word    the whole word holding the token, rebuilt from its pieces, the token in ⟦ ⟧
     *                when it is only part of the word ("louis⟦ville⟧")
     * @param context the words around it, the token in ⟦ ⟧
     */
    public record TopExample(int row, float value, String token, String word, String label, String context) {}

    public static final int DEFAULT_TOP_K = 20;

    public static List<NeuronStats> compute(ActivationSet a, int topK, double threshold, int contextRadius) {
        int d = a.dim();
        int n = a.rows();
        double[] sum = new double[d];
        double[] max = new double[d];
        long[] fires = new long[d];
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        float[] x = a.acts();
        for (int r = 0; r < n; r++) {
            for (int j = 0, o = r * d; j < d; j++) {
                float v = x[o + j];
                sum[j] += v;
                if (v > max[j]) {
                    max[j] = v;
                }
                if (v > threshold) {
                    fires[j]++;
                }
            }
        }
        double[] m2 = new double[d];
        double[] m3 = new double[d];
        double[] m4 = new double[d];
        for (int r = 0; r < n; r++) {
            for (int j = 0, o = r * d; j < d; j++) {
                double c = x[o + j] - sum[j] / n;
                double c2 = c * c;
                m2[j] += c2;
                m3[j] += c2 * c;
                m4[j] += c2 * c2;
            }
        }
        int[][] topRows = topRows(a, topK, threshold);
        Words words = Words.of(a);
        List<NeuronStats> out = new ArrayList<>(d);
        for (int j = 0; j < d; j++) {
            double var = m2[j] / n;
            double skew = m3[j] / n / Math.pow(var, 1.5);
            double kurt = m4[j] / n / (var * var) - 3.0;
            List<TopExample> top = new ArrayList<>();
            List<String> toks = new ArrayList<>();
            List<String> labs = new ArrayList<>();
            for (int r : topRows[j]) {
                String tok = a.hasTokens() ? a.tokens().get(r) : "";
                String lab = a.hasLabels() ? a.labels().get(r) : "";
                top.add(new TopExample(
                        r, a.get(r, j), tok, words.wordAt(r, "⟦", "⟧"), lab, words.context(r, contextRadius)));
                toks.add(tok);
                labs.add(lab);
            }
            double hTok = a.hasTokens() && !top.isEmpty() ? entropy(toks) : Double.NaN;
            double hLab = a.hasLabels() && !top.isEmpty() ? entropy(labs) : Double.NaN;
            out.add(new NeuronStats(
                    j,
                    (double) fires[j] / n,
                    sum[j] / n,
                    Math.sqrt(var),
                    max[j],
                    var > 0 ? skew : Double.NaN,
                    var > 0 ? kurt : Double.NaN,
                    fires[j] == 0,
                    List.copyOf(top),
                    hTok,
                    Math.exp(hTok),
                    hLab,
                    Math.exp(hLab)));
        }
        return out;
    }

    /** Per neuron, the rows of its k largest activations above threshold, largest first. */
    static int[][] topRows(ActivationSet a, int k, double threshold) {
        int d = a.dim();
        float[][] vals = new float[d][k];
        int[][] rows = new int[d][k];
        int[] count = new int[d];
        int[] minAt = new int[d];
        float[] x = a.acts();
        for (int r = 0; r < a.rows(); r++) {
            for (int j = 0, o = r * d; j < d; j++) {
                float v = x[o + j];
                if (!(v > threshold)) {
                    continue;
                }
                if (count[j] < k) {
                    vals[j][count[j]] = v;
                    rows[j][count[j]] = r;
                    count[j]++;
                    if (count[j] == k) {
                        minAt[j] = argMin(vals[j], k);
                    }
                } else if (v > vals[j][minAt[j]]) {
                    vals[j][minAt[j]] = v;
                    rows[j][minAt[j]] = r;
                    minAt[j] = argMin(vals[j], k);
                }
            }
        }
        int[][] out = new int[d][];
        for (int j = 0; j < d; j++) {
            Integer[] idx = new Integer[count[j]];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = i;
            }
            final int jj = j;
            java.util.Arrays.sort(
                    idx,
                    (p, q) -> vals[jj][p] != vals[jj][q]
                            ? Float.compare(vals[jj][q], vals[jj][p])
                            : Integer.compare(rows[jj][p], rows[jj][q]));
            out[j] = new int[idx.length];
            for (int i = 0; i < idx.length; i++) {
                out[j][i] = rows[j][idx[i]];
            }
        }
        return out;
    }

    /** Index of the smallest value; among equals the latest row loses first, so earlier rows win ties. */
    private static int argMin(float[] v, int k) {
        int m = 0;
        for (int i = 1; i < k; i++) {
            if (v[i] <= v[m]) {
                m = i;
            }
        }
        return m;
    }

    /** Shannon entropy (nats) of the empirical distribution of {@code items}; 0 for none. */
    static double entropy(List<String> items) {
        if (items.isEmpty()) {
            return 0.0;
        }
        Map<String, Integer> counts = new HashMap<>();
        for (String s : items) {
            counts.merge(s, 1, Integer::sum);
        }
        double h = 0;
        for (int c : counts.values()) {
            double p = (double) c / items.size();
            h -= p * Math.log(p);
        }
        return h;
    }
}
