package io.github.superpose.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.superpose.core.JavaBackend;
import io.github.superpose.io.NdArray;
import io.github.superpose.io.Npz;
import io.github.superpose.io.Safetensors;
import io.github.superpose.io.SafetensorsFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java GPT-2 forward pass against golden values from an independent PyTorch implementation
 * (src/test/resources/gpt2/make_tiny_gpt2.py, which also wrote the tiny checkpoint: n_embd 8, n_head 2,
 * n_layer 2, n_inner 32, n_positions 64, vocab 50257, "transformer."-prefixed keys, mask buffers).
 */
class Gpt2ModelTest {
    static final Path TINY = Path.of("src/test/resources/gpt2/tiny");
    static final Path GOLDEN = Path.of("src/test/resources/gpt2/golden.npz");
    static final double TOL = 1e-4;

    static Map<String, NdArray> golden;

    @TempDir
    Path dir;

    @BeforeAll
    static void readGolden() throws Exception {
        golden = Npz.read(GOLDEN);
    }

    static Gpt2Model tiny() {
        return Gpt2Model.load(TINY, new JavaBackend(1));
    }

    static String text(int k) {
        NdArray t = golden.get("text_" + k);
        byte[] b = new byte[(int) t.size()];
        long[] v = t.toLongs();
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) v[i];
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    static int[] ids(int k) {
        return java.util.Arrays.stream(golden.get("ids_" + k).toLongs())
                .mapToInt(Math::toIntExact)
                .toArray();
    }

    static double scalar(String name) {
        return golden.get(name).toDoubles()[0];
    }

