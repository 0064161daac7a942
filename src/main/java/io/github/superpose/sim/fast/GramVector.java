package io.github.superpose.sim.fast;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * GramKernel's per-sample loop in jdk.incubator.vector. C2 on JDK 17 only vectorises loops far
 * longer than a feature row of a small model (n = 20 runs entirely in the scalar tail), so this
 * does it by hand, one padded vector of features at a time. Loaded only when the module is in
 * the boot layer ({@link GramKernel#VECTOR_MODULE}, checked without touching the vector classes); the run then
 * needs {@code --add-modules jdk.incubator.vector}. The operations mirror GramKernel.sample
 * exactly (multiply then add, no fma; the same ReLU bit mask), so results are bit-identical.
 */
final class GramVector {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private GramVector() {}

    static int lanes() {
        return F.length();
    }

    /** Hot loop: one non-empty sample, entries [lo, hi); all row arrays have stride np. */
    static void sample(int np, boolean relu, float[] b, float[] gram, float[] moment, float[] xDense,
            float[] coef, float[] g, float[] db, float[] sqErr, int[] feat, float[] val, int lo, int hi) {
        for (int e = lo; e < hi; e++) {
            xDense[feat[e]] = val[e];
        }
        for (int c = 0; c < np; c += F.length()) {
            FloatVector p = FloatVector.fromArray(F, b, c);
            for (int e = lo; e < hi; e++) {
                p = p.add(FloatVector.fromArray(F, gram, feat[e] * np + c).mul(val[e]));
            }
            IntVector bits = p.reinterpretAsInts();
            // all ones iff p > 0 (see GramKernel.sample)
            IntVector on = relu
                    ? bits.neg().and(bits.not()).lanewise(VectorOperators.ASHR, 31)
                    : IntVector.broadcast(bits.species(), -1);
            FloatVector out = bits.and(on).reinterpretAsFloats();
            FloatVector d = out.sub(FloatVector.fromArray(F, xDense, c));
            FloatVector.fromArray(F, sqErr, c).add(d.mul(d)).intoArray(sqErr, c);
            FloatVector gf = FloatVector.fromArray(F, coef, c).mul(d).reinterpretAsInts().and(on).reinterpretAsFloats();
            gf.intoArray(g, c);
            FloatVector.fromArray(F, db, c).add(gf).intoArray(db, c);
        }
        for (int e = lo; e < hi; e++) {
            int k = feat[e];
            float xk = val[e];
            xDense[k] = 0f;
            int off = k * np;
            for (int c = 0; c < np; c += F.length()) {
                FloatVector.fromArray(F, moment, off + c)
                        .add(FloatVector.fromArray(F, g, c).mul(xk))
                        .intoArray(moment, off + c);
            }
        }
    }
}
