package io.github.superpose.sim.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.superpose.core.JavaBackend;
import io.github.superpose.core.Rng;
import io.github.superpose.core.Tape;
import io.github.superpose.core.Tensor;
import io.github.superpose.sim.Losses;
import io.github.superpose.sim.ModelKind;
import io.github.superpose.sim.ToyModel;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The hidden-ReLU and abs kernels against the autograd tape: same weights, same batch, so loss
 * and every gradient must agree to float rounding. Both the lane kernel (small models) and the
 * panel kernel (large ones) are checked, on dense and sparse batches, signed and not.
 */
class HiddenKernelGradientTest {
    private static final int BATCH = 150;

    @ParameterizedTest
    @CsvSource({
        "HIDDEN_RELU, false, 1.0",
        "HIDDEN_RELU, false, 0.3",
        "HIDDEN_RELU, false, 0.1",
        "HIDDEN_RELU, false, 0.02",
        "HIDDEN_RELU, true, 0.3",
        "ABS, true, 1.0",
        "ABS, true, 0.3",
        "ABS, true, 0.02",
        "ABS, false, 0.3"
    })
    void kernelsMatchTape(FusedModel model, boolean signed, float density) {
        for (int[] nm : new int[][] {{9, 5}, {10, 6}}) {
            int n = nm[0];
            int m = nm[1];
            Random r = new Random(5 + n);
            float[] w = new float[model.weightSize(n, m)];
            float[] b = new float[n];
            float[] imp = new float[n];
            for (int k = 0; k < w.length; k++) {
                w[k] = (float) (0.5 * r.nextGaussian());
            }
            for (int f = 0; f < n; f++) {
                // some biases positive, so samples with x = 0 still carry a gradient
                b[f] = (float) (0.1 * r.nextGaussian());
                imp[f] = (float) Math.pow(0.85, f);
            }
            float[] dens = new float[n];
            Arrays.fill(dens, density);
            BatchSampler batch = new BatchSampler(Rng.forStream(3, n), BATCH, dens, signed);
            batch.sample();

            float[][] want = tape(model, signed, n, m, w, b, imp, batch);
            assertTrue(Arrays.stream(boxed(want[0])).anyMatch(v -> v != 0f), "dW should not vanish");
            List<GradKernel> kernels = List.of(
                    new BlockKernel(model, signed, n, m, BATCH, imp),
                    new PanelKernel(model, signed, n, m, BATCH, imp, null),
                    // the untied model's sparse path for the products on x
                    new PanelKernel(model, signed, n, m, BATCH, imp, 0.0, null));
            for (GradKernel k : kernels) {
                float[] dW = new float[w.length];
                float[] db = new float[n];
                double loss = k.lossAndGrad(w, b, batch, dW, db);
                String name = k.getClass().getSimpleName() + " " + n + "x" + m;
                assertEquals(want[2][0], loss, 2e-6 * Math.abs(want[2][0]) + 1e-9, name + " loss");
                assertClose(want[0], dW, name + " dW");
                assertClose(want[1], db, name + " db");
            }
        }
    }

    /** {dW (kernel layout), db, {loss}} from the tape on the same batch. */
    /**
     * The untied model's sparse path leaves out only exact-zero terms of the dense path's chains,
     * so it gives the same bits, on a sparse batch large enough for several chunks and parts.
     */
    @ParameterizedTest
    @CsvSource({"0.3", "0.05", "0.005"})
    void sparsePathHasTheDensePathsBits(float density) {
        int n = 37;
        int m = 21;
        int batch = 700;
        Random r = new Random(17);
        float[] w = new float[FusedModel.ABS.weightSize(n, m)];
        float[] b = new float[n];
        float[] imp = new float[n];
        for (int k = 0; k < w.length; k++) {
            w[k] = (float) (0.4 * r.nextGaussian());
        }
        for (int f = 0; f < n; f++) {
            b[f] = (float) (0.1 * r.nextGaussian());
            imp[f] = (float) Math.pow(0.9, f);
        }
        float[] dens = new float[n];
        Arrays.fill(dens, density);
        BatchSampler data = new BatchSampler(Rng.forStream(9, n), batch, dens, true);
        data.sample();
        float[][] got = new float[2][];
        double[] loss = new double[2];
        for (int k = 0; k < 2; k++) {
            PanelKernel kernel = new PanelKernel(FusedModel.ABS, true, n, m, batch, imp, k == 0 ? 1.0 : 0.0, null);
            got[k] = new float[w.length + n];
            float[] db = new float[n];
            loss[k] = kernel.lossAndGrad(w, b, data, got[k], db);
            System.arraycopy(db, 0, got[k], w.length, n);
        }
        assertTrue(Arrays.stream(boxed(got[0])).anyMatch(v -> v != 0f), "the gradient should not vanish");
        assertEquals(loss[0], loss[1], "loss");
        org.junit.jupiter.api.Assertions.assertArrayEquals(got[0], got[1], "dW1, dW2 and db, density " + density);
    }

    private static float[][] tape(
            FusedModel model, boolean signed, int n, int m, float[] w, float[] b, float[] imp, BatchSampler batch) {
        boolean abs = model == FusedModel.ABS;
        Map<String, float[]> weights = new LinkedHashMap<>();
        if (abs) {
            weights.put("W1", Arrays.copyOfRange(w, 0, n * m));
            weights.put("W2", Arrays.copyOfRange(w, n * m, 2 * n * m));
        } else {
            weights.put("W", w.clone());
        }
        weights.put("b", b.clone());
        ToyModel toy = ToyModel.of(abs ? ModelKind.ABS : ModelKind.HIDDEN_RELU, 1, n, m, weights);
        float[] x = new float[BATCH * n];
        float[] y = new float[BATCH * n];
        for (int s = 0; s < BATCH; s++) {
            for (int e = batch.rowStart[s]; e < batch.rowStart[s + 1]; e++) {
                x[s * n + batch.feat[e]] = batch.val[e];
                y[s * n + batch.feat[e]] = signed ? Math.abs(batch.val[e]) : batch.val[e];
            }
        }
        Tape t = new Tape(new JavaBackend(1));
        Tensor[] loss = Losses.importanceMse(
                t, Tensor.of(y, 1, BATCH, n), toy.forward(t, Tensor.of(x, 1, BATCH, n)), Tensor.of(imp, 1, 1, n));
        t.backward(loss[0]);
        List<Tensor> p = toy.parameters();
        float[] dW =
                abs ? concat(p.get(0).grad(), p.get(1).grad()) : p.get(0).grad().clone();
        return new float[][] {dW, p.get(p.size() - 1).grad().clone(), {loss[0].item()}};
    }

    private static float[] concat(float[] a, float[] c) {
        float[] out = Arrays.copyOf(a, a.length + c.length);
        System.arraycopy(c, 0, out, a.length, c.length);
        return out;
    }

    private static Float[] boxed(float[] a) {
        Float[] out = new Float[a.length];
        for (int k = 0; k < a.length; k++) {
            out[k] = a[k];
        }
        return out;
    }

    private static void assertClose(float[] want, float[] got, String what) {
        double scale = 0;
        for (float v : want) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int k = 0; k < want.length; k++) {
            assertEquals(want[k], got[k], 1e-5 * scale + 1e-9, what + "[" + k + "]");
        }
    }
}
