package io.github.superpose.bridge;

import io.github.superpose.core.Gemm;
import io.github.superpose.core.WorkerPool;
import java.util.Arrays;

/**
 * One training step of a {@link SparseAutoencoder} without the tape: loss and gradients of
 * ‖x̂ − x‖² (summed over d_in, mean over rows) plus the kind's sparsity term, for ReLU + L1, TopK,
 * BatchTopK and JumpReLU. Only the encoder's forward pass is dense ({@link Gemm}); everything after
 * it walks the active latents alone: x̂ sums k decoder rows, dL/df is k dot products, and the
 * gradients of W_dec, W_enc and b_enc have nonzero rows only for latents that fired. The batch is
 * split into fixed parts of {@link #ROWS_PER_PART} rows and the latents into fixed blocks, each
 * summed in a fixed order, so the result does not depend on the thread count.
 *
 * <p>JumpReLU (Rajamanoharan et al., 2024): f = pre · H(pre − θ) with θ = exp(log θ) per latent and
 * sparsity λ · mean L0; θ gets the straight-through pseudo-gradients of both steps with a rectangle
 * kernel of width ε = {@link #BANDWIDTH}: −(θ/ε)·dL/df from the activation and −λ/ε from the L0 term,
 * for each pre-activation within ε/2 of θ.
 *
 * <pre>FusedSaeStep step = new FusedSaeStep(cfg, 1024, workers); double loss = step.lossAndGrad(x, sae, l1);</pre>
 */
final class FusedSaeStep {
    static final int ROWS_PER_PART = 30;
    static final int LATENTS_PER_TASK = 16;
    /** Panels of W_enc packed per task. */
    private static final int PACK_PANELS = 8;

    static final float BANDWIDTH = 0.001f;

    private final SaeConfig cfg;
    private final int batch;
    private final int din;
    private final int ds;
    private final WorkerPool workers;
    private final int parts;
    private final float[] xc;
    private final float[] pre;
    private final float[] dxHat;
    /** Active latents of row r at act[r·ds …], count[r] of them, and dL/dpre for each. */
    private final int[] act;

    private final int[] count;
    private final float[] dpre;
    private final int[] latStart;
    private int[] latPos = new int[0];
    private final double[] partMse;
    private final double[] partSparse;
    private final float[][] partBDec;
    private final float[][] partTheta;
    private final float[][] rowScratch;
    /** Per worker: the W_enc gradient of one latent block, latent-major, before its transposition. */
    private final float[][] encScratch;
    /** Per worker: one W_dec row's gradient, when Adam updates the row in place. */
    private final float[][] decScratch;

    private final float[] decNorm;
    final float[] gWEnc;
    final float[] gBEnc;
    final float[] gWDec;
    final float[] gBDec;
    final float[] gLogTheta;
    private float[] positives = new float[0];
    /** W_enc in {@link Gemm}'s panels, packed again at every step. */
    private Gemm.Packed packed;
    /** Wall nanoseconds spent in each phase of {@link #PHASES}, added to over steps (for the benchmark). */
    long[] nanos = new long[PHASES.length];

    static final String[] PHASES = {"encode", "cut", "forward", "gather", "latent_grads", "bias_grads"};
    /** BatchTopK's cut in the last step; the mean MSE part of the last loss. */
    float lastCut;

    double lastMse;

    FusedSaeStep(SaeConfig cfg, int batch, WorkerPool workers) {
        this.cfg = cfg;
        this.batch = batch;
        this.din = cfg.dIn();
        this.ds = cfg.dSae();
        this.workers = workers;
        this.parts = (batch + ROWS_PER_PART - 1) / ROWS_PER_PART;
        xc = new float[batch * din];
        pre = new float[batch * ds];
        dxHat = new float[batch * din];
        act = new int[batch * ds];
        count = new int[batch];
        dpre = new float[batch * ds];
        latStart = new int[ds + 1];
        partMse = new double[parts];
        partSparse = new double[parts];
        partBDec = new float[parts][din];
        partTheta = new float[cfg.kind() == SaeConfig.Kind.JUMPRELU ? parts : 0][ds];
        rowScratch = new float[parts][cfg.kind() == SaeConfig.Kind.TOPK ? ds : 0];
        encScratch = new float[workers.workers()][LATENTS_PER_TASK * din];
        decScratch = new float[workers.workers()][din];
        decNorm = new float[ds];
        gWEnc = new float[din * ds];
        gBEnc = new float[ds];
        gWDec = new float[ds * din];
        gBDec = new float[din];
        gLogTheta = new float[cfg.kind() == SaeConfig.Kind.JUMPRELU ? ds : 0];
    }

