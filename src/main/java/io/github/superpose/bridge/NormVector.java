package io.github.superpose.bridge;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link TransformerOps#addLayerNormInPlace(float[], float[], int, int, float[], float[], float,
 * io.github.superpose.core.WorkerPool)} for one row on the JDK's vector API: the residual add, mean
 * and variance (two passes, float sums in every lane, then across lanes) and the scale and shift,
 * each a few whole-vector operations. The float sums of a 384-wide row differ from the scalar
 * path's double sums by about 1e-7 relative, far inside the model's parity with ONNX Runtime.
 * Loaded only when {@link io.github.superpose.core.Simd#ENABLED}; for d a whole number of vectors.
 */
final class NormVector {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    private NormVector() {}

    /** x[o, o + d) = LayerNorm(y[o, o + d) + x[o, o + d)); y may be null (no residual). */
    static void row(float[] y, float[] x, int o, int d, float[] gamma, float[] beta, float eps) {
        FloatVector sum = FloatVector.zero(S);
        for (int j = 0; j < d; j += L) {
            FloatVector v = FloatVector.fromArray(S, x, o + j);
            if (y != null) {
                v = v.add(FloatVector.fromArray(S, y, o + j));
                v.intoArray(x, o + j);
            }
            sum = sum.add(v);
        }
        float mean = sum.reduceLanes(VectorOperators.ADD) / d;
        FloatVector sq = FloatVector.zero(S);
        for (int j = 0; j < d; j += L) {
            FloatVector c = FloatVector.fromArray(S, x, o + j).sub(mean);
            sq = c.fma(c, sq);
        }
        float var = sq.reduceLanes(VectorOperators.ADD) / d;
        float inv = (float) (1.0 / Math.sqrt(var + eps));
        for (int j = 0; j < d; j += L) {
            FloatVector c = FloatVector.fromArray(S, x, o + j).sub(mean).mul(inv);
            c.fma(FloatVector.fromArray(S, gamma, j), FloatVector.fromArray(S, beta, j))
                    .intoArray(x, o + j);
        }
    }
}
