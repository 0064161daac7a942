package io.github.superpose.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.superpose.core.Functions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The MLP weights of a Hugging Face GPT-2 folder (config.json + model.safetensors, or shards listed in
 * model.safetensors.index.json), under TransformerLens names. Keys may carry a {@code transformer.}
 * prefix (save_pretrained) or not (the distributed file); attention mask buffers are ignored. GPT-2's
 * Conv1D stores weights [in, out], so {@code blocks.{l}.mlp.W_in} = {@code h.{l}.mlp.c_fc.weight}
 * [d_model, d_mlp] and {@code W_out} = {@code c_proj.weight} [d_mlp, d_model] with no transpose.
 * These are unprocessed weights: TransformerLens's from_pretrained folds LayerNorm into W_in by
 * default, from_pretrained_no_processing matches this class. {@link Gpt2Weights} loads every weight
 * (attention, embeddings) for the full forward pass in {@link Gpt2Model}.
 *
 * <pre>Gpt2Checkpoint g = Gpt2Checkpoint.load(Path.of("gpt2")); float[] wIn = g.mlp(0).W_in();</pre>
 */
public record Gpt2Checkpoint(int dModel, int dMlp, int nLayers, boolean tanhGelu, List<Mlp> mlps) {

    /** One layer's MLP: W_in [d_model, d_mlp], b_in [d_mlp], W_out [d_mlp, d_model], b_out [d_model], ln_2. */
    public record Mlp(float[] W_in, float[] b_in, float[] W_out, float[] b_out, float[] ln2W, float[] ln2B) {}

    public Mlp mlp(int layer) {
        return mlps.get(layer);
    }

    /** Every MLP tensor under its TransformerLens name ({@code blocks.0.mlp.W_in}, …, {@code blocks.0.ln2.w}). */
    public Map<String, float[]> tlNames() {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (int l = 0; l < nLayers; l++) {
            Mlp m = mlps.get(l);
            out.put(TransformerOps.blockName(l, "mlp.W_in"), m.W_in());
            out.put(TransformerOps.blockName(l, "mlp.b_in"), m.b_in());
            out.put(TransformerOps.blockName(l, "mlp.W_out"), m.W_out());
            out.put(TransformerOps.blockName(l, "mlp.b_out"), m.b_out());
            out.put(TransformerOps.blockName(l, "ln2.w"), m.ln2W());
            out.put(TransformerOps.blockName(l, "ln2.b"), m.ln2B());
        }
        return out;
    }

    /** hook_post = act(x·W_in + b_in) for MLP inputs x [rows, d_model] (already layer-normed). */
    public float[] hookPost(int layer, float[] x, int rows) {
        Mlp m = mlps.get(layer);
        float[] post = new float[rows * dMlp];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < dMlp; j++) {
                double s = m.b_in()[j];
                for (int i = 0; i < dModel; i++) {
                    s += x[r * dModel + i] * m.W_in()[i * dMlp + j];
                }
                post[r * dMlp + j] = (float) (tanhGelu ? Functions.geluTanh(s) : Functions.geluErf(s));
            }
        }
        return post;
    }

    public static Gpt2Checkpoint load(Path dir) {
        Path cfgFile = dir.resolve("config.json");
        JsonNode cfg = Gpt2Tensors.config(dir);
        int d = cfg.path("n_embd").asInt(-1);
        int layers = cfg.path("n_layer").asInt(-1);
        if (d <= 0 || layers <= 0) {
            throw new BridgeInputException(cfgFile, "n_embd and n_layer must be positive integers");
        }
        int dMlp = cfg.path("n_inner").isNumber() ? cfg.path("n_inner").asInt() : 4 * d;
        String act = cfg.path("activation_function").asText("gelu_new");
        if (!List.of("gelu_new", "gelu_pytorch_tanh", "gelu").contains(act)) {
            throw new BridgeInputException(cfgFile, "activation_function '" + act + "' is not supported");
        }
        List<Mlp> mlps = new ArrayList<>();
        try (Gpt2Tensors t = Gpt2Tensors.open(dir)) {
            for (int l = 0; l < layers; l++) {
                String p = "h." + l + ".";
                mlps.add(new Mlp(
                        t.floats(p + "mlp.c_fc.weight", d, dMlp),
                        t.floats(p + "mlp.c_fc.bias", dMlp),
                        t.floats(p + "mlp.c_proj.weight", dMlp, d),
                        t.floats(p + "mlp.c_proj.bias", d),
                        t.floats(p + "ln_2.weight", d),
                        t.floats(p + "ln_2.bias", d)));
            }
        }
        return new Gpt2Checkpoint(d, dMlp, layers, !act.equals("gelu"), List.copyOf(mlps));
    }
}
