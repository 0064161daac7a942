package io.github.superpose.core;

import static java.lang.Math.fma;

/**
 * The exact GELU g(x) = x·Φ(x) = 0.5·x·(1 + erf(x/√2)) in float32, with erf as a rational function of
 * degree 11/12 on [−{@link #ERF_CLAMP}, {@link #ERF_CLAMP}] (fitted by
 * src/test/resources/gelu/fit_erf.py: 1.7e-9 in double, 3.6e-7 after float32 rounding), because
 * {@code Math.exp} keeps a loop scalar and cost more than the matrix product feeding it. The
 * polynomials are Horner chains of fused multiply-adds; the vector form ({@code GeluErfVector},
 * also used as {@link Gemm#multiplyGelu}'s tile epilogue) performs the same operations in the same
 * order, so every path gives the same bits.
 *
 * <pre>GeluErf.inPlace(h, 0, h.length);</pre>
 */
public final class GeluErf {
    static final float P0 = 1.1283791840612485f;
    static final float P1 = 0.19226273914770584f;
    static final float P2 = 0.05567947610448751f;
    static final float P3 = 0.004202397525382874f;
    static final float P4 = 0.00041122980833837707f;
    static final float P5 = 6.807823689058967e-06f;
    static final float Q1 = 0.5037219889463657f;
    static final float Q2 = 0.11725087896083382f;
    static final float Q3 = 0.016247562943849537f;
    static final float Q4 = 0.0014161581903869708f;
    static final float Q5 = 7.26980877207746e-05f;
    static final float Q6 = 2.608953454108498e-07f;
    /** Beyond this erf is ±1 in float32 (1 − erf(3.92) ≈ 4e-8). */
    static final float ERF_CLAMP = 3.92f;

    static final float INV_SQRT2 = (float) (1.0 / Math.sqrt(2.0));

    private GeluErf() {}

    /** GELU on v[from, to) in place, whole vectors on the vector path when enabled. */
    public static void inPlace(float[] v, int from, int to) {
        int i = Simd.ENABLED ? GeluErfVector.inPlace(v, from, to) : from;
        scalar(v, i, to);
    }

    /** The scalar loop on x[from, to), in place. */
    public static void scalar(float[] x, int from, int to) {
        for (int j = from; j < to; j++) {
            x[j] = of(x[j]);
        }
    }

    /** GELU of one value. */
    public static float of(float v) {
        float u = Math.max(-ERF_CLAMP, Math.min(ERF_CLAMP, v * INV_SQRT2));
        float u2 = u * u;
        float p = fma(fma(fma(fma(fma(P5, u2, P4), u2, P3), u2, P2), u2, P1), u2, P0);
        float q = fma(fma(fma(fma(fma(fma(Q6, u2, Q5), u2, Q4), u2, Q3), u2, Q2), u2, Q1), u2, 1f);
        float h = 0.5f * v;
        return fma(h, u * p / q, h);
    }
}
