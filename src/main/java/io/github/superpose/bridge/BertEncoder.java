package io.github.superpose.bridge;

import io.github.superpose.core.Backend;
import io.github.superpose.core.WorkerPool;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-Java BERT encoder forward pass (post-LayerNorm, exact erf GELU) that keeps the MLP
 * activations: {@code blocks.{l}.mlp.hook_pre} = x·W_in + b_in and {@code blocks.{l}.mlp.hook_post}
 * = GELU(hook_pre), both [tokens, d_mlp]. Each sequence attends only to itself, with no padding and no
 * attention mask, as for an unpadded single sentence; {@link #forwardBatch} stacks several sequences
 * as rows so every linear layer is one larger matrix product (the speed of capturing a corpus).
 *
 * <pre>BertEncoder.Output o = new BertEncoder(weights, new JavaBackend(2)).forward(ids);</pre>
 */
public final class BertEncoder {
    /** lastHidden [tokens, d_model]; mlpPre / mlpPost per layer, each [tokens, d_mlp]. */
    public record Output(int tokens, float[] lastHidden, List<float[]> mlpPre, List<float[]> mlpPost) {
        /** {@code blocks.{layer}.mlp.hook_post} as [tokens, d_mlp]. */
        public float[] hookPost(int layer) {
            return mlpPost.get(layer);
        }
    }

    /**
     * Stacked sequences: sequence s is rows [start[s], start[s + 1]); hookPost [rows, d_mlp] of the
     * one layer asked for (the layers above it are not run).
     */
    public record Batch(int[] start, float[] hookPost) {}

    private final BertWeights w;
    private final WorkerPool workers;
    /** Per layer: W_QKV, W_O, W_in, W_out packed for {@link PackedLinear}. */
    private final PackedBlocks linears;
    /** Names of the timed stages of a layer, in order. */
    static final String[] STAGES = {"QKV", "attention", "O-proj", "LN1", "W_in+GELU", "W_out", "LN2"};
    /** When not null, nanoseconds per stage ({@link #STAGES}) are added here (benchmarks only). */
    long[] stageNanos;

    /** Runs on {@code backend.threads()} cores; the weights are packed (about as much memory again) when first used. */
    public BertEncoder(BertWeights weights, Backend backend) {
        this.w = weights;
        this.workers = TransformerOps.workers(backend.threads());
        this.linears = new PackedBlocks(w.nLayers(), l -> {
            BertWeights.Layer layer = w.layers().get(l);
            return PackedBlocks.of(
                    layer.W_QKV(),
                    layer.b_QKV(),
                    layer.W_O(),
                    layer.b_O(),
                    layer.W_in(),
                    layer.b_in(),
                    layer.W_out(),
                    layer.b_out(),
                    w.dModel(),
                    w.dMlp());
        });
    }

    public BertWeights weights() {
        return w;
    }

    /** Runs the encoder on one sequence's token ids (token type 0 throughout, positions 0..T-1), keeping every layer. */
    public Output forward(int[] ids) {
        List<float[]> pre = new ArrayList<>();
        List<float[]> post = new ArrayList<>();
        float[] last = run(List.of(ids), pre, post, -1);
        return new Output(ids.length, last, List.copyOf(pre), List.copyOf(post));
    }

    /** The last hidden states [rows, d_model] of several sequences stacked (for timing the full pass). */
    float[] forwardStacked(List<int[]> seqs) {
        return run(seqs, null, new ArrayList<>(), -2);
    }

    /** Runs several sequences stacked, keeping only {@code layer}'s hook_post. */
    public Batch forwardBatch(List<int[]> seqs, int layer) {
        List<float[]> post = new ArrayList<>();
        run(seqs, null, post, layer);
        int[] start = new int[seqs.size() + 1];
        for (int s = 0; s < seqs.size(); s++) {
            start[s + 1] = start[s] + seqs.get(s).length;
        }
        return new Batch(start, post.get(0));
    }

    /**
     * The forward pass over stacked sequences: fills pre (if not null) and post for every layer and
     * returns the last hidden state (keep = −1); keeps no activations (keep = −2); or with {@code keep} ≥ 0
     * fills post for that layer only and stops there.
     */
    private float[] run(List<int[]> seqs, List<float[]> pre, List<float[]> post, int keep) {
        int d = w.dModel();
        int rows = 0;
        for (int[] ids : seqs) {
            if (ids.length == 0 || ids.length > w.maxPositions()) {
                throw new IllegalArgumentException(
                        "sequence length " + ids.length + " outside [1, " + w.maxPositions() + "]");
            }
            rows += ids.length;
        }
        float[] x = new float[rows * d];
        int row = 0;
        for (int[] ids : seqs) {
            for (int i = 0; i < ids.length; i++, row++) {
                if (ids[i] < 0 || ids[i] >= w.vocab()) {
                    // as in Gpt2Model: the tokenizer and the weights came from different models (user input)
                    throw new BridgeInputException(
                            "tokenizer.json",
                            "token id " + ids[i] + " outside the model's vocabulary [0, " + w.vocab()
                                    + "): this tokenizer does not match the model");
                }
                for (int j = 0; j < d; j++) {
                    x[row * d + j] = w.wordEmbeddings()[ids[i] * d + j]
                            + w.positionEmbeddings()[i * d + j]
                            + w.tokenTypeEmbeddings()[j];
                }
            }
        }
        TransformerOps.addLayerNormInPlace(null, x, rows, d, w.lnEmbW(), w.lnEmbB(), w.lnEps(), workers);
        int[] start = new int[seqs.size() + 1];
        for (int s = 0; s < seqs.size(); s++) {
            start[s + 1] = start[s] + seqs.get(s).length;
        }
        // three buffers reused by every layer: x, the attention output, and z / the MLP output
        float[] qkv = new float[rows * 3 * d];
        float[] z = new float[rows * d];
        float[] y = new float[rows * d];
        float[] hBuf = null;
        for (int l = 0; l < w.nLayers(); l++) {
            BertWeights.Layer layer = w.layers().get(l);
            PackedLinear[] lin = linears.block(l);
            long t = System.nanoTime();
            lin[0].forward(x, rows, qkv, workers);
            t = clock(0, t);
            TransformerOps.attention(qkv, z, start, d, w.nHeads(), false, workers);
            t = clock(1, t);
            lin[1].forward(z, rows, y, workers);
            t = clock(2, t);
            TransformerOps.addLayerNormInPlace(y, x, rows, d, layer.ln1W(), layer.ln1B(), w.lnEps(), workers);
            t = clock(3, t);
            boolean kept = keep == -1 || keep == l;
            if (!kept && hBuf == null) {
                hBuf = new float[rows * w.dMlp()];
            }
            float[] h = kept ? new float[rows * w.dMlp()] : hBuf;
            float[] hPre = pre == null ? null : new float[rows * w.dMlp()];
            lin[2].forwardGelu(x, rows, hPre, h, false, workers);
            t = clock(4, t);
            if (pre != null) {
                pre.add(hPre);
            }
            if (kept) {
                post.add(h);
            }
            if (keep == l) {
                return null; // the layers above the kept hook cannot change it
            }
            lin[3].forward(h, rows, y, workers);
            t = clock(5, t);
            TransformerOps.addLayerNormInPlace(y, x, rows, d, layer.ln2W(), layer.ln2B(), w.lnEps(), workers);
            clock(6, t);
        }
        return x;
    }

    /** Adds the time since {@code since} to stage {@code stage} when timing; returns now. */
    private long clock(int stage, long since) {
        if (stageNanos == null) {
            return since;
        }
        long now = System.nanoTime();
        stageNanos[stage] += now - since;
        return now;
    }
}
