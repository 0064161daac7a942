package io.github.superpose.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.superpose.core.JavaBackend;
import io.github.superpose.io.NdArray;
import io.github.superpose.io.Safetensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared SAE validator's defaults and refusals, and the SAELens reader's refusals. */
class SaeOptionsTest {
    static final JavaBackend BE = new JavaBackend(1);

    @TempDir
    Path dir;

    static void refused(String option, String needle, org.junit.jupiter.api.function.Executable call) {
        BridgeInputException e = assertThrows(BridgeInputException.class, call);
        assertTrue(e.getMessage().startsWith(option) && e.getMessage().contains(needle), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line");
    }

    @Test
    void defaultsFollowTheInputWidth() {
        SaeConfig small = SaeOptions.config("batchtopk", 32, 0, 0, null, 100, 64, 1e-3, 0);
        assertEquals(128, small.dSae());
        assertEquals(4, small.k());
        SaeConfig tiny = SaeOptions.config("topk", 2, 0, 0, null, 100, 64, 1e-3, 0);
        assertEquals(8, tiny.dSae());
        assertEquals(1, tiny.k());
        assertEquals(64, SaeOptions.defaultK(1536));
        assertEquals(6144, SaeOptions.defaultLatents(1536));
        assertEquals(
                SaeConfig.Kind.JUMPRELU,
                SaeOptions.config("JumpReLU", 8, 0, 0, null, 1, 1, 1e-3, 0).kind());
    }

    @Test
    void badOptionsAreRefusedNamingTheOption() {
        refused("--kind", "relu, topk, batchtopk or jumprelu", () -> SaeOptions.kind("foo"));
        refused("--l1", "-1.0", () -> SaeOptions.config("relu", 8, 0, 0, -1.0, 10, 8, 1e-3, 0));
        refused("--l1", "NaN", () -> SaeOptions.config("relu", 8, 0, 0, Double.NaN, 10, 8, 1e-3, 0));
        refused("--lr", "Infinity", () -> SaeOptions.config("relu", 8, 0, 0, 1.0, 10, 8, Double.POSITIVE_INFINITY, 0));
        refused("--lr", "1.0E30", () -> SaeOptions.config("relu", 8, 0, 0, 1.0, 10, 8, 1e30, 0));
        refused("--lr", "0.0", () -> SaeOptions.config("relu", 8, 0, 0, 1.0, 10, 8, 0, 0));
        refused("--k", "1000000", () -> SaeOptions.config("topk", 8, 16, 1_000_000, null, 10, 8, 1e-3, 0));
        refused("--k", "-2", () -> SaeOptions.config("batchtopk", 8, 16, -2, null, 10, 8, 1e-3, 0));
        refused("--steps", "0", () -> SaeOptions.config("topk", 8, 0, 0, null, 0, 8, 1e-3, 0));
        refused("--batch", "0", () -> SaeOptions.config("topk", 8, 0, 0, null, 10, 0, 1e-3, 0));
        refused("--latents", "-5", () -> SaeOptions.config("topk", 8, -5, 0, null, 10, 8, 1e-3, 0));
        refused(
                "--latents 2000000000",
                "GiB",
                () -> SaeOptions.config("topk", 8, 2_000_000_000, 0, null, 10, 8, 1e-3, 0));
    }

    @Test
    void plannedMemoryCountsTheLargeArrays() {
        long bytes = SaeOptions.plannedBytes(1536, 3072, 1024);
        // W_enc and W_dec with gradient and two moments alone are 8 · 1536 · 3072 floats = 151 MB
        assertTrue(bytes > 151_000_000L && bytes < 400_000_000L, Long.toString(bytes));
    }

    void saveSmall(String cfg, float poison) throws Exception {
        Map<String, NdArray> t = new LinkedHashMap<>();
        float[] wEnc = new float[4 * 6];
        wEnc[3] = poison;
        t.put("W_enc", NdArray.ofFloats(wEnc, 4, 6));
        t.put("W_dec", NdArray.ofFloats(new float[6 * 4], 6, 4));
        t.put("b_enc", NdArray.ofFloats(new float[6], 6));
        t.put("b_dec", NdArray.ofFloats(new float[4], 4));
        t.put("threshold", NdArray.ofFloats(new float[] {1, 1, 1, 1, 1, 1}, 6));
        Safetensors.write(dir.resolve(SaeLensFormat.WEIGHTS), t, Map.of("format", "pt"));
        Files.writeString(dir.resolve(SaeLensFormat.CFG), cfg);
    }

    @Test
    void saeLensFoldersWithBadSettingsOrWeightsAreRefused() throws Exception {
        saveSmall("{\"architecture\": \"topk\", \"d_in\": 4, \"d_sae\": 6, \"k\": 0}", 0f);
        refused(dir.resolve("cfg.json").toString(), "k must be an integer in 1..6", () -> SaeLensFormat.load(dir, BE));
        saveSmall("{\"architecture\": \"batchtopk\", \"d_in\": 4, \"d_sae\": 6, \"k\": 1000000}", 0f);
        refused(dir.resolve("cfg.json").toString(), "1000000", () -> SaeLensFormat.load(dir, BE));
        saveSmall(
                "{\"architecture\": \"standard\", \"d_in\": 4, \"d_sae\": 6, "
                        + "\"normalize_activations\": \"expected_average_only_in\"}",
                0f);
        refused(dir.resolve("cfg.json").toString(), "normalize_activations", () -> SaeLensFormat.load(dir, BE));
        saveSmall("{\"architecture\": \"standard\", \"d_in\": 4, \"d_sae\": 6}", Float.NaN);
        BridgeInputException e = assertThrows(BridgeInputException.class, () -> SaeLensFormat.load(dir, BE));
        assertTrue(e.getMessage().contains("W_enc[3] is NaN"), e.getMessage());
        saveSmall(
                "{\"architecture\": \"jumprelu\", \"d_in\": 4, \"d_sae\": 6, \"normalize_activations\": \"none\"}", 0f);
        assertArrayEquals(
                new float[] {1, 1, 1, 1, 1, 1}, SaeLensFormat.load(dir, BE).jumpThresholds());
    }

    /**
     * JumpReLU learns its thresholds only through the straight-through estimate: the L0 penalty must
     * push them up (above their 0.001 start, and above a run without penalty), while the SAE still
     * reconstructs; the thresholds survive a save and load.
     */
    @Test
    void jumpReluThresholdsRiseUnderTheL0PenaltyAndRoundTrip() throws Exception {
        PlantedFeatures truth = PlantedFeatures.random(24, 12, 0.05, 3);
        ActivationSet data = truth.sample(8000, 4);
        double[] meanTheta = new double[2];
        SaeTrainer.Result r = null;
        for (int run = 0; run < 2; run++) {
            SaeConfig c = SaeOptions.config("jumprelu", 12, 48, 0, run == 0 ? 0.0 : 1.0, 600, 128, 3e-3, 0);
            r = SaeTrainer.train(c, data, BE, ProgressListener.NONE);
            for (float t : r.sae().jumpThresholds()) {
                meanTheta[run] += t / 48.0;
            }
        }
        assertTrue(
                meanTheta[1] > meanTheta[0] && meanTheta[1] > SaeTrainer.JUMP_INIT / r.inputScale(),
                "θ without and with the L0 penalty: " + java.util.Arrays.toString(meanTheta));
        assertTrue(
                r.metrics().explainedVariance() > 0.8,
                "JumpReLU reconstructs: " + r.metrics().explainedVariance());
        SaeLensFormat.save(dir, r.sae(), "acts", "planted");
        SparseAutoencoder back = SaeLensFormat.load(dir, BE);
        float[] x = truth.sample(5, 9).acts();
        assertArrayEquals(r.sae().encode(x, 5), back.encode(x, 5));
        assertArrayEquals(r.sae().jumpThresholds(), back.jumpThresholds());
    }
}
