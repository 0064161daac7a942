package io.github.superpose.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.superpose.core.Rng;
import io.github.superpose.io.NdArray;
import io.github.superpose.io.Safetensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tiny generated GPT-2 checkpoints (n_embd 8, n_inner 32, 2 layers) in every key and shard style. */
class Gpt2CheckpointTest {
    static final int D = 8;
    static final int M = 32;
    static final int L = 2;

    @TempDir
    Path dir;

    static float[] random(Rng r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (0.3 * r.nextGaussian());
        }
        return v;
    }

    static Map<String, NdArray> tensors(String prefix) {
        Rng r = Rng.forStream(11, 0);
        Map<String, NdArray> t = new LinkedHashMap<>();
        t.put(prefix + "wte.weight", NdArray.ofFloats(random(r, 50 * D), 50, D));
        for (int l = 0; l < L; l++) {
            String p = prefix + "h." + l + ".";
            t.put(p + "mlp.c_fc.weight", NdArray.ofFloats(random(r, D * M), D, M));
            t.put(p + "mlp.c_fc.bias", NdArray.ofFloats(random(r, M), M));
            t.put(p + "mlp.c_proj.weight", NdArray.ofFloats(random(r, M * D), M, D));
            t.put(p + "mlp.c_proj.bias", NdArray.ofFloats(random(r, D), D));
            t.put(p + "ln_2.weight", NdArray.ofFloats(random(r, D), D));
            t.put(p + "ln_2.bias", NdArray.ofFloats(random(r, D), D));
            t.put(p + "attn.bias", NdArray.ofFloats(new float[16], 1, 1, 4, 4)); // causal-mask buffer
        }
        return t;
    }

    private Path folder(String name, String prefix, boolean sharded) throws Exception {
        Path f = Files.createDirectories(dir.resolve(name));
        Files.writeString(
                f.resolve("config.json"),
                "{\"n_embd\": " + D + ", \"n_layer\": " + L + ", \"n_inner\": " + M
                        + ", \"activation_function\": \"gelu_new\"}");
        Map<String, NdArray> t = tensors(prefix);
        if (!sharded) {
            Safetensors.write(f.resolve("model.safetensors"), t, Map.of("format", "pt"));
            return f;
        }
        Map<String, NdArray> a = new LinkedHashMap<>();
        Map<String, NdArray> b = new LinkedHashMap<>();
        StringBuilder map = new StringBuilder("{\"weight_map\": {");
        t.forEach((k, v) -> {
            boolean first = k.contains("h.0.");
            (first ? a : b).put(k, v);
            map.append(map.charAt(map.length() - 1) == '{' ? "" : ", ")
                    .append('"')
                    .append(k)
                    .append("\": \"")
                    .append(first ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors")
                    .append('"');
        });
        Safetensors.write(f.resolve("model-00001-of-00002.safetensors"), a, Map.of());
        Safetensors.write(f.resolve("model-00002-of-00002.safetensors"), b, Map.of());
        Files.writeString(f.resolve("model.safetensors.index.json"), map + "}}");
        return f;
    }

    @Test
    void everyLayoutGivesTheSameTransformerLensWeights() throws Exception {
        Map<String, NdArray> raw = tensors("");
        for (Path f : new Path[] {
            folder("plain", "", false),
            folder("prefixed", "transformer.", false),
            folder("sharded", "transformer.", true)
        }) {
            Gpt2Checkpoint g = Gpt2Checkpoint.load(f);
            assertEquals(M, g.dMlp());
            assertTrue(g.tanhGelu());
            // Conv1D is [in, out]: W_in is c_fc.weight as stored, no transpose
            assertArrayEquals(
                    raw.get("h.1.mlp.c_fc.weight").toFloats(), g.tlNames().get("blocks.1.mlp.W_in"));
            assertArrayEquals(
                    raw.get("h.0.mlp.c_proj.weight").toFloats(), g.mlp(0).W_out());
            assertEquals(12, g.tlNames().size());
        }
    }

    @Test
    void mlpOutputMatchesANaiveReference() throws Exception {
        Gpt2Checkpoint g = Gpt2Checkpoint.load(folder("plain", "", false));
        float[] x = random(Rng.forStream(12, 0), 3 * D);
        float[] post = g.hookPost(1, x, 3);
        float[] w = tensors("").get("h.1.mlp.c_fc.weight").toFloats();
        float[] b = tensors("").get("h.1.mlp.c_fc.bias").toFloats();
        for (int r = 0; r < 3; r++) {
            for (int j = 0; j < M; j++) {
                double s = b[j];
                for (int i = 0; i < D; i++) {
                    s += x[r * D + i] * w[i * M + j];
                }
                // gelu_new written out: 0.5 s (1 + tanh(√(2/π)(s + 0.044715 s³)))
                double ref = 0.5 * s * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (s + 0.044715 * s * s * s)));
                assertEquals(ref, post[r * M + j], 1e-5);
            }
        }
    }

    @Test
    void missingOrMisshapenTensorsAreNamed() throws Exception {
        Path f = folder("plain", "", false);
        Files.writeString(f.resolve("config.json"), "{\"n_embd\": 8, \"n_layer\": 3, \"n_inner\": 32}");
        BridgeInputException e = assertThrows(BridgeInputException.class, () -> Gpt2Checkpoint.load(f));
        assertTrue(e.getMessage().contains("h.2.mlp.c_fc.weight"), e.getMessage());
        Files.writeString(f.resolve("config.json"), "{\"n_embd\": 8, \"n_layer\": 2, \"n_inner\": 16}");
        e = assertThrows(BridgeInputException.class, () -> Gpt2Checkpoint.load(f));
        assertTrue(
                e.getMessage().contains("model.safetensors") && e.getMessage().contains("[8, 32]"), e.getMessage());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(empty.resolve("config.json"), "{\"n_embd\": 8, \"n_layer\": 2}");
        e = assertThrows(BridgeInputException.class, () -> Gpt2Checkpoint.load(empty));
        assertTrue(e.getMessage().contains("no model.safetensors"), e.getMessage());
    }
}
