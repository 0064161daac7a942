package io.github.superpose.bridge;

import io.github.superpose.core.Backend;
import io.github.superpose.core.Rng;
import io.github.superpose.core.WorkerPool;
import java.util.Arrays;

/**
 * Trains a {@link SparseAutoencoder} on an {@link ActivationSet} with Adam on the fused step
 * ({@link FusedSaeStep}), split over the backend's thread count with the same result at any count.
 * Batches are rows drawn uniformly with replacement from a seeded stream. Dead latents (no firing on
 * the last {@code deadWindow} rows seen) are resampled every {@code resampleEvery} steps, but not in
 * the last 20% of training: each takes the direction of a poorly reconstructed input's residual
 * x − x̂, picked with probability ∝ ‖x − x̂‖⁴ (loss², as Anthropic's resampling); its encoder column is
 * that direction at 0.2 × the mean alive encoder norm, its bias 0, and its Adam moments are zeroed.
 *
 * <pre>SaeTrainer.Result r = SaeTrainer.train(cfg, acts, new JavaBackend(2), ProgressListener.NONE);</pre>
 */
public final class SaeTrainer {
    /**
     * The trained SAE (acting on unscaled activations), its metrics on the evaluation rows, and history:
     * {@code deadBefore} latents were dead at the first resampling (−1: none was due), {@code resampled}
     * revivals were made in all, and {@code metrics().deadCount()} are dead at the end.
     */
    public record Result(
            SparseAutoencoder sae,
            SaeMetrics metrics,
            float inputScale,
            int resampled,
            double finalMse,
            int evalRows,
            int deadBefore) {}

    /** Rows used for the scale estimate, resampling pool and final metrics (all rows when fewer). */
    static final int EVAL_ROWS = 8192;

    private static final int RESAMPLE_POOL = 4096;
    /** JumpReLU's initial threshold, as SAELens and the Gemma Scope recipe. */
    static final float JUMP_INIT = 0.001f;

    private SaeTrainer() {}

    public static Result train(SaeConfig cfg, ActivationSet data, Backend backend, ProgressListener progress) {
        return train(cfg, data, backend, progress, new long[PHASES.length]);
    }

    /** Phases timed by {@link #train(SaeConfig, ActivationSet, Backend, ProgressListener, long[])}. */
    static final String[] PHASES = phases();

    private static String[] phases() {
        String[] step = FusedSaeStep.PHASES;
        String[] all = Arrays.copyOf(step, step.length + 4);
        System.arraycopy(new String[] {"sample", "step_total", "adam", "firing"}, 0, all, step.length, 4);
        return all;
    }

    /** As {@link #train(SaeConfig, ActivationSet, Backend, ProgressListener)}, adding each phase's wall nanoseconds to nanos. */
    static Result train(SaeConfig cfg, ActivationSet data, Backend backend, ProgressListener progress, long[] nanos) {
        if (data.dim() != cfg.dIn()) {
            throw new IllegalArgumentException(
                    "SAE d_in " + cfg.dIn() + " does not match activation dim " + data.dim());
        }
        try (WorkerPool workers = WorkerPool.forThreads(backend.threads(), "sae")) {
            return train(cfg, data, backend, progress, workers, nanos);
        }
    }

