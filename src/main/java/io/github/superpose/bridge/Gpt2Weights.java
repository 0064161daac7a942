package io.github.superpose.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every weight of a Hugging Face GPT-2 folder (config.json + model.safetensors or a sharded index),
 * stored for x·W products as GPT-2's Conv1D keeps them: [in, out], no transpose. Per block: ln_1,
 * attention {@code W_QKV} = c_attn.weight [d_model, 3·d_model] (Q, K, V side by side, heads
 * contiguous within each) and {@code W_O} = c_proj.weight, ln_2, and the MLP under TransformerLens
 * names ({@code W_in} = c_fc.weight [d_model, d_mlp], {@code W_out} = c_proj.weight [d_mlp, d_model]).
 * The unembedding is wte (tied, GPT-2's default) or lm_head.weight when config.json says
 * {@code "tie_word_embeddings": false}. Causal-mask buffers (attn.bias, attn.masked_bias) are ignored.
 * These are unprocessed weights, as TransformerLens's from_pretrained_no_processing.
 *
 * <pre>Gpt2Weights w = Gpt2Weights.load(Path.of("gpt2")); int layers = w.nLayers();</pre>
 *
 * @param config  the config.json the weights were read with, named in error messages
 * @param wte     token embeddings [vocab, d_model]; wpe position embeddings [n_positions, d_model]
 * @param unembed [vocab, d_model], logits = h·unembedᵀ (the same array as wte when tied)
 */
public record Gpt2Weights(
        Path config,
        int dModel,
        int nHeads,
        int dMlp,
        int vocab,
        int nPositions,
        float lnEps,
        boolean tanhGelu,
        float[] wte,
        float[] wpe,
        List<Block> blocks,
        float[] lnFW,
        float[] lnFB,
        float[] unembed) {

    /** One pre-LayerNorm transformer block; shapes in the class comment. */
    public record Block(
            float[] ln1W,
            float[] ln1B,
            float[] W_QKV,
            float[] b_QKV,
            float[] W_O,
            float[] b_O,
            float[] ln2W,
            float[] ln2B,
            float[] W_in,
            float[] b_in,
            float[] W_out,
            float[] b_out) {}

    public int nLayers() {
        return blocks.size();
    }

    public int dHead() {
        return dModel / nHeads;
    }

    /** Whether {@code dir} is a folder with safetensors weights (GPT-2 or not; {@link #load} checks the config). */
    public static boolean isCheckpointFolder(Path dir) {
        return dir != null && Files.isDirectory(dir) && Gpt2Tensors.hasWeights(dir);
    }

    public static Gpt2Weights load(Path dir) {
        Path cfgFile = dir.resolve("config.json");
        JsonNode cfg = Gpt2Tensors.config(dir);
        String type = cfg.path("model_type").asText("gpt2");
        if (!type.equals("gpt2")) {
            throw new BridgeInputException(cfgFile, "model_type '" + type + "' is not gpt2");
        }
        int d = positive(cfg, cfgFile, "n_embd");
        int heads = positive(cfg, cfgFile, "n_head");
        int layers = positive(cfg, cfgFile, "n_layer");
        int vocab = positive(cfg, cfgFile, "vocab_size");
        int nPos = cfg.has("n_positions") ? positive(cfg, cfgFile, "n_positions") : positive(cfg, cfgFile, "n_ctx");
        if (d % heads != 0) {
            throw new BridgeInputException(cfgFile, "n_embd " + d + " is not a multiple of n_head " + heads);
        }
        int dMlp = cfg.path("n_inner").isNull() || cfg.path("n_inner").isMissingNode()
                ? 4 * d
                : positive(cfg, cfgFile, "n_inner");
        String act = cfg.path("activation_function").asText("gelu_new");
        if (!List.of("gelu_new", "gelu_pytorch_tanh", "gelu").contains(act)) {
            throw new BridgeInputException(
                    cfgFile, "activation_function '" + act + "' is not supported (gelu_new, gelu_pytorch_tanh, gelu)");
        }
        if (cfg.path("scale_attn_by_inverse_layer_idx").asBoolean(false)
                || !cfg.path("scale_attn_weights").asBoolean(true)) {
            throw new BridgeInputException(cfgFile, "only GPT-2's attention scaling 1/√d_head is supported");
        }
        JsonNode epsNode = cfg.path("layer_norm_epsilon");
        float eps = (float) epsNode.asDouble(1e-5);
        if (!epsNode.isMissingNode() && (!epsNode.isNumber() || !(eps > 0) || !Float.isFinite(eps))) {
            throw new BridgeInputException(
                    cfgFile, "field 'layer_norm_epsilon' must be a positive number, got " + epsNode);
        }
        boolean tied = cfg.path("tie_word_embeddings").asBoolean(true);
        try (Gpt2Tensors t = Gpt2Tensors.open(dir)) {
            List<Block> blocks = new ArrayList<>();
            for (int l = 0; l < layers; l++) {
                String p = "h." + l + ".";
                blocks.add(new Block(
                        t.floats(p + "ln_1.weight", d),
                        t.floats(p + "ln_1.bias", d),
                        t.floats(p + "attn.c_attn.weight", d, 3L * d),
                        t.floats(p + "attn.c_attn.bias", 3L * d),
                        t.floats(p + "attn.c_proj.weight", d, d),
                        t.floats(p + "attn.c_proj.bias", d),
                        t.floats(p + "ln_2.weight", d),
                        t.floats(p + "ln_2.bias", d),
                        t.floats(p + "mlp.c_fc.weight", d, dMlp),
                        t.floats(p + "mlp.c_fc.bias", dMlp),
                        t.floats(p + "mlp.c_proj.weight", dMlp, d),
                        t.floats(p + "mlp.c_proj.bias", d)));
            }
            float[] wte = t.floats("wte.weight", vocab, d);
            float[] unembed = tied ? wte : t.floats("lm_head.weight", vocab, d);
            return new Gpt2Weights(
                    cfgFile,
                    d,
                    heads,
                    dMlp,
                    vocab,
                    nPos,
                    eps,
                    !act.equals("gelu"),
                    wte,
                    t.floats("wpe.weight", nPos, d),
                    List.copyOf(blocks),
                    t.floats("ln_f.weight", d),
                    t.floats("ln_f.bias", d),
                    unembed);
        }
    }

    private static int positive(JsonNode cfg, Path file, String field) {
        JsonNode v = cfg.path(field);
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() <= 0) {
            throw new BridgeInputException(
                    file,
                    "field '" + field + "' must be a positive integer"
                            + (v.isMissingNode() ? " (missing)" : ", got " + v));
        }
        return v.asInt();
    }
}
