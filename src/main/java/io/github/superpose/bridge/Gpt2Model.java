package io.github.superpose.bridge;

import io.github.superpose.core.Backend;
import io.github.superpose.core.JavaBackend;
import io.github.superpose.core.WorkerPool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-Java GPT-2 forward pass (pre-LayerNorm blocks, causal multi-head attention, gelu_new or
 * erf GELU as config.json says, final ln_f, logits = h·unembedᵀ) that keeps every layer's
 * {@code blocks.{l}.mlp.hook_post} [tokens, d_mlp]. A {@link Splice} can replace a layer's hook_post
 * before it flows on through W_out, which is how SAE reconstructions and ablations are scored
 * ({@link CeLossRecovered}). One sequence per call, no padding. Checked against an independent
 * PyTorch implementation (src/test/resources/gpt2/make_tiny_gpt2.py) in Gpt2ModelTest.
 *
 * <pre>Gpt2Model m = Gpt2Model.load(Path.of("gpt2"), new JavaBackend()); float[] post = m.capture("Hi").hookPost(5);</pre>
 */
public final class Gpt2Model {
    /** Rows of logits computed at a time when scoring, so GPT-2's 50,257-wide rows never all sit in memory. */
    private static final int LOGIT_ROWS = 16;

    /** Replaces {@code post} [tokens, d_mlp], the hook_post of {@code layer}; returns it unchanged to keep it. */
    @FunctionalInterface
    public interface Splice {
        Splice NONE = (layer, post, tokens) -> post;

        float[] replace(int layer, float[] post, int tokens);
    }

    /** finalHidden = ln_f output [tokens, d_model]; mlpPost per layer [tokens, d_mlp], as computed (before any splice). */
    public record Output(int tokens, float[] finalHidden, List<float[]> mlpPost) {
        public float[] hookPost(int layer) {
            return mlpPost.get(layer);
        }
    }

    /** A text's tokens and the forward pass over them. */
    public record Capture(Gpt2Tokenizer.Encoding encoding, Output output) {
        public float[] hookPost(int layer) {
            return output.hookPost(layer);
        }
    }

    private final Gpt2Weights w;
    private final Gpt2Tokenizer tokenizer;
    private final Backend backend;
    private final WorkerPool workers;
    /** Per block: W_QKV, W_O, W_in, W_out packed for {@link PackedLinear}. */
    private final PackedBlocks linears;

    /** Runs on {@code backend.threads()} cores; the block weights are packed (about as much memory again) when first used. */
    public Gpt2Model(Gpt2Weights weights, Gpt2Tokenizer tokenizer, Backend backend) {
        this.w = weights;
        this.tokenizer = tokenizer;
        this.backend = backend;
        this.workers = TransformerOps.workers(backend.threads());
        this.linears = new PackedBlocks(w.nLayers(), l -> {
            Gpt2Weights.Block b = w.blocks().get(l);
            return PackedBlocks.of(
                    b.W_QKV(),
                    b.b_QKV(),
                    b.W_O(),
                    b.b_O(),
                    b.W_in(),
                    b.b_in(),
                    b.W_out(),
                    b.b_out(),
                    w.dModel(),
                    w.dMlp());
        });
    }

    public static Gpt2Model load(Path dir, Backend backend) {
        return new Gpt2Model(Gpt2Weights.load(dir), Gpt2Tokenizer.get(), backend);
    }

    public static Gpt2Model load(Path dir) {
        return load(dir, new JavaBackend());
    }

    public Gpt2Weights weights() {
        return w;
    }

    public Gpt2Tokenizer tokenizer() {
        return tokenizer;
    }

    /** Tokenises (BOS first, cut to n_positions) and runs the model. */
    public Capture capture(String text) {
        Gpt2Tokenizer.Encoding e = tokenizer.encode(text, w.nPositions());
        return new Capture(e, forward(e.ids()));
    }

    public Output forward(int[] ids) {
        return forward(ids, Splice.NONE);
    }

