package io.github.superpose.bridge;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * One head of {@link TransformerOps#attention} on the JDK's vector API. The head's keys are first
 * laid out transposed, [d_head × t], so a query's t scores are d_head fused multiply-adds of whole
 * vectors along the keys (a broadcast of one query entry each) instead of t scalar dot products;
 * the exponentials of a row run as vector {@code EXP} (one vector instruction sequence per 16
 * scores rather than one {@code Math.exp} call each, which was most of attention's time); the
 * output row is the probability-weighted sum of value rows, again whole-vector multiply-adds.
 * Loaded only when {@link io.github.superpose.core.Simd#ENABLED}, and used when d_head is a whole
 * number of vectors (32 for MiniLM, 64 for GPT-2 with AVX-512).
 */
final class AttentionVector {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    private AttentionVector() {}

    /** t rounded up to whole vectors. */
    static int padded(int t) {
        return (t + L - 1) / L * L;
    }

    /** Scratch floats one head of a t-row sequence needs: the transposed keys and one score row. */
    static int scratch(int t, int dh) {
        return (dh + 1) * padded(t);
    }

    /** Head h for rows [start, start + t); z's columns of that head are overwritten. */
    static void head(float[] qkv, float[] z, int start, int t, int d, int dh, boolean causal, float[] scratch, int h) {
        int w = 3 * d;
        int tp = padded(t);
        int q0 = h * dh;
        int k0 = d + h * dh;
        int v0 = 2 * d + h * dh;
        int row = dh * tp; // the score row follows the transposed keys
        for (int j = 0; j < t; j++) {
            int kj = (start + j) * w + k0;
            for (int c = 0; c < dh; c++) {
                scratch[c * tp + j] = qkv[kj + c];
            }
        }
        for (int c = 0; c < dh; c++) {
            for (int j = t; j < tp; j++) {
                scratch[c * tp + j] = 0f;
            }
        }
        float scale = (float) (1.0 / Math.sqrt(dh));
        for (int i = 0; i < t; i++) {
            int qi = (start + i) * w + q0;
            int n = causal ? i + 1 : t; // keys this row sees
            int np = padded(n);
            for (int j = 0; j < np; j += L) {
                FloatVector s = FloatVector.zero(S);
                for (int c = 0; c < dh; c++) {
                    s = FloatVector.fromArray(S, scratch, c * tp + j).fma(FloatVector.broadcast(S, qkv[qi + c]), s);
                }
                s.mul(scale).intoArray(scratch, row + j);
            }
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                max = Math.max(max, scratch[row + j]);
            }
            for (int j = 0; j < np; j += L) {
                FloatVector.fromArray(S, scratch, row + j)
                        .sub(max)
                        .lanewise(VectorOperators.EXP)
                        .intoArray(scratch, row + j);
            }
            float sum = 0f;
            for (int j = 0; j < n; j++) {
                sum += scratch[row + j];
            }
            float inv = 1f / sum;
            int zi = (start + i) * d + q0;
            for (int c = 0; c < dh; c += L) {
                FloatVector acc = FloatVector.zero(S);
                for (int j = 0; j < n; j++) {
                    acc = FloatVector.fromArray(S, qkv, (start + j) * w + v0 + c)
                            .fma(FloatVector.broadcast(S, scratch[row + j]), acc);
                }
                acc.mul(inv).intoArray(z, zi + c);
            }
        }
    }
}
