package io.github.superpose.bridge;

import io.github.superpose.core.Backend;
import io.github.superpose.core.Rng;
import io.github.superpose.core.Tape;
import io.github.superpose.core.Tensor;
import io.github.superpose.core.WorkerPool;
import java.util.Arrays;
import java.util.List;

/**
 * A sparse autoencoder in SAELens's layout: f = act(( x − b_dec)·W_enc + b_enc), x̂ = f·W_dec + b_dec,
 * with W_enc [d_in, d_sae], b_enc [d_sae], W_dec [d_sae, d_in], b_dec [d_in]. The activation is ReLU,
 * or for TopK ReLU of the k largest pre-activations of each row (the rest masked to 0 by a constant
 * multiplier, so no new backward rule is needed); for JumpReLU a latent fires when its pre-activation
 * exceeds its own threshold θ_j. Row j of W_dec is latent j's feature direction. Training runs on
 * {@link FusedSaeStep}; the tape form of the loss here is its reference in the gradient checks.
 *
 * <pre>SparseAutoencoder sae = SparseAutoencoder.init(cfg, Rng.forStream(cfg.seed(), 0), backend);</pre>
 */
public final class SparseAutoencoder {
    final SaeConfig cfg;
    final Tensor W_enc;
    final Tensor b_enc;
    final Tensor W_dec;
    final Tensor b_dec;
    private final Backend backend;
    /** Rows per task of {@link #decode}. */
    private static final int DECODE_ROWS = 16;

    private float threshold;
    private long thresholdSeen;
    /** JumpReLU's per-latent thresholds θ (null for the other kinds). */
    private final float[] jumpThreshold;

    SparseAutoencoder(SaeConfig cfg, float[] wEnc, float[] bEnc, float[] wDec, float[] bDec, Backend backend) {
        this.cfg = cfg;
        this.W_enc = Tensor.param(wEnc, cfg.dIn(), cfg.dSae());
        this.b_enc = Tensor.param(bEnc, cfg.dSae());
        this.W_dec = Tensor.param(wDec, cfg.dSae(), cfg.dIn());
        this.b_dec = Tensor.param(bDec, cfg.dIn());
        this.backend = backend;
        this.jumpThreshold = cfg.kind() == SaeConfig.Kind.JUMPRELU ? new float[cfg.dSae()] : null;
    }

    /**
     * Decoder rows in random directions with norm 0.1, W_enc = W_decᵀ (SAELens's tied init), b_enc = 0,
     * b_dec = 0 (the trainer sets it to the data mean).
     */
    public static SparseAutoencoder init(SaeConfig cfg, Rng rng, Backend backend) {
        int din = cfg.dIn();
        int ds = cfg.dSae();
        float[] wDec = new float[ds * din];
        for (int j = 0; j < ds; j++) {
            double norm = 0;
            for (int i = 0; i < din; i++) {
                float g = (float) rng.nextGaussian();
                wDec[j * din + i] = g;
                norm += g * g;
            }
            float s = (float) (0.1 / Math.sqrt(norm));
            for (int i = 0; i < din; i++) {
                wDec[j * din + i] *= s;
            }
        }
        return new SparseAutoencoder(cfg, transpose(wDec, ds, din), new float[ds], wDec, new float[din], backend);
    }

    public SaeConfig config() {
        return cfg;
    }

    public List<Tensor> params() {
        return List.of(W_enc, b_enc, W_dec, b_dec);
    }

    /** W_enc [d_in, d_sae], shared (mutating it changes the SAE). */
    public float[] wEnc() {
        return W_enc.data();
    }

    public float[] bEnc() {
        return b_enc.data();
    }

    /** W_dec [d_sae, d_in]: row j is latent j's direction. */
    public float[] wDec() {
        return W_dec.data();
    }

    public float[] bDec() {
        return b_dec.data();
    }

