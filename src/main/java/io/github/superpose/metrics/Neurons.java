package io.github.superpose.metrics;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Neuron polysemanticity for hidden-layer models (paper §4.10–4.11), on {@code Wneuron} of shape
 * [m neurons, n features]: row {@code Wneuron[k]} holds neuron k's weight on every feature.
 * Only magnitudes |W_nf| matter here. The paper shows neuron stack plots; these scores that
 * summarise them are this project's own.
 *
 * <pre>double[] ratio = Neurons.monosemanticity(Wneuron);</pre>
 */
public final class Neurons {
    /** A neuron whose largest feature carries more than this share of its |weight| is monosemantic. */
    public static final double MONOSEMANTIC_ABOVE = 0.8;
    /** A neuron whose largest feature carries less than this share of its |weight| is polysemantic. */
    public static final double POLYSEMANTIC_BELOW = 0.6;

    private Neurons() {}

    /**
     * Per neuron max_f |W_nf| / Σ_f |W_nf|, in [1/n, 1]; 0 for an all-zero neuron. Shape [m].
     * <pre>double[] ratio = Neurons.monosemanticity(Wneuron);</pre>
     */
    public static double[] monosemanticity(double[][] Wneuron) {
        double[] out = new double[Wneuron.length];
        for (int k = 0; k < Wneuron.length; k++) {
            double max = 0;
            double sum = 0;
            for (double w : Wneuron[k]) {
                max = Math.max(max, Math.abs(w));
                sum += Math.abs(w);
            }
            out[k] = sum > 0 ? max / sum : 0.0;
        }
        return out;
    }

    /**
     * Per ReLU neuron, the share of its excitatory weight that its largest feature carries:
     * max_f W⁺_nf / Σ_f W⁺_nf over the features the model represents ({@code counted[f]}), with
     * W⁺ = max(W, 0); 0 for a neuron with no positive weight. A negative weight never makes a ReLU
     * neuron fire, and the residual weights of features the model does not represent are left by
     * weight decay, so neither says what the neuron responds to. Shape [m].
     * <pre>double[] ratio = Neurons.excitatoryMonosemanticity(Wneuron, represented);</pre>
     */
    public static double[] excitatoryMonosemanticity(double[][] Wneuron, boolean[] counted) {
        double[] out = new double[Wneuron.length];
        for (int k = 0; k < Wneuron.length; k++) {
            double max = 0;
            double sum = 0;
            for (int f = 0; f < Wneuron[k].length; f++) {
                double w = Wneuron[k][f];
                if (w > 0 && counted[f]) {
                    max = Math.max(max, w);
                    sum += w;
                }
            }
            out[k] = sum > 0 ? max / sum : 0.0;
        }
        return out;
    }

    /**
     * Per neuron, the number of features with |W_nf| &gt; tau · max_f |W_nf| (0 for an all-zero
     * neuron). Shape [m]. <pre>int[] count = Neurons.featuresAbove(Wneuron, 0.2);</pre>
     */
    public static int[] featuresAbove(double[][] Wneuron, double tau) {
        int[] out = new int[Wneuron.length];
        for (int k = 0; k < Wneuron.length; k++) {
            double max = 0;
            for (double w : Wneuron[k]) {
                max = Math.max(max, Math.abs(w));
            }
            int count = 0;
            for (double w : Wneuron[k]) {
                if (max > 0 && Math.abs(w) > tau * max) {
                    count++;
                }
            }
            out[k] = count;
        }
        return out;
    }

    /** ratio &lt; {@link #POLYSEMANTIC_BELOW} (T12's "polysemantic"). <pre>Neurons.isPolysemantic(0.5)</pre> */
    public static boolean isPolysemantic(double ratio) {
        return ratio < POLYSEMANTIC_BELOW;
    }

    /** ratio &gt; {@link #MONOSEMANTIC_ABOVE} (T12's "monosemantic"). <pre>Neurons.isMonosemantic(0.9)</pre> */
    public static boolean isMonosemantic(double ratio) {
        return ratio > MONOSEMANTIC_ABOVE;
    }

    /**
     * Participation ratio (Σ v_i²)² / Σ v_i⁴: the effective number of non-zero entries, 1 for a
     * one-hot vector and k for k equal entries; 0 for the zero vector.
     * <pre>Neurons.participationRatio(new double[] {1, 1, 0}) == 2</pre>
     */
    public static double participationRatio(double[] v) {
        double sq = 0;
        double quad = 0;
        for (double x : v) {
            sq += x * x;
            quad += x * x * x * x;
        }
        return quad > 0 ? sq * sq / quad : 0.0;
    }

    /**
     * Neuron order for stack plots: by the importance rank of each neuron's largest |W_nf| feature,
     * then by that weight, largest first; all-zero neurons last.
     *
     * <pre>int[] order = Neurons.ordering(Wneuron, new int[] {0, 1, 2, 3, 4});</pre>
     *
     * @param importanceOrder feature indices from most to least important, a permutation of 0..n-1
     * @return neuron indices, shape [m]
     */
    public static int[] ordering(double[][] Wneuron, int[] importanceOrder) {
        int n = importanceOrder.length;
        int[] rank = new int[n];
        for (int pos = 0; pos < n; pos++) {
            rank[importanceOrder[pos]] = pos;
        }
        int m = Wneuron.length;
        int[] key = new int[m];
        double[] top = new double[m];
        for (int k = 0; k < m; k++) {
            Weights.checkLength(Wneuron[k], n, "Wneuron[" + k + "]");
            int arg = -1;
            for (int f = 0; f < n; f++) {
                if (Math.abs(Wneuron[k][f]) > top[k]) {
                    top[k] = Math.abs(Wneuron[k][f]);
                    arg = f;
                }
            }
            key[k] = arg < 0 ? Integer.MAX_VALUE : rank[arg];
        }
        Integer[] idx = new Integer[m];
        Arrays.setAll(idx, k -> k);
        Arrays.sort(idx, Comparator.<Integer>comparingInt(k -> key[k]).thenComparing(k -> -top[k]));
        return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }

    /** {@link #ordering(double[][], int[])} for features already indexed by falling importance. */
    public static int[] ordering(double[][] Wneuron) {
        int n = Wneuron.length == 0 ? 0 : Wneuron[0].length;
        int[] identity = new int[n];
        Arrays.setAll(identity, f -> f);
        return ordering(Wneuron, identity);
    }
}
