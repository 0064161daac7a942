package io.github.superpose.bridge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The weights of a BERT encoder (post-LayerNorm, as all-MiniLM-L6-v2), named after Hugging Face's
 * modules and stored for x·W products: every matrix is [in, out], the layout ONNX MatMul and GPT-2's
 * Conv1D use (the transpose of torch.nn.Linear). In TransformerLens terms {@code W_in} is
 * {@code blocks.{l}.mlp.W_in} [d_model, d_mlp] and {@code W_out} is {@code blocks.{l}.mlp.W_out}
 * [d_mlp, d_model]; these are the unprocessed weights (no LayerNorm folding).
 *
 * <pre>BertWeights w = BertWeights.fromOnnx(OnnxGraph.readResource("/all-minilm-l6-v2.onnx"));</pre>
 */
public record BertWeights(
        int dModel,
        int nHeads,
        int dMlp,
        int vocab,
        int maxPositions,
        float lnEps,
        float[] wordEmbeddings,
        float[] positionEmbeddings,
        float[] tokenTypeEmbeddings,
        float[] lnEmbW,
        float[] lnEmbB,
        List<Layer> layers) {

    /**
     * One encoder layer, named as {@link Gpt2Weights.Block}: W_QKV [d_model, 3·d_model] holds the
     * query, key and value matrices side by side (fused once at load so attention is one product),
     * W_O [d_model, d_model]; ln1 follows attention and ln2 the MLP (post-LayerNorm); MLP as in the
     * class comment.
     */
    public record Layer(
            float[] W_QKV,
            float[] b_QKV,
            float[] W_O,
            float[] b_O,
            float[] ln1W,
            float[] ln1B,
            float[] W_in,
            float[] b_in,
            float[] W_out,
            float[] b_out,
            float[] ln2W,
            float[] ln2B) {}

    /** LayerNorm epsilon of BERT exports (1e-12, the Constant beside every LayerNorm in the graph). */
    static final float BERT_LN_EPS = 1e-12f;

    private static final Pattern MATMUL = Pattern.compile("^/?(.*)/MatMul$");

    public int nLayers() {
        return layers.size();
    }

    public int dHead() {
        return dModel / nHeads;
    }

    /**
     * Maps an exported BERT graph to weights. Biases and LayerNorms keep their module names in the
     * export; the MatMul weights are anonymous ({@code onnx::MatMul_798}), so each is named after the
     * MatMul node that consumes it ({@code /encoder/layer.0/intermediate/dense/MatMul} →
     * {@code encoder.layer.0.intermediate.dense.weight}). The head count comes from the attention
     * scale constant 1/√d_head's divisor.
     */
    public static BertWeights fromOnnx(OnnxGraph g) {
        Map<String, float[]> named = new HashMap<>();
        g.initializers().forEach((k, v) -> {
            if (v.data() != null) {
                named.put(k, v.data());
            }
        });
        Map<String, OnnxGraph.Initializer> constants = new HashMap<>();
        float scale = 0;
        for (OnnxGraph.Node n : g.nodes()) {
            if (n.opType().equals("Constant") && n.value() != null && n.value().data() != null) {
                constants.put(n.outputs().get(0), n.value());
            }
            Matcher m = MATMUL.matcher(n.name());
            if (n.opType().equals("MatMul")
                    && m.matches()
                    && n.inputs().size() == 2
                    && g.initializers().containsKey(n.inputs().get(1))) {
                named.putIfAbsent(
                        m.group(1).replace('/', '.') + ".weight",
                        named.get(n.inputs().get(1)));
            }
            if (n.opType().equals("Div")
                    && n.name().endsWith("/attention/self/Div")
                    && constants.containsKey(n.inputs().get(1))) {
                scale = constants.get(n.inputs().get(1)).data()[0]; // √d_head
            }
        }
        float[] word = require(named, "embeddings.word_embeddings.weight");
        float[] lnW = require(named, "embeddings.LayerNorm.weight");
        int d = lnW.length;
        int heads = scale > 0 ? Math.round(d / (scale * scale)) : 0;
        if (heads <= 0 || d % heads != 0) {
            throw new IllegalArgumentException(
                    "cannot infer the head count: attention scale " + scale + " does not divide d_model " + d);
        }
        List<Layer> layers = new ArrayList<>();
        for (int l = 0; named.containsKey("encoder.layer." + l + ".intermediate.dense.bias"); l++) {
            layers.add(layer(named, "encoder.layer." + l + ".", d));
        }
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("no encoder.layer.0.* initializers: not a BERT export");
        }
        float[] pos = require(named, "embeddings.position_embeddings.weight");
        return new BertWeights(
                d,
                heads,
                layers.get(0).b_in().length,
                word.length / d,
                pos.length / d,
                BERT_LN_EPS,
                word,
                pos,
                require(named, "embeddings.token_type_embeddings.weight"),
                lnW,
                require(named, "embeddings.LayerNorm.bias"),
                List.copyOf(layers));
    }

    private static Layer layer(Map<String, float[]> w, String p, int d) {
        return new Layer(
                TransformerOps.concatColumns(
                        d,
                        require(w, p + "attention.self.query.weight"),
                        require(w, p + "attention.self.key.weight"),
                        require(w, p + "attention.self.value.weight")),
                TransformerOps.concat(
                        require(w, p + "attention.self.query.bias"),
                        require(w, p + "attention.self.key.bias"),
                        require(w, p + "attention.self.value.bias")),
                require(w, p + "attention.output.dense.weight"),
                require(w, p + "attention.output.dense.bias"),
                require(w, p + "attention.output.LayerNorm.weight"),
                require(w, p + "attention.output.LayerNorm.bias"),
                require(w, p + "intermediate.dense.weight"),
                require(w, p + "intermediate.dense.bias"),
                require(w, p + "output.dense.weight"),
                require(w, p + "output.dense.bias"),
                require(w, p + "output.LayerNorm.weight"),
                require(w, p + "output.LayerNorm.bias"));
    }

    private static float[] require(Map<String, float[]> w, String name) {
        float[] v = w.get(name);
        if (v == null) {
            throw new IllegalArgumentException("missing BERT weight " + name);
        }
        return v;
    }
}
