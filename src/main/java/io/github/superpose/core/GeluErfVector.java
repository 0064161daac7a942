package io.github.superpose.core;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link GeluErf} on the JDK's vector API: the same float operations in the same order (clamp, two
 * Horner chains of fused multiply-adds, one quotient), so the bits equal the scalar form's. Loaded
 * only when {@link Simd#ENABLED}.
 */
final class GeluErfVector {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private GeluErfVector() {}

    /**
     * GELU on {@code rows} rows of {@code width} floats from v[o], row stride ld: one call per stored
     * register tile of {@link VectorGemm}.
     */
    static void tile(float[] v, int o, int ld, int rows, int width) {
        for (int r = 0; r < rows; r++) {
            inPlace(v, o + r * ld, o + r * ld + width);
        }
    }

    /**
     * GELU on v[from, to) in whole vectors; returns the first entry left for the scalar loop. The
     * arithmetic is written out in the loop rather than in a method taking and returning a vector:
     * C2 keeps a vector in registers only through calls it inlines.
     */
    static int inPlace(float[] v, int from, int to) {
        int i = from;
        for (; i <= to - S.length(); i += S.length()) {
            FloatVector x = FloatVector.fromArray(S, v, i);
            FloatVector u = x.mul(GeluErf.INV_SQRT2).min(GeluErf.ERF_CLAMP).max(-GeluErf.ERF_CLAMP);
            FloatVector u2 = u.mul(u);
            FloatVector p = u2.fma(GeluErf.P5, GeluErf.P4)
                    .fma(u2, FloatVector.broadcast(S, GeluErf.P3))
                    .fma(u2, FloatVector.broadcast(S, GeluErf.P2))
                    .fma(u2, FloatVector.broadcast(S, GeluErf.P1))
                    .fma(u2, FloatVector.broadcast(S, GeluErf.P0));
            FloatVector q = u2.fma(GeluErf.Q6, GeluErf.Q5)
                    .fma(u2, FloatVector.broadcast(S, GeluErf.Q4))
                    .fma(u2, FloatVector.broadcast(S, GeluErf.Q3))
                    .fma(u2, FloatVector.broadcast(S, GeluErf.Q2))
                    .fma(u2, FloatVector.broadcast(S, GeluErf.Q1))
                    .fma(u2, FloatVector.broadcast(S, 1f));
            FloatVector h = x.mul(0.5f);
            h.fma(u.mul(p).div(q), h).intoArray(v, i);
        }
        return i;
    }
}