    private static Result train(
            SaeConfig cfg,
            ActivationSet data,
            Backend backend,
            ProgressListener progress,
            WorkerPool workers,
            long[] nanos) {
        int own = FusedSaeStep.PHASES.length;
        Rng rng = Rng.forStream(cfg.seed(), 0);
        float scale = cfg.normalizeInput() ? inputScale(data) : 1f;
        SparseAutoencoder sae = SparseAutoencoder.init(cfg, Rng.forStream(cfg.seed(), 1), backend);
        float[] mean = columnMean(data);
        for (int i = 0; i < cfg.dIn(); i++) {
            sae.bDec()[i] = mean[i] * scale;
        }
        float[] theta = sae.jumpThresholds();
        float[] logTheta = theta == null ? new float[0] : new float[theta.length];
        Arrays.fill(logTheta, (float) Math.log(JUMP_INIT));
        syncThresholds(logTheta, theta);
        FusedSaeStep step = new FusedSaeStep(cfg, cfg.batchSize(), workers);
        step.nanos = nanos;
        float[][] params = {sae.wEnc(), sae.bEnc(), null, sae.bDec(), logTheta};
        float[][] grads = {step.gWEnc, step.gBEnc, step.gWDec, step.gBDec, step.gLogTheta};
        SaeAdam adam =
                new SaeAdam(params[0].length, params[1].length, sae.wDec().length, params[3].length, logTheta.length);
        long[] sinceFired = new long[cfg.dSae()];
        boolean[] fired = new boolean[cfg.dSae()];
        int resampled = 0;
        int deadBefore = -1;
        double lastMse = Double.NaN;
        int b = cfg.batchSize();
        float[] xBatch = new float[b * cfg.dIn()];
        for (int s = 0; s < cfg.steps(); s++) {
            long t0 = System.nanoTime();
            sampleInto(xBatch, data, b, scale, rng);
            float[] x = xBatch;
            nanos[own] += System.nanoTime() - t0;
            float warm = cfg.l1WarmupSteps() > 0 ? Math.min(1f, (s + 1f) / cfg.l1WarmupSteps()) : 1f;
            long t1 = System.nanoTime();
            adam.begin((float) (cfg.lr() * decay(s, cfg.steps())));
            // W_dec is updated (and kept at unit norm) inside the step; the rest below
            double loss = step.lossAndGrad(
                    x, sae, theta, (float) cfg.l1Coefficient() * warm, adam, cfg.kind() != SaeConfig.Kind.RELU);
            lastMse = step.lastMse / cfg.dIn() / (scale * scale);
            if (!Double.isFinite(loss)) {
                throw new IllegalStateException("SAE loss is not finite at step " + s + "; lower the learning rate");
            }
            if (cfg.kind() == SaeConfig.Kind.BATCHTOPK) {
                sae.recordBatchCut(step.lastCut);
            }
            long t2 = System.nanoTime();
            adam.apply(params, grads, workers);
            syncThresholds(logTheta, theta);
            long t3 = System.nanoTime();
            Arrays.fill(fired, false);
            step.forEachActive(j -> fired[j] = true);
            for (int j = 0; j < fired.length; j++) {
                sinceFired[j] = fired[j] ? 0 : sinceFired[j] + b;
            }
            if (cfg.resampleEvery() > 0 && (s + 1) % cfg.resampleEvery() == 0 && s < 0.8 * cfg.steps()) {
                int dead = resampleDead(sae, adam, logTheta, data, scale, sinceFired, rng);
                deadBefore = deadBefore < 0 ? dead : deadBefore;
                resampled += dead;
                syncThresholds(logTheta, theta);
            }
            long t4 = System.nanoTime();
            nanos[own + 1] += t2 - t1;
            nanos[own + 2] += t3 - t2;
            nanos[own + 3] += t4 - t3;
            progress.update("sae", s + 1, cfg.steps());
        }
        sae.foldInputScaleInPlace(scale);
        if (theta != null) {
            for (int j = 0; j < theta.length; j++) {
                theta[j] /= scale;
            }
        }
        int n = Math.min(EVAL_ROWS, data.rows());
        float[] eval = evalRows(data, n);
        return new Result(sae, SaeMetrics.evaluate(sae, eval, n), scale, resampled, lastMse, n, deadBefore);
    }

    /** θ = exp(log θ), the parametrisation that keeps JumpReLU thresholds positive. */
    private static void syncThresholds(float[] logTheta, float[] theta) {
        for (int j = 0; theta != null && j < theta.length; j++) {
            theta[j] = (float) Math.exp(logTheta[j]);
        }
    }

    /**
     * Learning-rate factor: 1, then linear decay to 0 over the last 20% of steps (SAELens's
     * lr_decay_steps), which lets small spurious activations settle below threshold.
     */
    static double decay(int step, int steps) {
        double tail = 0.2 * steps;
        return tail < 1 ? 1.0 : Math.min(1.0, (steps - step) / tail);
    }

    /** s = √d_in / E‖x‖ over the evaluation rows, so inputs have E‖x·s‖ = √d_in. */
    static float inputScale(ActivationSet data) {
        int n = Math.min(EVAL_ROWS, data.rows());
        double sum = 0;
        for (int r = 0; r < n; r++) {
            double s = 0;
            for (int i = 0; i < data.dim(); i++) {
                double v = data.get(r * (data.rows() / n), i);
                s += v * v;
            }
            sum += Math.sqrt(s);
        }
        double meanNorm = sum / n;
        return meanNorm > 0 ? (float) (Math.sqrt(data.dim()) / meanNorm) : 1f;
    }

