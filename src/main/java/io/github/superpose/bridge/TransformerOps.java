package io.github.superpose.bridge;

import io.github.superpose.core.Backend;

/**
 * The building blocks the BERT ({@link BertEncoder}) and GPT-2 ({@link Gpt2Model}) forward passes
 * share, and the one place hook names are built. Activations are row-major [rows, width]; several
 * sequences may be stacked as rows, in which case linear layers run over all rows at once (larger
 * matrix products are where batching pays) and attention runs within each sequence.
 *
 * <pre>float[] y = TransformerOps.linear(backend, x, rows, dModel, W_in, b_in, dMlp);</pre>
 */
final class TransformerOps {
    /** TransformerLens hook names, relative to a block. */
    static final String MLP_PRE = "mlp.hook_pre";
    static final String MLP_POST = "mlp.hook_post";

    private TransformerOps() {
    }

    /** {@code blocks.{layer}.{name}}, e.g. {@code blocks.2.mlp.hook_post} (hooks and weights alike). */
    static String blockName(int layer, String name) {
        return "blocks." + layer + "." + name;
    }

    /** x [t, in] · W [in, out] + b [out]. */
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

    /** LayerNorm over the last axis, biased variance, statistics in double. */
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

    /** LayerNorm of a copy of x. */
    static float[] layerNorm(float[] x, int t, int d, float[] gamma, float[] beta, float eps) {
        float[] y = x.clone();
        layerNormInPlace(y, t, d, gamma, beta, eps);
        return y;
    }

    /**
     * Multi-head scaled dot-product attention for one sequence in rows [start, start + t) of
     * {@code qkv} [rows, 3d] (column blocks Q | K | V, each head's d_head columns contiguous),
     * writing the heads, concatenated, into the same rows of {@code z} [rows, d]. With
     * {@code causal} a row attends to its own and earlier rows only (GPT-2); without, to every row
     * of its sequence (BERT on an unpadded sentence).
     */
    static void attention(float[] qkv, float[] z, int start, int t, int d, int heads, boolean causal) {
        int dh = d / heads;
        int w = 3 * d;
        float scale = (float) (1.0 / Math.sqrt(dh));
        float[] scores = new float[t];
        for (int h = 0; h < heads; h++) {
            int q0 = h * dh;
            int k0 = d + h * dh;
            int v0 = 2 * d + h * dh;
            for (int i = 0; i < t; i++) {
                int qi = (start + i) * w + q0;
                int last = causal ? i : t - 1;
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j <= last; j++) {
                    int kj = (start + j) * w + k0;
                    float s = 0;
                    for (int c = 0; c < dh; c++) {
                        s += qkv[qi + c] * qkv[kj + c];
                    }
                    scores[j] = s * scale;
                    max = Math.max(max, scores[j]);
                }
                double sum = 0;
                for (int j = 0; j <= last; j++) {
                    scores[j] = (float) Math.exp(scores[j] - max);
                    sum += scores[j];
                }
                int zi = (start + i) * d + q0;
                for (int j = 0; j <= last; j++) {
                    float p = (float) (scores[j] / sum);
                    int vj = (start + j) * w + v0;
                    for (int c = 0; c < dh; c++) {
                        z[zi + c] += p * qkv[vj + c];
                    }
                }
            }
        }
    }

    /** Columns of W [in, out] side by side: [in, out_1 + out_2 + …] (fusing Q, K and V into one product). */
    static float[] concatColumns(int in, float[]... parts) {
        int total = 0;
        for (float[] p : parts) {
            total += p.length / in;
        }
        float[] out = new float[in * total];
        int col = 0;
        for (float[] p : parts) {
            int w = p.length / in;
            for (int r = 0; r < in; r++) {
                System.arraycopy(p, r * w, out, r * total + col, w);
            }
            col += w;
        }
        return out;
    }

    /** Vectors one after another. */
    static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] out = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
