package io.github.superpose.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.superpose.core.JavaBackend;
import io.github.superpose.core.Rng;
import io.github.superpose.core.Tape;
import io.github.superpose.core.Tensor;
import io.github.superpose.io.Safetensors;
import io.github.superpose.io.SafetensorsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparseAutoencoderTest {
    static final JavaBackend BE = new JavaBackend(1);

    @TempDir
    Path dir;

    static float[] randomRows(int n, int d, long seed) {
        Rng r = Rng.forStream(seed, 0);
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    @Test
    void topKMaskKeepsTheLargestPerRow() {
        float[] pre = {0.1f, 3f, -1f, 2f, 5f, 5f, 0f, -2f};
        float[] m = SparseAutoencoder.topKMask(pre, 2, 4, 2);
        assertArrayEquals(new float[] {0, 1, 0, 1, 1, 1, 0, 0}, m);
    }

    @Test
    void plainEncodeDecodeAgreesWithTheTapeForward() {
        SaeConfig c = SaeConfig.relu(6, 10, 0.5);
        SparseAutoencoder sae = SparseAutoencoder.init(c, Rng.forStream(1, 0), BE);
        Rng r = Rng.forStream(2, 0);
        for (int i = 0; i < sae.bEnc().length; i++) {
            sae.bEnc()[i] = (float) (0.05 * r.nextGaussian());
        }
        float[] x = randomRows(5, 6, 3);
        SparseAutoencoder.Losses l = sae.loss(new Tape(BE), Tensor.of(x, 5, 6), 0.5f);
        assertArrayEquals(l.f().data(), sae.encode(x, 5), 1e-6f);
        float[] xHat = sae.decode(sae.encode(x, 5), 5);
        double mse = 0;
        for (int i = 0; i < x.length; i++) {
            mse += (x[i] - xHat[i]) * (x[i] - xHat[i]);
        }
        assertEquals(mse / 5, l.mse().item(), 1e-4);
    }

    @Test
    void foldingTheInputScaleKeepsLatentsAndReconstructions() {
        SaeConfig c = SaeConfig.relu(4, 7, 0.1);
        SparseAutoencoder sae = SparseAutoencoder.init(c, Rng.forStream(4, 0), BE);
        sae.bDec()[0] = 0.3f;
        float[] x = randomRows(6, 4, 5);
        float s = 2.5f;
        float[] xs = x.clone();
        for (int i = 0; i < xs.length; i++) {
            xs[i] *= s;
        }
        float[] fScaled = sae.encode(xs, 6);
        float[] recScaled = sae.decode(fScaled, 6);
        sae.foldInputScaleInPlace(s);
        assertArrayEquals(fScaled, sae.encode(x, 6), 1e-5f);
        float[] rec = sae.decode(sae.encode(x, 6), 6);
        for (int i = 0; i < rec.length; i++) {
            assertEquals(recScaled[i] / s, rec[i], 1e-5);
        }
        float[] before = sae.decode(sae.encode(x, 6), 6);
        sae.normalizeDecoderInPlace(true);
        assertArrayEquals(before, sae.decode(sae.encode(x, 6), 6), 1e-5f);
        for (double n : sae.decoderNorms()) {
            assertEquals(1.0, n, 1e-6);
        }
    }

    @Test
    void metricsOfAPerfectAndAnEmptyReconstruction() {
        // an SAE whose decoder is the identity on 3 dims and encoder too: x̂ = relu(x) = x for x ≥ 0
        SaeConfig c = SaeConfig.relu(3, 3, 0);
        float[] eye = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        SparseAutoencoder sae = new SparseAutoencoder(c, eye.clone(), new float[3], eye.clone(), new float[3], BE);
        float[] x = {1, 0, 2, 0, 3, 0, 0.5f, 0.5f, 0};
        SaeMetrics m = SaeMetrics.evaluate(sae, x, 3);
        assertEquals(1.0, m.explainedVariance(), 1e-9);
        assertEquals(0.0, m.mse(), 1e-12);
        assertEquals(1.0, m.cosSim(), 1e-6);
        assertEquals(1.0, m.relativeReconstructionBias(), 1e-6);
        assertEquals(5.0 / 3, m.l0(), 1e-9);
        assertArrayEquals(new double[] {2.0 / 3, 2.0 / 3, 1.0 / 3}, m.density(), 1e-12);
        assertEquals(0, m.deadCount());
        float[] wOut = {1, 2, 0, 1, -1, 1};
        assertEquals(1.0, SaeMetrics.mlpOutLossRecovered(x, x, 3, 3, wOut, 2), 1e-9);
        assertEquals(0.0, SaeMetrics.mlpOutLossRecovered(x, new float[9], 3, 3, wOut, 2), 1e-9);
    }

    @Test
    void saeLensFolderRoundTrip() throws Exception {
        SaeConfig c = SaeConfig.batchTopK(5, 9, 2).withSteps(30).withBatchSize(16);
        ActivationSet data = ActivationSet.of(randomRows(200, 5, 6), 200, 5);
        SparseAutoencoder sae =
                SaeTrainer.train(c, data, BE, ProgressListener.NONE).sae();
        SaeLensFormat.save(dir, sae, "blocks.0.mlp.hook_post", "toy");
        try (SafetensorsFile f = Safetensors.read(dir.resolve(SaeLensFormat.WEIGHTS))) {
            assertArrayEquals(new long[] {5, 9}, f.info("W_enc").shape());
            assertArrayEquals(new long[] {9, 5}, f.info("W_dec").shape());
            assertEquals("F32", f.info("b_enc").dtype());
        }
        assertTrue(Files.readString(dir.resolve(SaeLensFormat.CFG)).contains("\"architecture\" : \"batchtopk\""));
        SparseAutoencoder back = SaeLensFormat.load(dir, BE);
        float[] x = randomRows(4, 5, 7);
        assertArrayEquals(sae.encode(x, 4), back.encode(x, 4));
        assertEquals(sae.threshold(), back.threshold());

        Files.writeString(dir.resolve(SaeLensFormat.CFG), "{\"architecture\": \"gated\", \"d_in\": 5, \"d_sae\": 9}");
        BridgeInputException e = assertThrows(BridgeInputException.class, () -> SaeLensFormat.load(dir, BE));
        assertTrue(e.getMessage().contains("cfg.json") && e.getMessage().contains("gated"), e.getMessage());
        Files.writeString(
                dir.resolve(SaeLensFormat.CFG), "{\"architecture\": \"standard\", \"d_in\": 6, \"d_sae\": 9}");
        e = assertThrows(BridgeInputException.class, () -> SaeLensFormat.load(dir, BE));
        assertTrue(e.getMessage().contains("W_enc has shape [5, 9]"), e.getMessage());
    }
}