    /** Runs token ids at positions 0..T-1, letting {@code splice} replace each layer's hook_post. */
    public Output forward(int[] ids, Splice splice) {
        int t = ids.length;
        int d = w.dModel();
        if (t == 0 || t > w.nPositions()) {
            throw new IllegalArgumentException("sequence length " + t + " outside [1, " + w.nPositions() + "]");
        }
        float[] x = new float[t * d];
        for (int i = 0; i < t; i++) {
            if (ids[i] < 0 || ids[i] >= w.vocab()) {
                throw new BridgeInputException(
                        w.config(),
                        "token id " + ids[i] + " ≥ vocab_size " + w.vocab()
                                + " in config.json: this tokenizer does not match the model");
            }
            for (int j = 0; j < d; j++) {
                x[i * d + j] = w.wte()[ids[i] * d + j] + w.wpe()[i * d + j];
            }
        }
        List<float[]> posts = new ArrayList<>();
        float[] qkv = new float[t * 3 * d];
        float[] z = new float[t * d];
        float[] y = new float[t * d];
        int[] start = {0, t};
        for (int l = 0; l < w.nLayers(); l++) {
            Gpt2Weights.Block b = w.blocks().get(l);
            PackedLinear[] lin = linears.block(l);
            lin[0].forward(layerNorm(x, t, b.ln1W(), b.ln1B()), t, qkv, workers);
            TransformerOps.attention(qkv, z, start, d, w.nHeads(), true, workers);
            lin[1].forward(z, t, y, workers);
            addInPlace(x, y);
            float[] post = new float[t * w.dMlp()];
            lin[2].forwardGelu(layerNorm(x, t, b.ln2W(), b.ln2B()), t, null, post, w.tanhGelu(), workers);
            posts.add(post);
            float[] used = splice.replace(l, post, t);
            if (used.length != post.length) {
                throw new IllegalArgumentException("splice for layer " + l + " returned " + used.length
                        + " values, hook_post has [" + t + ", " + w.dMlp() + "]");
            }
            lin[3].forward(used, t, y, workers);
            addInPlace(x, y);
        }
        return new Output(t, layerNorm(x, t, w.lnFW(), w.lnFB()), List.copyOf(posts));
    }

    /** Logits [rows, vocab] of output rows [from, from + rows). */
    public float[] logits(Output o, int from, int rows) {
        int d = w.dModel();
        float[] h = new float[rows * d];
        System.arraycopy(o.finalHidden(), from * d, h, 0, rows * d);
        float[] out = new float[rows * w.vocab()];
        backend.matmul(h, 0, false, w.unembed(), 0, true, out, 1, rows, d, w.vocab(), false);
        return out;
    }

    /**
     * Direct logit effects of directions in {@code layer}'s MLP neuron space: a direction [d_mlp]
     * goes through W_out, is scaled by ln_f's γ and multiplied by the unembedding (ln_f's centring
     * and normalisation ignored, as for a direct logit attribution).
     */
    NeuronPages.LogitLens logitLens(int layer) {
        float[] wOut = w.blocks().get(layer).W_out();
        return new NeuronPages.LogitLens() {
            @Override
            public float[] logits(float[] dirs, int n) {
                int d = w.dModel();
                float[] resid = new float[n * d];
                backend.matmul(dirs, 0, false, wOut, 0, false, resid, 1, n, w.dMlp(), d, false);
                for (int i = 0; i < resid.length; i++) {
                    resid[i] *= w.lnFW()[i % d];
                }
                float[] out = new float[n * w.vocab()];
                backend.matmul(resid, 0, false, w.unembed(), 0, true, out, 1, n, d, w.vocab(), false);
                return out;
            }

            @Override
            public int vocab() {
                return w.vocab();
            }

            @Override
            public String token(int id) {
                return tokenizer.decode(id);
            }
        };
    }

    /**
     * Summed next-token cross-entropy (natural log) of the T − 1 predictions: position i predicts
     * ids[i + 1]. Divide by {@code ids.length - 1} for the mean.
     */
    public double crossEntropySum(Output o, int[] ids) {
        int v = w.vocab();
        double sum = 0;
        for (int from = 0; from < o.tokens() - 1; from += LOGIT_ROWS) {
            int rows = Math.min(LOGIT_ROWS, o.tokens() - 1 - from);
            float[] z = logits(o, from, rows);
            for (int r = 0; r < rows; r++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < v; c++) {
                    max = Math.max(max, z[r * v + c]);
                }
                double s = 0;
                for (int c = 0; c < v; c++) {
                    s += Math.exp(z[r * v + c] - max);
                }
                sum += max + Math.log(s) - z[r * v + ids[from + r + 1]];
            }
        }
        return sum;
    }

    private float[] layerNorm(float[] x, int t, float[] gamma, float[] beta) {
        return TransformerOps.layerNorm(x, t, w.dModel(), gamma, beta, w.lnEps());
    }

    private static void addInPlace(float[] acc, float[] x) {
        TransformerOps.addInPlace(acc, x);
    }
}
