package io.github.superpose.sim.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.superpose.core.Rng;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Both fused kernels against an independent double-precision reference on the same batch:
 * loss, analytic gradient, and central finite differences of the reference loss.
 */
class FusedGradientTest {
    private static final int N = 7;
    private static final int M = 3;
    private static final int BATCH = 70;

    @ParameterizedTest
    @CsvSource({"false, 1.0", "true, 1.0", "false, 0.3", "true, 0.3", "false, 0.05", "true, 0.05"})
    void kernelsMatchReference(boolean relu, float density) {
        Random r = new Random(11);
        float[] W = new float[N * M];
        float[] b = new float[N];
        float[] imp = new float[N];
        for (int k = 0; k < W.length; k++) {
            W[k] = (float) (0.6 * r.nextGaussian());
        }
        for (int f = 0; f < N; f++) {
            b[f] = (float) (0.2 * r.nextGaussian());
            imp[f] = (float) Math.pow(0.8, f);
        }
        float[] dens = new float[N];
        Arrays.fill(dens, density);
        BatchSampler batch = new BatchSampler(Rng.forStream(5, 0), BATCH, dens);
        batch.sample();
        double[][] x = denseBatch(batch);

        double[] refDW = new double[N * M];
        double[] refDb = new double[N];
        double refLoss = reference(x, toDouble(W), toDouble(b), imp, relu, refDW, refDb);
        assertTrue(Arrays.stream(refDW).anyMatch(v -> v != 0), "gradient should not vanish");

        for (GradKernel k : new GradKernel[] {
            new GramKernel(N, M, BATCH, relu, imp),
            new BlockKernel(N, M, BATCH, relu, imp),
            new PanelKernel(N, M, BATCH, relu, imp, null)
        }) {
            float[] dW = new float[N * M];
            float[] db = new float[N];
            double loss = k.lossAndGrad(W, b, batch, dW, db);
            String name = k.getClass().getSimpleName();
            assertEquals(refLoss, loss, 1e-5 * Math.abs(refLoss) + 1e-9, name + " loss");
            assertClose(refDW, dW, name + " dW");
            assertClose(refDb, db, name + " db");
        }
        finiteDifferences(x, W, b, imp, relu, refDW, refDb);
    }

    private static void finiteDifferences(
            double[][] x, float[] W, float[] b, float[] imp, boolean relu, double[] dW, double[] db) {
        double h = 1e-6;
        double[] w = toDouble(W);
        double[] bb = toDouble(b);
        for (int k = 0; k < w.length; k++) {
            double keep = w[k];
            w[k] = keep + h;
            double up = reference(x, w, bb, imp, relu, null, null);
            w[k] = keep - h;
            double down = reference(x, w, bb, imp, relu, null, null);
            w[k] = keep;
            assertEquals((up - down) / (2 * h), dW[k], 1e-6 + 1e-4 * Math.abs(dW[k]), "finite difference dW " + k);
        }
        for (int f = 0; f < bb.length; f++) {
            double keep = bb[f];
            bb[f] = keep + h;
            double up = reference(x, w, bb, imp, relu, null, null);
            bb[f] = keep - h;
            double down = reference(x, w, bb, imp, relu, null, null);
            bb[f] = keep;
            assertEquals((up - down) / (2 * h), db[f], 1e-6 + 1e-4 * Math.abs(db[f]), "finite difference db " + f);
        }
    }

    /**
     * loss = mean_{s,f} I_f (x_sf − act(Σ_j W_fj h_sj + b_f))², h_s = Wᵀ x_s; written from the
     * formula, sample by sample; fills dW, db when non-null.
     */
    static double reference(double[][] x, double[] W, double[] b, float[] imp, boolean relu, double[] dW, double[] db) {
        double loss = 0;
        double scale = 1.0 / (x.length * N);
        for (double[] xs : x) {
            double[] hid = new double[M];
            for (int f = 0; f < N; f++) {
                for (int j = 0; j < M; j++) {
                    hid[j] += W[f * M + j] * xs[f];
                }
            }
            double[] dOut = new double[N];
            for (int f = 0; f < N; f++) {
                double pre = b[f];
                for (int j = 0; j < M; j++) {
                    pre += W[f * M + j] * hid[j];
                }
                double out = relu ? Math.max(0, pre) : pre;
                loss += imp[f] * (xs[f] - out) * (xs[f] - out) * scale;
                dOut[f] = (relu && pre <= 0) ? 0 : 2 * imp[f] * (out - xs[f]) * scale;
            }
            if (dW == null) {
                continue;
            }
            double[] dHid = new double[M];
            for (int f = 0; f < N; f++) {
                db[f] += dOut[f];
                for (int j = 0; j < M; j++) {
                    dHid[j] += dOut[f] * W[f * M + j];
                    dW[f * M + j] += dOut[f] * hid[j];
                }
            }
            for (int f = 0; f < N; f++) {
                for (int j = 0; j < M; j++) {
                    dW[f * M + j] += xs[f] * dHid[j];
                }
            }
        }
        return loss;
    }

    private static double[][] denseBatch(BatchSampler batch) {
        double[][] x = new double[BATCH][N];
        for (int s = 0; s < BATCH; s++) {
            for (int e = batch.rowStart[s]; e < batch.rowStart[s + 1]; e++) {
                x[s][batch.feat[e]] = batch.val[e];
            }
        }
        return x;
    }

    private static void assertClose(double[] want, float[] got, String what) {
        double scale = Arrays.stream(want).map(Math::abs).max().orElse(0);
        for (int k = 0; k < want.length; k++) {
            assertEquals(want[k], got[k], 1e-5 * scale + 1e-9, what + "[" + k + "]");
        }
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int k = 0; k < a.length; k++) {
            d[k] = a[k];
        }
        return d;
    }
}
