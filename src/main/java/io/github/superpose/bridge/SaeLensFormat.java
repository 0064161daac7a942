package io.github.superpose.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.superpose.core.Backend;
import io.github.superpose.io.AtomicFiles;
import io.github.superpose.io.FormatException;
import io.github.superpose.io.NdArray;
import io.github.superpose.io.Safetensors;
import io.github.superpose.io.SafetensorsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes SAEs as SAELens folders: {@code sae_weights.safetensors} with W_enc [d_in, d_sae],
 * W_dec [d_sae, d_in], b_enc [d_sae], b_dec [d_in] (float32), plus {@code threshold} [d_sae] for
 * BatchTopK (the JumpReLU form SAELens converts BatchTopK to), and {@code cfg.json} with d_in, d_sae,
 * architecture ("standard", "topk", "batchtopk"), k, hook_name, model_name and the training settings.
 * Weights act on raw activations (normalize_activations "none"): any training-time scale is folded in.
 *
 * <pre>SaeLensFormat.save(dir, sae, "blocks.2.mlp.hook_post", "all-MiniLM-L6-v2");
 * SparseAutoencoder back = SaeLensFormat.load(dir, backend);</pre>
 */
public final class SaeLensFormat {
    public static final String WEIGHTS = "sae_weights.safetensors";
    public static final String CFG = "cfg.json";

    private SaeLensFormat() {}

    public static void save(Path dir, SparseAutoencoder sae, String hookName, String modelName) throws IOException {
        Files.createDirectories(dir);
        SaeConfig c = sae.config();
        Map<String, NdArray> t = new LinkedHashMap<>();
        t.put("W_enc", NdArray.ofFloats(sae.wEnc(), c.dIn(), c.dSae()));
        t.put("W_dec", NdArray.ofFloats(sae.wDec(), c.dSae(), c.dIn()));
        t.put("b_enc", NdArray.ofFloats(sae.bEnc(), c.dSae()));
        t.put("b_dec", NdArray.ofFloats(sae.bDec(), c.dIn()));
        if (c.kind() == SaeConfig.Kind.BATCHTOPK) {
            float[] th = new float[c.dSae()];
            Arrays.fill(th, sae.threshold());
            t.put("threshold", NdArray.ofFloats(th, c.dSae()));
        } else if (c.kind() == SaeConfig.Kind.JUMPRELU) {
            t.put("threshold", NdArray.ofFloats(sae.jumpThresholds(), c.dSae()));
        }
        Safetensors.write(dir.resolve(WEIGHTS), t, Map.of("format", "pt"));
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode cfg = json.createObjectNode();
        cfg.put("architecture", architecture(c.kind()));
        cfg.put("d_in", c.dIn());
        cfg.put("d_sae", c.dSae());
        cfg.put("dtype", "float32");
        cfg.put("device", "cpu");
        cfg.put("apply_b_dec_to_input", true);
        cfg.put("normalize_activations", "none");
        cfg.put("hook_name", hookName);
        cfg.put("model_name", modelName);
        if (c.kind() == SaeConfig.Kind.TOPK || c.kind() == SaeConfig.Kind.BATCHTOPK) {
            cfg.put("k", c.k());
        }
        cfg.put("l1_coefficient", c.l1Coefficient());
        cfg.put("lr", c.lr());
        cfg.put("training_steps", c.steps());
        cfg.put("train_batch_size", c.batchSize());
        cfg.put("seed", c.seed());
        AtomicFiles.writeStringAtomically(dir.resolve(CFG), json.writeValueAsString(cfg) + "\n");
    }

    static String architecture(SaeConfig.Kind kind) {
        return switch (kind) {
            case RELU -> "standard";
            case TOPK -> "topk";
            case BATCHTOPK -> "batchtopk";
            case JUMPRELU -> "jumprelu";
        };
    }

