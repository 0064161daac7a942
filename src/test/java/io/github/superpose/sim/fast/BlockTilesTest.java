package io.github.superpose.sim.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.superpose.core.Rng;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** BlockKernel's vector lane loops ({@link BlockTiles}) give the scalar loops' bits. */
class BlockTilesTest {
    @ParameterizedTest
    @CsvSource({
        "HIDDEN_RELU, false, 10, 5, 0.75",
        "HIDDEN_RELU, false, 10, 5, 0.05",
        "HIDDEN_RELU, false, 7, 8, 0.3",
        "HIDDEN_RELU, true, 10, 5, 0.3",
        "RELU, false, 20, 5, 0.2",
        "RELU, false, 12, 4, 1.0",
        "LINEAR, false, 9, 3, 0.5",
        "ABS, true, 10, 6, 0.3"
    })
    void vectorLoopsHaveTheScalarBits(FusedModel model, boolean signed, int n, int m, float density) {
        assertTrue(BlockKernel.VECTOR, "the build's tests run with the vector module");
        Random r = new Random(n * 31 + m);
        float[] w = new float[model.weightSize(n, m)];
        float[] b = new float[n];
        float[] imp = new float[n];
        for (int k = 0; k < w.length; k++) {
            w[k] = (float) (0.5 * r.nextGaussian());
        }
        for (int f = 0; f < n; f++) {
            b[f] = (float) (0.1 * r.nextGaussian());
            imp[f] = (float) Math.pow(0.8, f);
        }
        float[] dens = new float[n];
        Arrays.fill(dens, density);
        int batch = 300;
        BlockKernel vec = new BlockKernel(model, signed, n, m, batch, imp, true);
        BlockKernel sca = new BlockKernel(model, signed, n, m, batch, imp, false);
        BatchSampler data = new BatchSampler(Rng.forStream(9, n), batch, dens, signed);
        for (int step = 0; step < 3; step++) {
            data.sample();
            float[] dW1 = new float[w.length];
            float[] db1 = new float[n];
            float[] dW2 = new float[w.length];
            float[] db2 = new float[n];
            double l1 = vec.lossAndGrad(w, b, data, dW1, db1);
            double l2 = sca.lossAndGrad(w, b, data, dW2, db2);
            assertEquals(Double.doubleToRawLongBits(l2), Double.doubleToRawLongBits(l1), "loss");
            assertArrayEquals(bits(dW2), bits(dW1), "dW");
            assertArrayEquals(bits(db2), bits(db1), "db");
            assertTrue(Arrays.stream(bits(dW1)).anyMatch(v -> v != 0), "dW should not vanish");
            // move the weights so the next batch sees other gates
            for (int k = 0; k < w.length; k++) {
                w[k] -= 0.5f * dW1[k];
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