    /** The loss on x [batch, d_in]; fills the g* gradient arrays. theta: JumpReLU thresholds, else null. */
    double lossAndGrad(float[] x, SparseAutoencoder sae, float[] theta, float coef) {
        return lossAndGrad(x, sae, theta, coef, null, false);
    }

    /**
     * As {@link #lossAndGrad(float[], SparseAutoencoder, float[], float)}, but with an Adam whose step
     * has begun, W_dec is updated in place row by row while each row's gradient is in cache (and
     * rescaled to unit norm when {@code unitDecoder}, as {@link SparseAutoencoder#normalizeDecoderInPlace}),
     * and gWDec is not written. The other parameters are left to the caller.
     */
    double lossAndGrad(float[] x, SparseAutoencoder sae, float[] theta, float coef, SaeAdam adam, boolean unitDecoder) {
        float[] wEnc = sae.wEnc();
        float[] wDec = sae.wDec();
        float[] bDec = sae.bDec();
        long t0 = System.nanoTime();
        if (packed == null) {
            packed = Gemm.empty(din, ds);
        }
        workers.run(parts, p -> {
            int r0 = p * ROWS_PER_PART;
            int r1 = Math.min(batch, r0 + ROWS_PER_PART);
            for (int r = r0; r < r1; r++) {
                for (int i = 0; i < din; i++) {
                    xc[r * din + i] = x[r * din + i] - bDec[i];
                }
            }
        });
        // W_enc changed in the last step: packed again in place, then one product for every row
        int panels = packed.panels();
        workers.run((panels + PACK_PANELS - 1) / PACK_PANELS, t -> {
            Gemm.repack(wEnc, packed, t * PACK_PANELS, Math.min(panels, (t + 1) * PACK_PANELS));
        });
        Gemm.multiply(xc, din, batch, packed, pre, ds, sae.bEnc(), false, workers);
        long t1 = System.nanoTime();
        float cut = cfg.kind() == SaeConfig.Kind.BATCHTOPK ? batchCut(batch * cfg.k()) : 0f;
        long t2 = System.nanoTime();
        lastCut = cut;
        if (cfg.kind() == SaeConfig.Kind.RELU) {
            for (int j = 0; j < ds; j++) {
                decNorm[j] = (float) Math.sqrt(SaeVectors.dot(wDec, j * din, wDec, j * din, din));
            }
        }
        workers.run(parts, p -> forwardPart(p, x, sae, theta, cut, coef));
        long t3 = System.nanoTime();
        gatherByLatent();
        long t4 = System.nanoTime();
        workers.run(
                (ds + LATENTS_PER_TASK - 1) / LATENTS_PER_TASK,
                (t, worker) -> latentGrads(t, wDec, coef, encScratch[worker], decScratch[worker], adam, unitDecoder));
        long t5 = System.nanoTime();
        biasGrads(wEnc, theta);
        long[] marks = {t0, t1, t2, t3, t4, t5, System.nanoTime()};
        for (int q = 0; q < PHASES.length; q++) {
            nanos[q] += marks[q + 1] - marks[q];
        }
        double mse = 0;
        double sparse = 0;
        for (int p = 0; p < parts; p++) {
            mse += partMse[p];
            sparse += partSparse[p];
        }
        lastMse = mse / batch;
        return (mse + coef * sparse) / batch;
    }