    /** The training loss on a batch x [B, d_in]: MSE (summed over d_in, mean over rows) + sparsity. */
    Losses loss(Tape t, Tensor x, float l1) {
        Tensor pre = t.add(t.matmul(t.sub(x, b_dec), W_enc), b_enc);
        Tensor f = t.relu(pre);
        if (cfg.kind() == SaeConfig.Kind.TOPK) {
            f = t.mul(f, Tensor.of(topKMask(pre.data(), x.dim(0), cfg.dSae(), cfg.k()), x.dim(0), cfg.dSae()));
        } else if (cfg.kind() == SaeConfig.Kind.BATCHTOPK) {
            f = t.mul(f, Tensor.of(batchTopKMask(pre.data(), x.dim(0) * cfg.k()), x.dim(0), cfg.dSae()));
        } else if (cfg.kind() == SaeConfig.Kind.JUMPRELU) {
            float[] mask = new float[pre.size()];
            for (int i = 0; i < mask.length; i++) {
                mask[i] = pre.data()[i] > jumpThreshold[i % cfg.dSae()] ? 1f : 0f;
            }
            f = t.mul(f, Tensor.of(mask, x.dim(0), cfg.dSae()));
        }
        Tensor xHat = t.add(t.matmul(f, W_dec), b_dec);
        int rows = x.dim(0);
        Tensor mse = t.scale(t.sumAll(t.square(t.sub(xHat, x))), 1f / rows);
        if (cfg.kind() != SaeConfig.Kind.RELU || l1 == 0f) {
            return new Losses(mse, mse, f);
        }
        // λ Σ_j f_j ‖W_dec,j‖: weighting by the decoder norm stops the L1 being dodged by shrinking f
        Tensor decNorm = t.sqrt(t.sum(t.square(W_dec), 1, false));
        Tensor sparsity = t.scale(t.sumAll(t.mul(f, decNorm)), l1 / rows);
        return new Losses(t.add(mse, sparsity), mse, f);
    }

    /** The total loss, its MSE part and the latent activations f [B, d_sae] of one forward pass. */
    record Losses(Tensor total, Tensor mse, Tensor f) {}

    /** 1 at the k largest entries of each row of pre [rows, d], 0 elsewhere (lower index wins ties). */
    static float[] topKMask(float[] pre, int rows, int d, int k) {
        float[] mask = new float[rows * d];
        Integer[] idx = new Integer[d];
        for (int r = 0; r < rows; r++) {
            final int o = r * d;
            for (int j = 0; j < d; j++) {
                idx[j] = j;
            }
            Arrays.sort(idx, (p, q) -> pre[o + p] != pre[o + q] ? Float.compare(pre[o + q], pre[o + p]) : p - q);
            for (int j = 0; j < k; j++) {
                mask[o + idx[j]] = 1f;
            }
        }
        return mask;
    }

    /**
     * BatchTopK (Bussmann et al., 2024): 1 at the {@code keep} largest positive entries of the whole
     * batch, so rows with more going on get more latents while the mean L0 is k. Also records the
     * smallest kept value, whose running mean is the threshold used outside training.
     */
    float[] batchTopKMask(float[] pre, int keep) {
        float[] sorted = pre.clone();
        Arrays.sort(sorted);
        int at = Math.max(0, sorted.length - keep);
        float cut = Math.max(sorted[at], Float.MIN_VALUE);
        float[] mask = new float[pre.length];
        for (int i = 0; i < pre.length; i++) {
            mask[i] = pre[i] >= cut ? 1f : 0f;
        }
        recordBatchCut(cut);
        return mask;
    }

    /** Folds one training batch's BatchTopK cut into the running mean used as the inference threshold. */
    void recordBatchCut(float cut) {
        threshold = thresholdSeen == 0 ? cut : 0.99f * threshold + 0.01f * cut;
        thresholdSeen++;
    }

    /** JumpReLU's thresholds θ [d_sae], shared (null for the other kinds). */
    public float[] jumpThresholds() {
        return jumpThreshold;
    }

    /** Sets BatchTopK's inference threshold (when loading a saved SAE). */
    void setThreshold(float theta) {
        threshold = theta;
        thresholdSeen = 1;
    }

    /** BatchTopK's inference threshold θ: a latent fires when its pre-activation exceeds it. */
    public float threshold() {
        return threshold;
    }

    /**
     * Latent activations f [n, d_sae] of rows x [n, d_in], outside any tape: the product on the
     * backend's thread count through a packed encoder, as {@link LatentActs}.
     */
    public float[] encode(float[] x, int n) {
        return encode(x, n, packedEncoder(), TransformerOps.workers(backend.threads()));
    }

    /**
     * The encoder as a packed linear layer x·W_enc + b_enc, for encoding many rows after training
     * with {@link #encode(float[], int, PackedLinear, WorkerPool)}; it does not follow later
     * weight updates.
     */
    PackedLinear packedEncoder() {
        return new PackedLinear(W_enc.data(), b_enc.data(), cfg.dIn(), cfg.dSae());
    }

