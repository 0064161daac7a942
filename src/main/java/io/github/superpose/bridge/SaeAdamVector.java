package io.github.superpose.bridge;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SaeAdam#update}'s loop on the JDK's vector API: the same float operations in the same order
 * (two products and a sum for each moment, a correctly rounded square root, then a quotient), so the
 * bits equal the scalar loop's, which C2 leaves unvectorised (measured eight times slower on the
 * 4.7M entries of a 1,536 × 3,072 encoder). Loaded only when {@link io.github.superpose.core.Simd#ENABLED}.
 */
final class SaeAdamVector {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private SaeAdamVector() {}

    /**
     * Entries [from, from + len) of w with moments m, v and gradients g[from + shift …]; returns the
     * first entry left for the scalar loop (the tail shorter than a vector).
     */
    static int update(
            float[] w,
            float[] m,
            float[] v,
            float[] g,
            int from,
            int len,
            int shift,
            float s,
            float bc,
            float b1,
            float b2,
            float eps) {
        int end = from + len - S.length();
        int i = from;
        for (; i <= end; i += S.length()) {
            FloatVector gi = FloatVector.fromArray(S, g, i + shift);
            FloatVector mi = FloatVector.fromArray(S, m, i).mul(b1).add(gi.mul(1f - b1));
            FloatVector vi =
                    FloatVector.fromArray(S, v, i).mul(b2).add(gi.mul(1f - b2).mul(gi));
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            FloatVector wi = FloatVector.fromArray(S, w, i);
            wi.sub(mi.mul(s).div(vi.sqrt().div(bc).add(eps))).intoArray(w, i);
        }
        return i;
    }
}
