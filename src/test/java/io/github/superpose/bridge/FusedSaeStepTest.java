package io.github.superpose.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.superpose.core.JavaBackend;
import io.github.superpose.core.Rng;
import io.github.superpose.core.Tape;
import io.github.superpose.core.Tensor;
import io.github.superpose.core.WorkerPool;
import org.junit.jupiter.api.Test;

/**
 * The fused SAE step against the tape: same loss and same gradients of W_enc, b_enc, W_dec, b_dec for
 * every kind, on sizes that leave remainders everywhere (37 rows, d_in 13, 20 latents); bit-identical
 * results at 1 and 3 threads; and JumpReLU's straight-through θ gradient against its formula.
 */
class FusedSaeStepTest {
    static final int B = 37;
    static final int DIN = 13;
    static final int DS = 20;

    static SparseAutoencoder sae(SaeConfig c, long seed) {
        SparseAutoencoder s = SparseAutoencoder.init(c, Rng.forStream(seed, 0), new JavaBackend(1));
        Rng r = Rng.forStream(seed, 1);
        for (int j = 0; j < DS; j++) {
            s.bEnc()[j] = (float) (0.1 * r.nextGaussian());
        }
        for (int i = 0; i < DIN; i++) {
            s.bDec()[i] = (float) (0.1 * r.nextGaussian());
        }
        // a decoder not tied to the encoder, with rows of unequal norm, so no gradient term hides
        for (int i = 0; i < s.wDec().length; i++) {
            s.wDec()[i] += (float) (0.05 * r.nextGaussian());
        }
        return s;
    }

    static void checkAgainstTape(SaeConfig c, float l1) {
        SparseAutoencoder s = sae(c, 4);
        if (c.kind() == SaeConfig.Kind.JUMPRELU) {
            java.util.Arrays.fill(s.jumpThresholds(), 0.05f);
        }
        float[] x = SparseAutoencoderTest.randomRows(B, DIN, 9);
        Tape tape = new Tape(new JavaBackend(1));
        SparseAutoencoder.Losses l = s.loss(tape, Tensor.of(x, B, DIN), l1);
        tape.backward(l.total());
        try (WorkerPool w = WorkerPool.forThreads(2, "sae")) {
            FusedSaeStep step = new FusedSaeStep(c, B, w);
            // twice: the second BatchTopK selection starts from the first one's cut
            step.lossAndGrad(x, s, s.jumpThresholds(), l1);
            double loss = step.lossAndGrad(x, s, s.jumpThresholds(), l1);
            double expected = l.total().item();
            if (c.kind() == SaeConfig.Kind.JUMPRELU) {
                expected += l1 * step.l0();
                assertTrue(step.l0() > 0 && step.l0() < DS, "some latents fire: " + step.l0());
            }
            assertEquals(expected, loss, 1e-4 * Math.abs(expected), c.kind() + " loss");
            assertClose(s.W_enc.grad(), step.gWEnc, c.kind() + " W_enc");
            assertClose(s.b_enc.grad(), step.gBEnc, c.kind() + " b_enc");
            assertClose(s.W_dec.grad(), step.gWDec, c.kind() + " W_dec");
            assertClose(s.b_dec.grad(), step.gBDec, c.kind() + " b_dec");
        }
    }