    /** {@link #encode(float[], int)} with the product on both cores through a packed encoder. */
    float[] encode(float[] x, int n, PackedLinear encoder, WorkerPool workers) {
        int din = cfg.dIn();
        float[] centred = new float[n * din];
        float[] bDec = b_dec.data();
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < din; i++) {
                centred[r * din + i] = x[r * din + i] - bDec[i];
            }
        }
        float[] pre = new float[n * cfg.dSae()];
        encoder.forward(centred, n, pre, workers);
        return activate(pre, n);
    }

    /** Latents from pre-activations [n, d_sae], in place: the kind's activation at inference. */
    private float[] activate(float[] pre, int n) {
        int ds = cfg.dSae();
        float[] mask = cfg.kind() == SaeConfig.Kind.TOPK ? topKMask(pre, n, ds, cfg.k()) : null;
        float floor = cfg.kind() == SaeConfig.Kind.BATCHTOPK ? threshold : 0f;
        for (int i = 0; i < pre.length; i++) {
            float cut = jumpThreshold != null ? Math.max(floor, jumpThreshold[i % ds]) : floor;
            pre[i] = pre[i] > cut && (mask == null || mask[i] > 0) ? pre[i] : 0f;
        }
        return pre;
    }

    /**
     * Reconstructions x̂ [n, d_in] of latents f [n, d_sae]: b_dec plus the decoder rows of each row's
     * nonzero latents, j ascending (a sparse f costs its active latents only), rows split over the
     * backend's thread count, each row on one thread.
     */
    public float[] decode(float[] f, int n) {
        int din = cfg.dIn();
        int ds = cfg.dSae();
        float[] out = new float[n * din];
        float[] wDec = W_dec.data();
        float[] bDec = b_dec.data();
        int parts = (n + DECODE_ROWS - 1) / DECODE_ROWS;
        TransformerOps.workers(backend.threads()).run(parts, p -> {
            for (int r = p * DECODE_ROWS; r < Math.min(n, (p + 1) * DECODE_ROWS); r++) {
                System.arraycopy(bDec, 0, out, r * din, din);
                for (int j = 0; j < ds; j++) {
                    float v = f[r * ds + j];
                    if (v != 0f) {
                        SaeVectors.axpy(out, r * din, v, wDec, j * din, din);
                    }
                }
            }
        });
        return out;
    }

    /** ‖W_dec,j‖ for every latent. */
    public double[] decoderNorms() {
        int din = cfg.dIn();
        double[] out = new double[cfg.dSae()];
        for (int j = 0; j < out.length; j++) {
            double s = 0;
            for (int i = 0; i < din; i++) {
                double v = W_dec.data()[j * din + i];
                s += v * v;
            }
            out[j] = Math.sqrt(s);
        }
        return out;
    }

    /**
     * Scales every decoder row to unit norm. With {@code compensate} the encoder column and bias are
     * scaled up by the same factor so ReLU reconstructions are unchanged (a reparametrisation, as
     * SAELens's fold_W_dec_norm); without it this is the projection TopK training applies each step.
     */
    public void normalizeDecoderInPlace(boolean compensate) {
        int din = cfg.dIn();
        int ds = cfg.dSae();
        double[] norms = decoderNorms();
        for (int j = 0; j < ds; j++) {
            float s = (float) Math.max(norms[j], 1e-12);
            for (int i = 0; i < din; i++) {
                W_dec.data()[j * din + i] /= s;
                if (compensate) {
                    W_enc.data()[i * ds + j] *= s;
                }
            }
            if (compensate) {
                b_enc.data()[j] *= s;
            }
        }
    }

    /**
     * Re-expresses an SAE trained on x·s so it acts on x: W_enc·s, b_dec/s, W_dec/s. Latent values
     * are unchanged, reconstructions come out in x's units.
     */
    public void foldInputScaleInPlace(float s) {
        for (int i = 0; i < W_enc.data().length; i++) {
            W_enc.data()[i] *= s;
        }
        for (int i = 0; i < W_dec.data().length; i++) {
            W_dec.data()[i] /= s;
        }
        for (int i = 0; i < b_dec.data().length; i++) {
            b_dec.data()[i] /= s;
        }
    }

    static float[] transpose(float[] a, int rows, int cols) {
        float[] out = new float[a.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = a[r * cols + c];
            }
        }
        return out;
    }
}