    /** Active latent lists, x̂, the MSE and dL/dpre of the rows in part p. */
    private void forwardPart(int p, float[] x, SparseAutoencoder sae, float[] theta, float cut, float coef) {
        int r0 = p * ROWS_PER_PART;
        int r1 = Math.min(batch, r0 + ROWS_PER_PART);
        float[] wDec = sae.wDec();
        float[] bDec = sae.bDec();
        float[] sumDx = partBDec[p];
        Arrays.fill(sumDx, 0f);
        if (partTheta.length > 0) {
            Arrays.fill(partTheta[p], 0f);
        }
        double mse = 0;
        double sparse = 0;
        float twoOverB = 2f / batch;
        for (int r = r0; r < r1; r++) {
            int o = r * ds;
            int n = select(r, theta, cut, rowScratch[p]);
            count[r] = n;
            int xo = r * din;
            System.arraycopy(bDec, 0, dxHat, xo, din);
            for (int s = 0; s < n; s++) {
                int j = act[o + s];
                SaeVectors.axpy(dxHat, xo, pre[o + j], wDec, j * din, din);
            }
            for (int i = 0; i < din; i++) {
                float d = dxHat[xo + i] - x[xo + i];
                mse += d * d;
                dxHat[xo + i] = twoOverB * d;
                sumDx[i] += dxHat[xo + i];
            }
            for (int s = 0; s < n; s++) {
                int j = act[o + s];
                float g = SaeVectors.dot(dxHat, xo, wDec, j * din, din);
                if (cfg.kind() == SaeConfig.Kind.RELU) {
                    g += coef * decNorm[j] / batch;
                    sparse += pre[o + j] * decNorm[j];
                }
                dpre[o + s] = g;
            }
            if (theta != null) {
                sparse += n;
                thetaGrads(r, theta, coef, wDec, partTheta[p]);
            }
        }
        partMse[p] = mse;
        partSparse[p] = sparse;
    }

    /** Straight-through θ gradients of row r: every pre within ε/2 of its threshold. */
    private void thetaGrads(int r, float[] theta, float coef, float[] wDec, float[] out) {
        int o = r * ds;
        for (int j = 0; j < ds; j++) {
            float u = (pre[o + j] - theta[j]) / BANDWIDTH;
            if (u > -0.5f && u < 0.5f) {
                float df = SaeVectors.dot(dxHat, r * din, wDec, j * din, din);
                out[j] += -(theta[j] / BANDWIDTH) * df - coef / (batch * BANDWIDTH);
            }
        }
    }

    /** Writes row r's active latents (ascending) to act[r·ds …] and returns how many. */
    private int select(int r, float[] theta, float cut, float[] scratch) {
        int o = r * ds;
        int n = 0;
        switch (cfg.kind()) {
            case RELU -> {
                for (int j = 0; j < ds; j++) {
                    if (pre[o + j] > 0f) {
                        act[o + n++] = j;
                    }
                }
            }
            case BATCHTOPK -> {
                for (int j = 0; j < ds; j++) {
                    if (pre[o + j] >= cut) {
                        act[o + n++] = j;
                    }
                }
            }
            case JUMPRELU -> {
                for (int j = 0; j < ds; j++) {
                    if (pre[o + j] > theta[j]) {
                        act[o + n++] = j;
                    }
                }
            }
            case TOPK -> {
                System.arraycopy(pre, o, scratch, 0, ds);
                float v = SaeVectors.select(scratch, ds, ds - cfg.k());
                int ties = cfg.k();
                for (int j = 0; j < ds; j++) {
                    ties -= pre[o + j] > v ? 1 : 0;
                }
                // the k largest, lower index first among equal values, as the tape's mask
                for (int j = 0; j < ds; j++) {
                    float a = pre[o + j];
                    boolean in = a > v || (a == v && ties-- > 0);
                    if (in && a > 0f) {
                        act[o + n++] = j;
                    }
                }
            }
            default -> throw new IllegalStateException("no fused step for " + cfg.kind());
        }
        return n;
    }

    /**
     * BatchTopK's cut: the keep-th largest positive pre-activation, or the smallest positive float
     * when fewer are positive. Only values above half the last cut are gathered for the selection;
     * when at least keep of them are, the keep-th largest is among them, so the cut is exact, and
     * otherwise every positive value is gathered.
     */
    private float batchCut(int keep) {
        if (positives.length < pre.length) {
            positives = new float[pre.length];
        }
        float lower = lastCut > Float.MIN_VALUE ? 0.5f * lastCut : 0f;
        int n = gatherAbove(lower);
        if (n < keep && lower > 0f) {
            lower = 0f;
            n = gatherAbove(0f);
        }
        return n < keep ? Float.MIN_VALUE : Math.max(SaeVectors.select(positives, n, n - keep), Float.MIN_VALUE);
    }

    private int gatherAbove(float lower) {
        int n = 0;
        for (float a : pre) {
            if (a > lower) {
                positives[n++] = a;
            }
        }
        return n;
    }