    /** Max |a − b| over the golden logits columns and the full-vocabulary log-sum-exp of every row. */
    static double logitsDiff(Gpt2Model m, Gpt2Model.Output o, int k) {
        long[] cols = golden.get("columns").toLongs();
        double[] want = golden.get("logits_" + k).toDoubles();
        double[] lse = golden.get("lse_" + k).toDoubles();
        int v = m.weights().vocab();
        float[] z = m.logits(o, 0, o.tokens());
        double max = 0;
        for (int r = 0; r < o.tokens(); r++) {
            double top = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < v; c++) {
                top = Math.max(top, z[r * v + c]);
            }
            double s = 0;
            for (int c = 0; c < v; c++) {
                s += Math.exp(z[r * v + c] - top);
            }
            max = Math.max(max, Math.abs(top + Math.log(s) - lse[r]));
            for (int c = 0; c < cols.length; c++) {
                max = Math.max(max, Math.abs(z[r * v + (int) cols[c]] - want[r * cols.length + c]));
            }
        }
        return max;
    }

    static double maxDiff(float[] got, double[] want) {
        assertEquals(want.length, got.length);
        double max = 0;
        for (int i = 0; i < got.length; i++) {
            max = Math.max(max, Math.abs(got[i] - want[i]));
        }
        return max;
    }

    @Test
    void tokenizerGivesTheReferenceIds() {
        assertArrayEquals(
                new int[] {50256, 15496, 995},
                Gpt2Tokenizer.get().encode("Hello world", 64).ids());
        for (int k = 0; k < 3; k++) {
            Gpt2Tokenizer.Encoding e = Gpt2Tokenizer.get().encode(text(k), 64);
            assertArrayEquals(ids(k), e.ids(), text(k));
            assertFalse(e.truncated());
        }
        assertEquals(" cat", Gpt2Tokenizer.get().encode("The cat", 64).tokens().get(2));
        assertEquals(
                "<|endoftext|>", Gpt2Tokenizer.get().encode("x", 64).tokens().get(0));
    }

    @Test
    void forwardPassMatchesPyTorch() {
        Gpt2Model m = tiny();
        double postDiff = 0;
        double logitDiff = 0;
        double ceDiff = 0;
        for (int k = 0; k < 3; k++) {
            Gpt2Model.Capture c = m.capture(text(k));
            for (int l = 0; l < 2; l++) {
                postDiff = Math.max(
                        postDiff,
                        maxDiff(c.hookPost(l), golden.get("post_" + k + "_" + l).toDoubles()));
            }
            logitDiff = Math.max(logitDiff, logitsDiff(m, c.output(), k));
            double ce = m.crossEntropySum(c.output(), ids(k)) / (ids(k).length - 1);
            ceDiff = Math.max(ceDiff, Math.abs(ce - scalar("ce_" + k + "_clean")));
        }
        System.out.printf(
                "GPT-2 vs PyTorch: max |Δ hook_post| %.2e, max |Δ logits| %.2e, max |Δ CE| %.2e%n",
                postDiff, logitDiff, ceDiff);
        assertTrue(postDiff <= TOL, "hook_post diff " + postDiff);
        assertTrue(logitDiff <= TOL, "logits diff " + logitDiff);
        assertTrue(ceDiff <= TOL, "CE diff " + ceDiff);
    }

    @Test
    void splicedAndAblatedLossMatchPyTorch() {
        Gpt2Model m = tiny();
        Gpt2Model.Splice zero0 = (l, post, t) -> l == 0 ? new float[post.length] : post;
        Gpt2Model.Splice half1 = (l, post, t) -> {
            if (l != 1) {
                return post;
            }
            float[] h = post.clone();
            for (int i = 0; i < h.length; i++) {
                h[i] *= 0.5f;
            }
            return h;
        };
        for (int k = 0; k < 3; k++) {
            int[] ids = ids(k);
            double zero = m.crossEntropySum(m.forward(ids, zero0), ids) / (ids.length - 1);
            double half = m.crossEntropySum(m.forward(ids, half1), ids) / (ids.length - 1);
            assertEquals(scalar("ce_" + k + "_zero0"), zero, TOL);
            assertEquals(scalar("ce_" + k + "_half1"), half, TOL);
            // the splice changes the loss visibly, so the comparison above can fail
            assertTrue(Math.abs(zero - scalar("ce_" + k + "_clean")) > 0.01);
            // hook_post is recorded as computed, before the splice replaces it
            assertEquals(
                    0,
                    maxDiff(
                            m.forward(ids, zero0).hookPost(0),
                            golden.get("post_" + k + "_0").toDoubles()),
                    TOL);
        }
    }

    @Test
    void aPerturbedWeightBreaksParity() {
        Gpt2Model m = tiny();
        m.weights().blocks().get(1).W_QKV()[5] += 0.05f; // one query weight of layer 1
        Gpt2Model.Capture c = m.capture(text(1));
        assertEquals(0, maxDiff(c.hookPost(0), golden.get("post_1_0").toDoubles()), TOL, "layer 0 is untouched");
        assertTrue(maxDiff(c.hookPost(1), golden.get("post_1_1").toDoubles()) > 1e-3);
        assertTrue(logitsDiff(m, c.output(), 1) > 1e-3);
    }

    @Test
    void longTextIsCutToNPositions() {
        Gpt2Model.Capture c = tiny().capture("word ".repeat(200));
        assertEquals(64, c.output().tokens());
        assertTrue(c.encoding().truncated());
    }

    /** The tiny checkpoint's tensors under canonical names (no prefix), mask buffers included. */
    static Map<String, NdArray> canonicalTensors() throws Exception {
        Map<String, NdArray> out = new LinkedHashMap<>();
        try (SafetensorsFile f = Safetensors.read(TINY.resolve("model.safetensors"))) {
            for (String name : f.names()) {
                out.put(name.replaceFirst("^transformer\\.", ""), f.get(name));
            }
        }
        return out;
    }

    private Path folder(String name, Map<String, NdArray> tensors, String config) throws Exception {
        Path f = Files.createDirectories(dir.resolve(name));
        Files.writeString(f.resolve("config.json"), config);
        Safetensors.write(f.resolve("model.safetensors"), tensors, Map.of("format", "pt"));
        return f;
    }

    private Path sharded(Map<String, NdArray> tensors) throws Exception {
        Path f = Files.createDirectories(dir.resolve("sharded"));
        Files.copy(TINY.resolve("config.json"), f.resolve("config.json"));
        Map<String, NdArray> a = new LinkedHashMap<>();
        Map<String, NdArray> b = new LinkedHashMap<>();
        StringBuilder map = new StringBuilder("{\"metadata\": {}, \"weight_map\": {");
        tensors.forEach((k, v) -> {
            boolean first = k.startsWith("h.0.") || k.startsWith("w");
            (first ? a : b).put(k, v);
            map.append(map.charAt(map.length() - 1) == '{' ? "" : ", ")
                    .append('"')
                    .append(k)
                    .append("\": \"model-0000")
                    .append(first ? 1 : 2)
                    .append("-of-00002.safetensors\"");
        });
        Safetensors.write(f.resolve("model-00001-of-00002.safetensors"), a, Map.of());
        Safetensors.write(f.resolve("model-00002-of-00002.safetensors"), b, Map.of());
        Files.writeString(f.resolve("model.safetensors.index.json"), map + "}}");
        return f;
    }

    @Test
    void everyKeyStyleAndShardingRunsIdentically() throws Exception {
        Map<String, NdArray> t = canonicalTensors();
        assertTrue(t.containsKey("h.0.attn.bias") && t.containsKey("h.1.attn.masked_bias"), "buffers are present");
        String config = Files.readString(TINY.resolve("config.json"));
        int[] ids = ids(2);
        float[] want = tiny().forward(ids).finalHidden();
        Path sharded = sharded(t);
        for (Path f : new Path[] {folder("plain", t, config), sharded}) {
            Gpt2Model m = Gpt2Model.load(f, new JavaBackend(1));
            assertArrayEquals(want, m.forward(ids).finalHidden(), f.toString());
            assertArrayEquals(
                    t.get("h.1.mlp.c_fc.weight").toFloats(),
                    m.weights().blocks().get(1).W_in());
        }
        // the MLP-only loader reads the same folders
        assertArrayEquals(
                t.get("h.0.mlp.c_proj.weight").toFloats(),
                Gpt2Checkpoint.load(sharded).mlp(0).W_out());
    }

    @Test
    void anUntiedLmHeadIsUsed() throws Exception {
        Map<String, NdArray> t = canonicalTensors();
        float[] wte = t.get("wte.weight").toFloats();
        float[] twice = new float[wte.length];
        for (int i = 0; i < wte.length; i++) {
            twice[i] = 2 * wte[i];
        }
        t.put("lm_head.weight", NdArray.ofFloats(twice, 50257, 8));
        String config = Files.readString(TINY.resolve("config.json"))
                .replace("\"tie_word_embeddings\": true", "\"tie_word_embeddings\": false");
        Gpt2Model m = Gpt2Model.load(folder("untied", t, config), new JavaBackend(1));
        Gpt2Model ref = tiny();
        Gpt2Model.Output o = m.forward(ids(0));
        float[] z = m.logits(o, 0, 2);
        float[] z0 = ref.logits(ref.forward(ids(0)), 0, 2);
        for (int i = 0; i < z.length; i += 997) {
            assertEquals(2 * z0[i], z[i], 0f);
        }
    }

    @Test
    void badCheckpointsAreNamedInOneLine() throws Exception {
        Map<String, NdArray> t = canonicalTensors();
        String config = Files.readString(TINY.resolve("config.json"));
        BridgeInputException e = assertThrows(
                BridgeInputException.class,
                () -> Gpt2Weights.load(folder("nohead", t, config.replace("\"n_head\": 2,", ""))));
        assertTrue(
                e.getMessage().contains("config.json")
                        && e.getMessage().contains("'n_head'")
                        && e.getMessage().contains("missing"),
                e.getMessage());
        e = assertThrows(
                BridgeInputException.class,
                () -> Gpt2Weights.load(folder("heads", t, config.replace("\"n_head\": 2", "\"n_head\": 3"))));
        assertTrue(e.getMessage().contains("n_head 3"), e.getMessage());
        Map<String, NdArray> bad = new LinkedHashMap<>(t);
        bad.put("h.1.attn.c_attn.weight", NdArray.ofFloats(new float[8 * 16], 8, 16));
        e = assertThrows(BridgeInputException.class, () -> Gpt2Weights.load(folder("shape", bad, config)));
        assertTrue(
                e.getMessage().contains("h.1.attn.c_attn.weight")
                        && e.getMessage().contains("[8, 16]")
                        && e.getMessage().contains("[8, 24]")
                        && e.getMessage().contains("model.safetensors"),
                e.getMessage());
        Map<String, NdArray> missing = new LinkedHashMap<>(t);
        missing.remove("ln_f.bias");
        e = assertThrows(BridgeInputException.class, () -> Gpt2Weights.load(folder("missing", missing, config)));
        assertTrue(e.getMessage().contains("no tensor ln_f.bias"), e.getMessage());
        e = assertThrows(
                BridgeInputException.class,
                () -> Gpt2Weights.load(folder("act", t, config.replace("gelu_new", "relu"))));
        assertTrue(e.getMessage().contains("activation_function 'relu'"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void aSmallerVocabularyIsRefused() throws Exception {
        Map<String, NdArray> t = canonicalTensors();
        float[] wte = t.get("wte.weight").toFloats();
        t.put("wte.weight", NdArray.ofFloats(java.util.Arrays.copyOf(wte, 1000 * 8), 1000, 8));
        String config = Files.readString(TINY.resolve("config.json")).replace("50257", "1000");
        Gpt2Model m = Gpt2Model.load(folder("small-vocab", t, config), new JavaBackend(1));
        BridgeInputException e = assertThrows(BridgeInputException.class, () -> m.capture("Hello world"));
        assertTrue(
                e.getMessage()
                        .contains("token id 50256 ≥ vocab_size 1000 in config.json: this tokenizer does "
                                + "not match the model"),
                e.getMessage());
    }
}
