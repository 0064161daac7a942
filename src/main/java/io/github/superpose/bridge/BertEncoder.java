package io.github.superpose.bridge;

import io.github.superpose.core.Backend;
import io.github.superpose.core.Functions;

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
    public record Batch(int[] start, float[] hookPost) {
    }

    private final BertWeights w;
    private final Backend backend;

    public BertEncoder(BertWeights weights, Backend backend) {
        this.w = weights;
        this.backend = backend;
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
                throw new IllegalArgumentException("sequence length " + ids.length + " outside [1, " + w.maxPositions()
                        + "]");
            }
            rows += ids.length;
        }
        float[] x = new float[rows * d];
        int row = 0;
        for (int[] ids : seqs) {
            for (int i = 0; i < ids.length; i++, row++) {
                if (ids[i] < 0 || ids[i] >= w.vocab()) {
                    // as in Gpt2Model: the tokenizer and the weights came from different models (user input)
                    throw new BridgeInputException("tokenizer.json", "token id " + ids[i] + " outside the model's vocabulary [0, "
                            + w.vocab() + "): this tokenizer does not match the model");
                }
                for (int j = 0; j < d; j++) {
                    x[row * d + j] = w.wordEmbeddings()[ids[i] * d + j] + w.positionEmbeddings()[i * d + j]
                            + w.tokenTypeEmbeddings()[j];
                }
            }
        }
        TransformerOps.layerNormInPlace(x, rows, d, w.lnEmbW(), w.lnEmbB(), w.lnEps());
        for (int l = 0; l < w.nLayers(); l++) {
            BertWeights.Layer layer = w.layers().get(l);
            float[] qkv = TransformerOps.linear(backend, x, rows, d, layer.W_QKV(), layer.b_QKV(), 3 * d);
            float[] z = new float[rows * d];
            int start = 0;
            for (int[] ids : seqs) {
                TransformerOps.attention(qkv, z, start, ids.length, d, w.nHeads(), false);
                start += ids.length;
            }
            float[] attn = TransformerOps.linear(backend, z, rows, d, layer.W_O(), layer.b_O(), d);
            TransformerOps.addInPlace(attn, x);
            TransformerOps.layerNormInPlace(attn, rows, d, layer.ln1W(), layer.ln1B(), w.lnEps());
            x = attn;
            float[] h = TransformerOps.linear(backend, x, rows, d, layer.W_in(), layer.b_in(), w.dMlp());
            if (pre != null) {
                pre.add(h.clone());
            }
            for (int i = 0; i < h.length; i++) {
                h[i] = (float) Functions.geluErf(h[i]);
            }
            if (keep == -1 || keep == l) {
                post.add(h);
            }
            if (keep == l) {
                return null;   // the layers above the kept hook cannot change it
            }
            float[] out = TransformerOps.linear(backend, h, rows, w.dMlp(), layer.W_out(), layer.b_out(), d);
            TransformerOps.addInPlace(out, x);
            TransformerOps.layerNormInPlace(out, rows, d, layer.ln2W(), layer.ln2B(), w.lnEps());
            x = out;
        }
        return x;
    }
}
