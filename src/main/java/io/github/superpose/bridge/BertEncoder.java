package io.github.superpose.bridge;

import io.github.superpose.core.Backend;
import io.github.superpose.core.Functions;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-Java BERT encoder forward pass (post-LayerNorm, exact erf GELU) that keeps every layer's
 * MLP activations: {@code blocks.{l}.mlp.hook_pre} = x·W_in + b_in and {@code blocks.{l}.mlp.hook_post}
 * = GELU(hook_pre), both [tokens, d_mlp]. One sequence per call, so no padding and no attention
 * mask are needed: every token attends to every token, as for an unpadded single sentence.
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

    private final BertWeights w;
    private final Backend backend;

    public BertEncoder(BertWeights weights, Backend backend) {
        this.w = weights;
        this.backend = backend;
    }

    public BertWeights weights() {
        return w;
    }

    /** Runs the encoder on token ids (token type 0 throughout, positions 0..T-1). */
    public Output forward(int[] ids) {
        int t = ids.length;
        int d = w.dModel();
        if (t == 0 || t > w.maxPositions()) {
            throw new IllegalArgumentException("sequence length " + t + " outside [1, " + w.maxPositions() + "]");
        }
        float[] x = new float[t * d];
        for (int i = 0; i < t; i++) {
            if (ids[i] < 0 || ids[i] >= w.vocab()) {
                throw new IllegalArgumentException("token id " + ids[i] + " outside vocabulary of " + w.vocab());
            }
            for (int j = 0; j < d; j++) {
                x[i * d + j] = w.wordEmbeddings()[ids[i] * d + j] + w.positionEmbeddings()[i * d + j]
                        + w.tokenTypeEmbeddings()[j];
            }
        }
        layerNormInPlace(x, t, d, w.lnEmbW(), w.lnEmbB(), w.lnEps());
        List<float[]> pre = new ArrayList<>();
        List<float[]> post = new ArrayList<>();
        for (BertWeights.Layer layer : w.layers()) {
            float[] attn = linear(attention(x, t, layer), t, d, layer.Wo(), layer.bo(), d);
            addInPlace(attn, x);
            layerNormInPlace(attn, t, d, layer.ln1W(), layer.ln1B(), w.lnEps());
            x = attn;
            float[] h = linear(x, t, d, layer.W_in(), layer.b_in(), w.dMlp());
            pre.add(h.clone());
            for (int i = 0; i < h.length; i++) {
                h[i] = (float) Functions.geluErf(h[i]);
            }
            post.add(h);
            float[] out = linear(h, t, w.dMlp(), layer.W_out(), layer.b_out(), d);
            addInPlace(out, x);
            layerNormInPlace(out, t, d, layer.ln2W(), layer.ln2B(), w.lnEps());
            x = out;
        }
        return new Output(t, x, List.copyOf(pre), List.copyOf(post));
    }

    /** Multi-head self-attention before the output projection: [t, d] → [t, d] (heads concatenated). */
    private float[] attention(float[] x, int t, BertWeights.Layer layer) {
        int d = w.dModel();
        int dh = w.dHead();
        float[] q = linear(x, t, d, layer.Wq(), layer.bq(), d);
        float[] k = linear(x, t, d, layer.Wk(), layer.bk(), d);
        float[] v = linear(x, t, d, layer.Wv(), layer.bv(), d);
        float[] ctx = new float[t * d];
        float scale = (float) (1.0 / Math.sqrt(dh));
        float[] scores = new float[t];
        for (int h = 0; h < w.nHeads(); h++) {
            int off = h * dh;
            for (int i = 0; i < t; i++) {
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < t; j++) {
                    float s = 0;
                    for (int c = 0; c < dh; c++) {
                        s += q[i * d + off + c] * k[j * d + off + c];
                    }
                    scores[j] = s * scale;
                    max = Math.max(max, scores[j]);
                }
                double sum = 0;
                for (int j = 0; j < t; j++) {
                    scores[j] = (float) Math.exp(scores[j] - max);
                    sum += scores[j];
                }
                for (int j = 0; j < t; j++) {
                    float p = (float) (scores[j] / sum);
                    for (int c = 0; c < dh; c++) {
                        ctx[i * d + off + c] += p * v[j * d + off + c];
                    }
                }
            }
        }
        return ctx;
    }

    private float[] linear(float[] x, int t, int in, float[] W, float[] b, int out) {
        return linear(backend, x, t, in, W, b, out);
    }

    /** x [t, in] · W [in, out] + b [out], for every transformer forward pass here. */
    static float[] linear(Backend backend, float[] x, int t, int in, float[] W, float[] b, int out) {
        float[] y = new float[t * out];
        for (int i = 0; i < t; i++) {
            System.arraycopy(b, 0, y, i * out, out);
        }
        backend.matmul(x, 0, false, W, 0, false, y, 1, t, in, out, true);
        return y;
    }

    /** acc += x, elementwise. */
    static void addInPlace(float[] acc, float[] x) {
        for (int i = 0; i < acc.length; i++) {
            acc[i] += x[i];
        }
    }

    /** LayerNorm over the last axis, biased variance, in double for the statistics. */
    static void layerNormInPlace(float[] x, int t, int d, float[] gamma, float[] beta, float eps) {
        for (int i = 0; i < t; i++) {
            double mean = 0;
            for (int j = 0; j < d; j++) {
                mean += x[i * d + j];
            }
            mean /= d;
            double var = 0;
            for (int j = 0; j < d; j++) {
                double c = x[i * d + j] - mean;
                var += c * c;
            }
            double inv = 1.0 / Math.sqrt(var / d + eps);
            for (int j = 0; j < d; j++) {
                x[i * d + j] = (float) ((x[i * d + j] - mean) * inv) * gamma[j] + beta[j];
            }
        }
    }
}