    /**
     * Loads a folder written by {@link #save} or by SAELens (standard, topk, batchtopk, jumprelu). Refuses
     * k outside 1..d_sae, a normalize_activations other than "none", and non-finite weights.
     */
    public static SparseAutoencoder load(Path dir, Backend backend) {
        Path cfgFile = dir.resolve(CFG);
        Path weights = dir.resolve(WEIGHTS);
        JsonNode cfg;
        try {
            cfg = new ObjectMapper().readTree(cfgFile.toFile());
        } catch (IOException e) {
            throw new BridgeInputException(cfgFile, "cannot read SAE config: " + e.getMessage(), e);
        }
        String arch = cfg.path("architecture").asText("standard");
        SaeConfig.Kind kind = switch (arch) {
            case "standard" -> SaeConfig.Kind.RELU;
            case "topk" -> SaeConfig.Kind.TOPK;
            case "batchtopk" -> SaeConfig.Kind.BATCHTOPK;
            case "jumprelu" -> SaeConfig.Kind.JUMPRELU;
            default ->
                throw new BridgeInputException(
                        cfgFile, "architecture '" + arch + "' is not supported (standard, topk, batchtopk, jumprelu)");
        };
        int dIn = positiveInt(cfg, "d_in", cfgFile);
        int dSae = positiveInt(cfg, "d_sae", cfgFile);
        int k = 1;
        if (kind == SaeConfig.Kind.TOPK || kind == SaeConfig.Kind.BATCHTOPK) {
            JsonNode kn = cfg.get("k");
            if (kn == null || !kn.canConvertToInt() || !kn.isIntegralNumber() || kn.asInt() < 1 || kn.asInt() > dSae) {
                throw new BridgeInputException(
                        cfgFile,
                        "k must be an integer in 1.." + dSae + " (d_sae) for " + arch + ", got "
                                + (kn == null ? "nothing" : kn.toString()));
            }
            k = kn.asInt();
        }
        JsonNode norm = cfg.get("normalize_activations");
        if (norm != null && !norm.isNull() && !"none".equals(norm.asText())) {
            // a scaled SAE expects inputs multiplied by a dataset-dependent factor we cannot know here
            throw new BridgeInputException(
                    cfgFile,
                    "normalize_activations '" + norm.asText() + "' is not supported "
                            + "(only 'none': fold the input scale into the weights before loading)");
        }
        SaeOptions.checkMemory(dIn, dSae, 1, cfgFile.toString());
        SaeConfig c = new SaeConfig(
                kind,
                dIn,
                dSae,
                Math.max(0, cfg.path("l1_coefficient").asDouble(0)),
                k,
                1e-3,
                0,
                1,
                cfg.path("seed").asLong(0),
                0,
                0,
                0,
                false);
        try (SafetensorsFile f = Safetensors.read(weights)) {
            SparseAutoencoder sae = new SparseAutoencoder(
                    c,
                    tensor(f, "W_enc", dIn, dSae),
                    tensor(f, "b_enc", dSae),
                    tensor(f, "W_dec", dSae, dIn),
                    tensor(f, "b_dec", dIn),
                    backend);
            if (kind == SaeConfig.Kind.BATCHTOPK && f.contains("threshold")) {
                sae.setThreshold(tensor(f, "threshold", dSae)[0]);
            } else if (kind == SaeConfig.Kind.JUMPRELU) {
                System.arraycopy(tensor(f, "threshold", dSae), 0, sae.jumpThresholds(), 0, dSae);
            }
            return sae;
        } catch (FormatException e) {
            throw new BridgeInputException(e.source(), e.problem(), e);
        } catch (IOException e) {
            throw new BridgeInputException(weights, "cannot read SAE weights: " + e.getMessage(), e);
        }
    }

    private static float[] tensor(SafetensorsFile f, String name, long... shape) throws IOException {
        if (!f.contains(name)) {
            throw new BridgeInputException(f.toString(), "no tensor '" + name + "'");
        }
        long[] got = f.info(name).shape();
        if (!Arrays.equals(got, shape)) {
            throw new BridgeInputException(
                    f.toString(),
                    name + " has shape " + Arrays.toString(got) + ", cfg.json implies " + Arrays.toString(shape));
        }
        float[] v = f.floats(name);
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new BridgeInputException(
                        f.toString(), name + "[" + i + "] is " + v[i] + "; SAE weights must be finite");
            }
        }
        return v;
    }

    private static int positiveInt(JsonNode cfg, String key, Path file) {
        JsonNode n = cfg.get(key);
        if (n == null || !n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 1) {
            throw new BridgeInputException(
                    file, key + " must be a positive integer, got " + (n == null ? "nothing" : n.toString()));
        }
        return n.asInt();
    }
}