    static void assertClose(float[] want, float[] got, String what) {
        double scale = 1e-6;
        for (float v : want) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-4 * scale, what + "[" + i + "]");
        }
    }

    @Test
    void reluL1GradientsMatchTheTape() {
        checkAgainstTape(SaeConfig.relu(DIN, DS, 0.7), 0.7f);
    }

    @Test
    void topKGradientsMatchTheTape() {
        checkAgainstTape(SaeConfig.topK(DIN, DS, 3), 0f);
    }

    @Test
    void batchTopKGradientsMatchTheTape() {
        checkAgainstTape(SaeConfig.batchTopK(DIN, DS, 3), 0f);
    }

    @Test
    void jumpReluWeightGradientsMatchTheTape() {
        checkAgainstTape(SaeConfig.jumpRelu(DIN, DS, 0.3), 0.3f);
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        SaeConfig c = SaeConfig.batchTopK(DIN, DS, 3).withBatchSize(B);
        float[] x = SparseAutoencoderTest.randomRows(B, DIN, 9);
        float[][] got = new float[2][];
        for (int t = 0; t < 2; t++) {
            SparseAutoencoder s = sae(c, 4);
            try (WorkerPool w = WorkerPool.forThreads(t == 0 ? 1 : 3, "sae")) {
                FusedSaeStep step = new FusedSaeStep(c, B, w);
                step.lossAndGrad(x, s, null, 0f);
                got[t] = concat(step.gWEnc, step.gWDec, step.gBEnc, step.gBDec);
            }
        }
        assertArrayEquals(got[0], got[1]);
    }

    /** Whole training runs, resampling included, give the same SAE at 1 and 2 threads. */
    @Test
    void trainingIsIdenticalAtAnyThreadCount() {
        PlantedFeatures truth = PlantedFeatures.random(24, 12, 0.05, 3);
        ActivationSet data = truth.sample(4000, 4);
        SaeConfig c = SaeOptions.config("batchtopk", 12, 0, 0, null, 200, 100, 3e-3, 0);
        float[][] w = new float[2][];
        for (int t = 0; t < 2; t++) {
            SaeTrainer.Result r = SaeTrainer.train(c, data, new JavaBackend(t + 1), ProgressListener.NONE);
            w[t] = concat(
                    r.sae().wEnc(), r.sae().wDec(), r.sae().bEnc(), r.sae().bDec());
            assertTrue(r.deadBefore() >= 0, "a resampling was due");
        }
        assertArrayEquals(w[0], w[1]);
    }

    /** θ_j is put 1e-4 above latent j's largest pre-activation, inside the rectangle of half-width ε/2. */
    @Test
    void jumpReluThresholdGradientIsTheStraightThroughEstimate() {
        SaeConfig c = SaeConfig.jumpRelu(DIN, DS, 0.3);
        SparseAutoencoder s = sae(c, 5);
        float[] x = SparseAutoencoderTest.randomRows(B, DIN, 9);
        double[][] pre = new double[B][DS];
        for (int r = 0; r < B; r++) {
            for (int j = 0; j < DS; j++) {
                double v = s.bEnc()[j];
                for (int i = 0; i < DIN; i++) {
                    v += (x[r * DIN + i] - s.bDec()[i]) * s.wEnc()[i * DS + j];
                }
                pre[r][j] = v;
            }
        }
        float[] theta = s.jumpThresholds();
        for (int j = 0; j < DS; j++) {
            double top = 0;
            for (int r = 0; r < B; r++) {
                top = Math.max(top, pre[r][j]);
            }
            theta[j] = (float) Math.max(1e-3, top + 1e-4);
        }
        float lambda = 0.3f;
        try (WorkerPool w = WorkerPool.forThreads(1, "sae")) {
            FusedSaeStep step = new FusedSaeStep(c, B, w);
            step.lossAndGrad(x, s, theta, lambda);
            float[] f = s.encode(x, B);
            float[] xHat = s.decode(f, B);
            float eps = FusedSaeStep.BANDWIDTH;
            int inBand = 0;
            for (int j = 0; j < DS; j++) {
                double g = 0;
                for (int r = 0; r < B; r++) {
                    double u = (pre[r][j] - theta[j]) / eps;
                    if (u > -0.5 && u < 0.5) {
                        inBand++;
                        double df = 0;
                        for (int i = 0; i < DIN; i++) {
                            df += 2.0 / B * (xHat[r * DIN + i] - x[r * DIN + i]) * s.wDec()[j * DIN + i];
                        }
                        g += -(theta[j] / eps) * df - lambda / (B * eps);
                    }
                }
                assertEquals(theta[j] * g, step.gLogTheta[j], 1e-3 * Math.max(1, Math.abs(theta[j] * g)), "log θ " + j);
            }
            assertTrue(inBand >= DS / 2, "the test must exercise the band: " + inBand);
        }
    }

    static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] out = new float[n];
        int o = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
