package io.github.superpose.bridge;

import io.github.superpose.core.Simd;
import io.github.superpose.core.WorkerPool;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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

    private static final Map<Integer, WorkerPool> POOLS = new ConcurrentHashMap<>();

    private TransformerOps() {}

    /**
     * The worker pool of {@code threads} workers that every model in this process shares (its helper
     * threads are daemons, so a model needs no closing).
     */
    static WorkerPool workers(int threads) {
        return POOLS.computeIfAbsent(Math.max(1, threads), t -> WorkerPool.forThreads(t, "transformer"));
    }

    /** {@code blocks.{layer}.{name}}, e.g. {@code blocks.2.mlp.hook_post} (hooks and weights alike). */
    static String blockName(int layer, String name) {
        return "blocks." + layer + "." + name;
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
            normRow(x, i * d, d, gamma, beta, eps);
        }
    }

    /** LayerNorm of x[o, o + d) in place. */
    private static void normRow(float[] x, int o, int d, float[] gamma, float[] beta, float eps) {
        double mean = 0;
        for (int j = 0; j < d; j++) {
            mean += x[o + j];
        }
        mean /= d;
        double var = 0;
        for (int j = 0; j < d; j++) {
            double c = x[o + j] - mean;
            var += c * c;
        }
        double inv = 1.0 / Math.sqrt(var / d + eps);
        for (int j = 0; j < d; j++) {
            x[o + j] = (float) ((x[o + j] - mean) * inv) * gamma[j] + beta[j];
        }
    }

    /** x = LayerNorm(y + x) row by row (the residual add fused into the norm; y is left as it was). */
    static void addLayerNormInPlace(float[] y, float[] x, int t, int d, float[] gamma, float[] beta, float eps) {
        for (int i = 0; i < t; i++) {
            int o = i * d;
            for (int j = 0; j < d; j++) {
                x[o + j] = y[o + j] + x[o + j];
            }
        }
        layerNormInPlace(x, t, d, gamma, beta, eps);
    }

    /** Rows per task of the parallel layer norm. */
    private static final int NORM_ROWS = 32;

    /**
     * {@link #addLayerNormInPlace(float[], float[], int, int, float[], float[], float)} over the
     * workers in tasks of {@link #NORM_ROWS} rows (each row is independent, so any thread count gives
     * the same x), on the vector path ({@link NormVector}) when d is a whole number of vectors; y may
     * be null (a plain layer norm).
     */
    static void addLayerNormInPlace(
            float[] y, float[] x, int t, int d, float[] gamma, float[] beta, float eps, WorkerPool workers) {
        boolean vector = Simd.ENABLED && d % NormVector.L == 0;
        workers.run((t + NORM_ROWS - 1) / NORM_ROWS, task -> {
            int r0 = task * NORM_ROWS;
            int r1 = Math.min(t, r0 + NORM_ROWS);
            for (int r = r0; r < r1; r++) {
                if (vector) {
                    NormVector.row(y, x, r * d, d, gamma, beta, eps);
                } else {
                    if (y != null) {
                        for (int j = r * d; j < (r + 1) * d; j++) {
                            x[j] = y[j] + x[j];
                        }
                    }
                    normRow(x, r * d, d, gamma, beta, eps);
                }
            }
        });
    }

    /** LayerNorm of a copy of x. */
    static float[] layerNorm(float[] x, int t, int d, float[] gamma, float[] beta, float eps) {
        float[] y = x.clone();
        layerNormInPlace(y, t, d, gamma, beta, eps);
        return y;
    }

    /**
     * {@link #attention(float[], float[], int, int, int, int, boolean, float[], int)} for every sequence
     * s in rows [start[s], start[s + 1]) and every head, one task per sequence on {@code workers};
     * each task writes its own rows of z, so any thread count gives the same z. (One task per
     * (sequence, head) had both threads writing the same cache lines of z, a row's neighbouring
     * heads, and two threads ran attention hardly faster than one.)
     */
    static void attention(float[] qkv, float[] z, int[] start, int d, int heads, boolean causal, WorkerPool workers) {
        int seqs = start.length - 1;
        int longest = 0;
        for (int s = 0; s < seqs; s++) {
            longest = Math.max(longest, start[s + 1] - start[s]);
        }
        // 32 floats of padding so two workers' scratch arrays never share a cache line
        float[][] scores = new float[workers.workers()][scratch(longest, d / heads) + 32];
        workers.run(seqs, (s, worker) -> {
            for (int h = 0; h < heads; h++) {
                attention(qkv, z, start[s], start[s + 1] - start[s], d, heads, causal, scores[worker], h);
            }
        });
    }

    /**
     * Multi-head scaled dot-product attention for one sequence in rows [start, start + t) of
     * {@code qkv} [rows, 3d] (column blocks Q | K | V, each head's d_head columns contiguous),
     * writing the heads, concatenated, into the same rows of {@code z} [rows, d]. With
     * {@code causal} a row attends to its own and earlier rows only (GPT-2); without, to every row
     * of its sequence (BERT on an unpadded sentence).
     */
    static void attention(float[] qkv, float[] z, int start, int t, int d, int heads, boolean causal) {
        float[] scores = new float[scratch(t, d / heads)];
        for (int h = 0; h < heads; h++) {
            attention(qkv, z, start, t, d, heads, causal, scores, h);
        }
    }

    /** Scratch floats per worker for one head of a sequence of up to t rows. */
    private static int scratch(int t, int dh) {
        return Simd.ENABLED ? AttentionVector.scratch(t, dh) : t;
    }

    /**
     * Head h of {@link #attention(float[], float[], int, int, int, int, boolean)}; scores is scratch of
     * {@link #scratch} floats. On the vector path ({@link AttentionVector}) when d_head is a whole number
     * of vectors; the plain loops below otherwise.
     */
    static void attention(
            float[] qkv, float[] z, int start, int t, int d, int heads, boolean causal, float[] scores, int h) {
        int dh = d / heads;
        if (Simd.ENABLED && dh % AttentionVector.L == 0) {
            AttentionVector.head(qkv, z, start, t, d, dh, causal, scores, h);
            return;
        }
        int w = 3 * d;
        float scale = (float) (1.0 / Math.sqrt(dh));
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
            Arrays.fill(z, zi, zi + dh, 0f); // z may be a buffer reused from the layer below
            for (int j = 0; j <= last; j++) {
                float p = (float) (scores[j] / sum);
                int vj = (start + j) * w + v0;
                for (int c = 0; c < dh; c++) {
                    z[zi + c] += p * qkv[vj + c];
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