    private static float[] columnMean(ActivationSet data) {
        double[] m = new double[data.dim()];
        for (int r = 0; r < data.rows(); r++) {
            for (int i = 0; i < data.dim(); i++) {
                m[i] += data.get(r, i);
            }
        }
        float[] out = new float[m.length];
        for (int i = 0; i < m.length; i++) {
            out[i] = (float) (m[i] / data.rows());
        }
        return out;
    }

    /** n rows spread evenly over the set (every row when n = rows). */
    static float[] evalRows(ActivationSet data, int n) {
        int d = data.dim();
        float[] out = new float[n * d];
        for (int r = 0; r < n; r++) {
            int src = (int) ((long) r * data.rows() / n);
            System.arraycopy(data.acts(), src * d, out, r * d, d);
        }
        return out;
    }

    private static float[] sample(ActivationSet data, int b, float scale, Rng rng) {
        return sampleInto(new float[b * data.dim()], data, b, scale, rng);
    }

    /** b rows drawn with replacement, times scale, into x [b, d]. */
    private static float[] sampleInto(float[] x, ActivationSet data, int b, float scale, Rng rng) {
        int d = data.dim();
        for (int r = 0; r < b; r++) {
            int src = rng.nextInt(data.rows());
            for (int i = 0; i < d; i++) {
                x[r * d + i] = data.acts()[src * d + i] * scale;
            }
        }
        return x;
    }

    /** Resamples latents dead for longer than the window; returns how many. */
    static int resampleDead(
            SparseAutoencoder sae,
            SaeAdam adam,
            float[] logTheta,
            ActivationSet data,
            float scale,
            long[] sinceFired,
            Rng rng) {
        SaeConfig cfg = sae.config();
        int din = cfg.dIn();
        int ds = cfg.dSae();
        int count = 0;
        for (long s : sinceFired) {
            count += s > cfg.deadWindow() ? 1 : 0;
        }
        if (count == 0) {
            return 0;
        }
        int n = Math.min(RESAMPLE_POOL, data.rows());
        float[] x = sample(data, n, scale, rng);
        float[] xHat = sae.decode(sae.encode(x, n), n);
        double[] cumulative = new double[n];
        double total = 0;
        for (int r = 0; r < n; r++) {
            double e = 0;
            for (int i = 0; i < din; i++) {
                double v = x[r * din + i] - xHat[r * din + i];
                e += v * v;
            }
            total += e * e;
            cumulative[r] = total;
        }
        double[] norms = sae.decoderNorms();
        double encNorm = 0;
        double decNorm = 0;
        int alive = 0;
        for (int j = 0; j < ds; j++) {
            if (sinceFired[j] <= cfg.deadWindow()) {
                double s = 0;
                for (int i = 0; i < din; i++) {
                    s += sae.wEnc()[i * ds + j] * sae.wEnc()[i * ds + j];
                }
                encNorm += Math.sqrt(s);
                decNorm += norms[j];
                alive++;
            }
        }
        encNorm = alive > 0 ? encNorm / alive : 1;
        decNorm = cfg.kind() != SaeConfig.Kind.RELU || alive == 0 ? 1 : decNorm / alive;
        for (int j = 0; j < ds; j++) {
            if (sinceFired[j] <= cfg.deadWindow() || total <= 0) {
                continue;
            }
            int r = pick(cumulative, rng.nextDouble() * total);
            double len = 0;
            for (int i = 0; i < din; i++) {
                double v = x[r * din + i] - xHat[r * din + i];
                len += v * v;
            }
            len = Math.sqrt(len);
            for (int i = 0; i < din; i++) {
                double u = (x[r * din + i] - xHat[r * din + i]) / len;
                sae.wDec()[j * din + i] = (float) (u * decNorm);
                sae.wEnc()[i * ds + j] = (float) (u * 0.2 * encNorm);
            }
            sae.bEnc()[j] = 0f;
            adam.resetInPlace(2, j * din, din, 1);
            adam.resetInPlace(0, j, din, ds);
            adam.resetInPlace(1, j, 1, 1);
            if (logTheta.length > 0) {
                logTheta[j] = (float) Math.log(JUMP_INIT);
                adam.resetInPlace(4, j, 1, 1);
            }
            sinceFired[j] = 0;
        }
        return count;
    }

    private static int pick(double[] cumulative, double u) {
        int i = java.util.Arrays.binarySearch(cumulative, u);
        i = i < 0 ? -i - 1 : i;
        return Math.min(i, cumulative.length - 1);
    }
}
