package io.github.superpose.bridge;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link PackedLinear#geluErf}'s loop on the JDK's vector API, in place: the same float operations
 * in the same order (clamp, two polynomials by products and sums, one quotient), so the bits equal
 * the scalar loop's. Loaded only when {@link io.github.superpose.core.Simd#ENABLED}.
 */
final class GeluVector {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private GeluVector() {}

    /** GELU on v[from, to) in whole vectors; returns the first entry left for the scalar loop. */
    static int geluErf(float[] v, int from, int to) {
        int i = from;
        for (; i <= to - S.length(); i += S.length()) {
            FloatVector x = FloatVector.fromArray(S, v, i);
            FloatVector u =
                    x.mul(PackedLinear.INV_SQRT2).min(PackedLinear.ERF_CLAMP).max(-PackedLinear.ERF_CLAMP);
            FloatVector u2 = u.mul(u);
            FloatVector p = u2.mul(PackedLinear.P5)
                    .add(PackedLinear.P4)
                    .mul(u2)
                    .add(PackedLinear.P3)
                    .mul(u2)
                    .add(PackedLinear.P2)
                    .mul(u2)
                    .add(PackedLinear.P1)
                    .mul(u2)
                    .add(PackedLinear.P0);
            FloatVector q = u2.mul(PackedLinear.Q6)
                    .add(PackedLinear.Q5)
                    .mul(u2)
                    .add(PackedLinear.Q4)
                    .mul(u2)
                    .add(PackedLinear.Q3)
                    .mul(u2)
                    .add(PackedLinear.Q2)
                    .mul(u2)
                    .add(PackedLinear.Q1)
                    .mul(u2)
                    .add(1f);
            x.mul(0.5f).mul(u.mul(p).div(q).add(1f)).intoArray(v, i);
        }
        return i;
    }
}