    /** latPos[latStart[j] …] = positions (r·ds + slot) of latent j's activations, rows ascending. */
    private void gatherByLatent() {
        Arrays.fill(latStart, 0);
        int total = 0;
        for (int r = 0; r < batch; r++) {
            for (int s = 0; s < count[r]; s++) {
                latStart[act[r * ds + s] + 1]++;
            }
            total += count[r];
        }
        for (int j = 0; j < ds; j++) {
            latStart[j + 1] += latStart[j];
        }
        if (latPos.length < total) {
            latPos = new int[Math.max(total, latPos.length * 3 / 2)];
        }
        int[] fill = Arrays.copyOf(latStart, ds);
        for (int r = 0; r < batch; r++) {
            for (int s = 0; s < count[r]; s++) {
                latPos[fill[act[r * ds + s]]++] = r * ds + s;
            }
        }
    }

    /** Gradients of W_dec rows, W_enc columns and b_enc for latents of block t. */
    private void latentGrads(
            int t, float[] wDec, float coef, float[] encT, float[] decRow, SaeAdam adam, boolean unitDecoder) {
        int j0 = t * LATENTS_PER_TASK;
        int j1 = Math.min(ds, j0 + LATENTS_PER_TASK);
        Arrays.fill(encT, 0f);
        for (int j = j0; j < j1; j++) {
            int dOff = j * din;
            int eOff = (j - j0) * din;
            float[] gDec = adam == null ? gWDec : decRow;
            int gOff = adam == null ? dOff : 0;
            Arrays.fill(gDec, gOff, gOff + din, 0f);
            float sumDpre = 0f;
            float sumF = 0f;
            for (int q = latStart[j]; q < latStart[j + 1]; q++) {
                int pos = latPos[q];
                int r = pos / ds;
                float f = pre[r * ds + j];
                float g = dpre[pos];
                SaeVectors.axpy(gDec, gOff, f, dxHat, r * din, din);
                SaeVectors.axpy(encT, eOff, g, xc, r * din, din);
                sumDpre += g;
                sumF += f;
            }
            if (cfg.kind() == SaeConfig.Kind.RELU && sumF > 0f && decNorm[j] > 0f) {
                // d/dW_dec,j of λ/B Σ_r f_rj ‖W_dec,j‖
                SaeVectors.axpy(gDec, gOff, coef * sumF / (batch * decNorm[j]), wDec, dOff, din);
            }
            gBEnc[j] = sumDpre;
            if (adam != null) {
                adam.update(SaeAdam.W_DEC, wDec, dOff, decRow, 0, din);
                if (unitDecoder) {
                    unitRow(wDec, dOff);
                }
            }
        }
        for (int i = 0; i < din; i++) {
            for (int j = j0; j < j1; j++) {
                gWEnc[i * ds + j] = encT[(j - j0) * din + i];
            }
        }
    }

    /** Row [off, off + din) divided by its norm (summed in double, as SparseAutoencoder.decoderNorms). */
    private void unitRow(float[] w, int off) {
        double s = 0;
        for (int i = 0; i < din; i++) {
            double v = w[off + i];
            s += v * v;
        }
        float n = (float) Math.max(Math.sqrt(s), 1e-12);
        for (int i = 0; i < din; i++) {
            w[off + i] /= n;
        }
    }

    /** b_dec: Σ dL/dx̂ minus its path through the encoder input, W_enc · dL/db_enc; and log θ. */
    private void biasGrads(float[] wEnc, float[] theta) {
        for (int i = 0; i < din; i++) {
            float s = 0f;
            for (int p = 0; p < parts; p++) {
                s += partBDec[p][i];
            }
            gBDec[i] = s - SaeVectors.dot(wEnc, i * ds, gBEnc, 0, ds);
        }
        if (theta != null) {
            for (int j = 0; j < ds; j++) {
                float s = 0f;
                for (int p = 0; p < parts; p++) {
                    s += partTheta[p][j];
                }
                gLogTheta[j] = theta[j] * s;
            }
        }
    }

    /** The active latents of the last step's rows, for firing statistics: row r's are act[r·ds …]. */
    void forEachActive(java.util.function.IntConsumer latent) {
        for (int r = 0; r < batch; r++) {
            for (int s = 0; s < count[r]; s++) {
                latent.accept(act[r * ds + s]);
            }
        }
    }

    /** Mean number of active latents per row in the last step. */
    double l0() {
        long n = 0;
        for (int c : count) {
            n += c;
        }
        return (double) n / batch;
    }
}
