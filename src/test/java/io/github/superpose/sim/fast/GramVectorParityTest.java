package io.github.superpose.sim.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.superpose.core.Rng;
import org.junit.jupiter.api.Test;

/** The jdk.incubator.vector loop of GramKernel must give the scalar loop's bits exactly. */
class GramVectorParityTest {
    @Test
    void vectorAndScalarPathsAgreeBitForBit() {
        for (int n : new int[] {5, 20, 37}) {
            for (boolean relu : new boolean[] {true, false}) {
                int m = 4;
                int batch = 300;
                float[] density = new float[n];
                java.util.Arrays.fill(density, 0.08f);
                float[] importance = new float[n];
                float[] W = new float[n * m];
                float[] b = new float[n];
                Rng init = Rng.forStream(7, n, 1);
                for (int f = 0; f < n; f++) {
                    importance[f] = (float) Math.pow(0.9, f);
                    b[f] = (float) (0.1 * init.nextGaussian());
                }
                for (int k = 0; k < W.length; k++) {
                    W[k] = (float) (0.4 * init.nextGaussian());
                }
                BatchSampler data = new BatchSampler(Rng.forStream(3, n), batch, density);
                data.sample();
                float[] dW1 = new float[n * m];
                float[] db1 = new float[n];
                float[] dW2 = new float[n * m];
                float[] db2 = new float[n];
                double l1 = new GramKernel(n, m, batch, relu, importance, false).lossAndGrad(W, b, data, dW1, db1);
                double l2 = new GramKernel(n, m, batch, relu, importance, true).lossAndGrad(W, b, data, dW2, db2);
                assertEquals(Double.doubleToRawLongBits(l1), Double.doubleToRawLongBits(l2), "loss n=" + n);
                assertArrayEquals(bits(dW1), bits(dW2), "dW n=" + n);
                assertArrayEquals(bits(db1), bits(db2), "db n=" + n);
            }
        }
    }

    private static int[] bits(float[] a) {
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = Float.floatToRawIntBits(a[i]);
        }
        return out;
    }
}
