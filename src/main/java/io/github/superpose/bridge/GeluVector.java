package io.github.superpose.bridge;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link PackedLinear#geluErf}'s loop on the JDK's vector API, in place: the same float operations
 * in the same order (clamp, two Horner chains of fused multiply-adds, one quotient), so the bits equal
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
            FloatVector p = u2.fma(PackedLinear.P5, PackedLinear.P4)
                    .fma(u2, FloatVector.broadcast(S, PackedLinear.P3))
                    .fma(u2, FloatVector.broadcast(S, PackedLinear.P2))
                    .fma(u2, FloatVector.broadcast(S, PackedLinear.P1))
                    .fma(u2, FloatVector.broadcast(S, PackedLinear.P0));
            FloatVector q = u2.fma(PackedLinear.Q6, PackedLinear.Q5)
                    .fma(u2, FloatVector.broadcast(S, PackedLinear.Q4))
                    .fma(u2, FloatVector.broadcast(S, PackedLinear.Q3))
                    .fma(u2, FloatVector.broadcast(S, PackedLinear.Q2))
                    .fma(u2, FloatVector.broadcast(S, PackedLinear.Q1))
                    .fma(u2, FloatVector.broadcast(S, 1f));
            FloatVector h = x.mul(0.5f);
            h.fma(u.mul(p).div(q), h).intoArray(v, i);
        }
        return i;
    }
}
