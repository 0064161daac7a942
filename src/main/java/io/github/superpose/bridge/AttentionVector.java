package io.github.superpose.bridge;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * One head of {@link TransformerOps#attention} on the JDK's vector API. The head's keys are first
 * laid out transposed, [d_head × t], so a query's t scores are d_head fused multiply-adds of whole
 * vectors along the keys (a broadcast of one query entry each) instead of t scalar dot products.
 * Scores past a row's last key get −∞ by adding a precomputed mask vector, so the softmax runs on
 * whole vectors with no scalar loop: the maximum and the sum come from lane reductions of vectors
 * still in registers (a scalar loop reading back what a vector store had just written stalled on
 * store forwarding and cost more than all the arithmetic), and the exponentials are
 * {@link #expNonPositive}, whose bits do not depend on whether the JIT has compiled the caller. The
 * output row is the probability-weighted sum of value rows, whole-vector multiply-adds. Without a
 * causal mask, queries go four at a time, sharing each key load, their four chains side by side; a
 * row's operations and their order are those of a row alone (lane reductions are in lane order), so
 * the bits do not depend on the blocking. Loaded only when
 * {@link io.github.superpose.core.Simd#ENABLED}, and used when d_head is a whole number of vectors
 * (32 for MiniLM, 64 for GPT-2 with AVX-512).
 */
final class AttentionVector {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** Query rows per block when there is no causal mask. */
    static final int BLOCK = 4;
    /** Row v (v = 0 … L) of L floats: 0 in lanes below v, −∞ from lane v on. */
    private static final float[] MASK = mask();

    private AttentionVector() {}

    private static float[] mask() {
        float[] m = new float[(L + 1) * L];
        for (int v = 0; v <= L; v++) {
            for (int lane = v; lane < L; lane++) {
                m[v * L + lane] = Float.NEGATIVE_INFINITY;
            }
        }
        return m;
    }

    /** t rounded up to whole vectors. */
    static int padded(int t) {
        return (t + L - 1) / L * L;
    }

    /** Scratch floats one head of a t-row sequence needs: the transposed keys and a block's score rows. */
    static int scratch(int t, int dh) {
        return (dh + BLOCK) * padded(t);
    }

    /** Head h for rows [start, start + t); z's columns of that head are overwritten. */
    static void head(float[] qkv, float[] z, int start, int t, int d, int dh, boolean causal, float[] scratch, int h) {
        head(qkv, z, start, t, d, dh, causal, scratch, h, !causal);
    }

    /** {@link #head}, with query blocks of {@link #BLOCK} rows or not (the tests compare the two). */
    static void head(
            float[] qkv,
            float[] z,
            int start,
            int t,
            int d,
            int dh,
            boolean causal,
            float[] scratch,
            int h,
            boolean blocked) {
        int w = 3 * d;
        int tp = padded(t);
        int k0 = d + h * dh;
        for (int c = 0; c < dh; c++) {
            int kc = start * w + k0 + c;
            int row = c * tp;
            for (int j = 0; j < t; j++) {
                scratch[row + j] = qkv[kc + j * w];
            }
            for (int j = t; j < tp; j++) {
                scratch[row + j] = 0f;
            }
        }
        float scale = (float) (1.0 / Math.sqrt(dh));
        int i = 0;
        if (blocked && !causal) {
            for (; i + BLOCK <= t; i += BLOCK) {
                block(qkv, z, start, i, t, d, dh, scratch, h, scale);
            }
        }
        for (; i < t; i++) {
            row(qkv, z, start, i, causal ? i + 1 : t, t, d, dh, scratch, h, scale);
        }
    }

    /** Offset in {@link #MASK} of the row that keeps keys [j, n) of the vector starting at key j. */
    private static int maskRow(int j, int n) {
        return Math.min(L, n - j) * L;
    }

    /** Row i, which sees keys [0, n): scores, softmax and the weighted sum of values into z. */
    private static void row(
            float[] qkv,
            float[] z,
            int start,
            int i,
            int n,
            int t,
            int d,
            int dh,
            float[] scratch,
            int h,
            float scale) {
        int w = 3 * d;
        int tp = padded(t);
        int np = padded(n);
        int s0 = dh * tp;
        int q0 = (start + i) * w + h * dh;
        FloatVector m0 = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int j = 0; j < np; j += L) {
            FloatVector a0 = FloatVector.zero(S);
            for (int c = 0; c < dh; c++) {
                a0 = FloatVector.fromArray(S, scratch, c * tp + j).fma(FloatVector.broadcast(S, qkv[q0 + c]), a0);
            }
            a0 = a0.mul(scale).add(FloatVector.fromArray(S, MASK, maskRow(j, n)));
            a0.intoArray(scratch, s0 + j);
            m0 = m0.max(a0);
        }
        float max0 = m0.reduceLanes(VectorOperators.MAX);
        float inv0 = 1f / expSum(scratch, s0, np, max0);
        int v0 = 2 * d + h * dh;
        int z0 = (start + i) * d + h * dh;
        for (int c = 0; c < dh; c += L) {
            FloatVector a0 = FloatVector.zero(S);
            for (int j = 0; j < n; j++) {
                a0 = FloatVector.fromArray(S, qkv, (start + j) * w + v0 + c)
                        .fma(FloatVector.broadcast(S, scratch[s0 + j]), a0);
            }
            a0.mul(inv0).intoArray(z, z0 + c);
        }
    }

    /**
     * Rows i … i+3 of an unmasked head: {@link #row}'s operations for each row, the four rows' chains
     * interleaved. The keys are already transposed into scratch; the score rows follow them.
     */
    private static void block(
            float[] qkv, float[] z, int start, int i, int t, int d, int dh, float[] scratch, int h, float scale) {
        int w = 3 * d;
        int tp = padded(t);
        int s0 = dh * tp;
        int s1 = s0 + tp;
        int s2 = s1 + tp;
        int s3 = s2 + tp;
        int q0 = (start + i) * w + h * dh;
        int q1 = q0 + w;
        int q2 = q1 + w;
        int q3 = q2 + w;
        FloatVector m0 = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        FloatVector m1 = m0;
        FloatVector m2 = m0;
        FloatVector m3 = m0;
        for (int j = 0; j < tp; j += L) {
            FloatVector a0 = FloatVector.zero(S);
            FloatVector a1 = FloatVector.zero(S);
            FloatVector a2 = FloatVector.zero(S);
            FloatVector a3 = FloatVector.zero(S);
            for (int c = 0; c < dh; c++) {
                FloatVector k = FloatVector.fromArray(S, scratch, c * tp + j);
                a0 = k.fma(FloatVector.broadcast(S, qkv[q0 + c]), a0);
                a1 = k.fma(FloatVector.broadcast(S, qkv[q1 + c]), a1);
                a2 = k.fma(FloatVector.broadcast(S, qkv[q2 + c]), a2);
                a3 = k.fma(FloatVector.broadcast(S, qkv[q3 + c]), a3);
            }
            FloatVector past = FloatVector.fromArray(S, MASK, maskRow(j, t)); // −∞ past the last key
            a0 = a0.mul(scale).add(past);
            a1 = a1.mul(scale).add(past);
            a2 = a2.mul(scale).add(past);
            a3 = a3.mul(scale).add(past);
            a0.intoArray(scratch, s0 + j);
            a1.intoArray(scratch, s1 + j);
            a2.intoArray(scratch, s2 + j);
            a3.intoArray(scratch, s3 + j);
            m0 = m0.max(a0);
            m1 = m1.max(a1);
            m2 = m2.max(a2);
            m3 = m3.max(a3);
        }
        float max0 = m0.reduceLanes(VectorOperators.MAX);
        float max1 = m1.reduceLanes(VectorOperators.MAX);
        float max2 = m2.reduceLanes(VectorOperators.MAX);
        float max3 = m3.reduceLanes(VectorOperators.MAX);
        float inv0 = 1f / expSum(scratch, s0, tp, max0);
        float inv1 = 1f / expSum(scratch, s1, tp, max1);
        float inv2 = 1f / expSum(scratch, s2, tp, max2);
        float inv3 = 1f / expSum(scratch, s3, tp, max3);
        int v0 = 2 * d + h * dh;
        int z0 = (start + i) * d + h * dh;
        for (int c = 0; c < dh; c += L) {
            FloatVector a0 = FloatVector.zero(S);
            FloatVector a1 = FloatVector.zero(S);
            FloatVector a2 = FloatVector.zero(S);
            FloatVector a3 = FloatVector.zero(S);
            for (int j = 0; j < t; j++) {
                FloatVector v = FloatVector.fromArray(S, qkv, (start + j) * w + v0 + c);
                a0 = v.fma(FloatVector.broadcast(S, scratch[s0 + j]), a0);
                a1 = v.fma(FloatVector.broadcast(S, scratch[s1 + j]), a1);
                a2 = v.fma(FloatVector.broadcast(S, scratch[s2 + j]), a2);
                a3 = v.fma(FloatVector.broadcast(S, scratch[s3 + j]), a3);
            }
            a0.mul(inv0).intoArray(z, z0 + c);
            a1.mul(inv1).intoArray(z, z0 + d + c);
            a2.mul(inv2).intoArray(z, z0 + 2 * d + c);
            a3.mul(inv3).intoArray(z, z0 + 3 * d + c);
        }
    }

    /**
     * Replaces the scores v[o, o + np) by exp(score − max) and returns their sum, added lanewise over
     * the vectors and then over the lanes in order. No vector crosses this method's boundary, so C2
     * need not inline it into the large block method to keep its vectors unboxed (when it inlined four
     * exponentials there, some passes boxed them and ran attention at half speed).
     */
    private static float expSum(float[] v, int o, int np, float max) {
        FloatVector sum = FloatVector.zero(S);
        for (int j = 0; j < np; j += L) {
            FloatVector e = expNonPositive(FloatVector.fromArray(S, v, o + j).sub(max));
            e.intoArray(v, o + j);
            sum = sum.add(e);
        }
        return sum.reduceLanes(VectorOperators.ADD);
    }

    /** log2(e). */
    private static final float LOG2E = 1.44269504f;
    /** ln 2 in two parts (the first exact in a few bits), so n·ln 2 is subtracted without rounding. */
    private static final float LN2_HI = 0.693359375f;

    private static final float LN2_LO = -2.12194440e-4f;
    /** Arguments below this give exp(−87) ≈ 1.6e-38 (near the smallest normal float) instead of less. */
    private static final float EXP_MIN = -87f;
    /** 1.5·2^23: a float of this size has no fraction bits, so adding it rounds to an integer. */
    private static final float ROUND = 12582912f;

    private static final int ROUND_BITS = Float.floatToIntBits(ROUND);

    /**
     * exp(x) for x ≤ 0 (−∞ included) from fused multiply-adds and integer lane operations only:
     * x = n·ln 2 + r with n = round(x·log2 e) and |r| ≤ 0.35, e^r by its Taylor polynomial of
     * degree 6 (relative error about 1.2e-7), times 2^n built in the exponent bits. The vector API's
     * {@code EXP} is computed by one library when C2 has compiled the caller and by {@code Math.exp}
     * before that, and the two differ in the last bit, so the same sentence came out a little
     * different depending on whether its batch ran before or after compilation; these operations
     * give the same bits either way.
     */
    static FloatVector expNonPositive(FloatVector x) {
        FloatVector c = x.max(EXP_MIN);
        // adding 1.5·2^23 rounds c·log2(e) to an integer n, held in the low bits of t
        FloatVector t = c.fma(FloatVector.broadcast(S, LOG2E), FloatVector.broadcast(S, ROUND));
        FloatVector nf = t.sub(ROUND);
        IntVector n = t.reinterpretAsInts().sub(ROUND_BITS);
        FloatVector r = nf.fma(FloatVector.broadcast(S, -LN2_HI), c);
        r = nf.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector p = r.fma(1f / 720, 1f / 120)
                .fma(r, FloatVector.broadcast(S, 1f / 24))
                .fma(r, FloatVector.broadcast(S, 1f / 6))
                .fma(r, FloatVector.broadcast(S, 0.5f))
                .fma(r, FloatVector.broadcast(S, 1f))
                .fma(r, FloatVector.broadcast(S, 1f));
        FloatVector scale = n.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(scale);
    }
}
