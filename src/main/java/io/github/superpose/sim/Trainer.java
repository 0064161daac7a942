package io.github.superpose.sim;

import io.github.superpose.core.Backend;
import io.github.superpose.core.Rng;
import io.github.superpose.core.Tape;
import io.github.superpose.core.Tensor;
import java.util.Arrays;
import java.util.Map;

/**
 * Trains a batch of toy models, with best-of-K restarts kept per instance.
 *
 * <pre>TrainResult r = Trainer.train(ModelKind.RELU, 7, 20, 5, gen, imp, cfg, new JavaBackend(2), listener);</pre>
 */
public final class Trainer {
    /** Sub-stream for the fixed evaluation batch: the same for every restart, so losses compare. */
    static final long EVAL_STREAM = 7;
    private static final int EVAL_CHUNK = 1024;

    private Trainer() {
    }

    /**
     * @param importance [instances, features] (row-major), > 0
     */
    public static TrainResult train(ModelKind kind, int instances, int features, int hidden, FeatureGenerator gen,
                                    float[] importance, TrainConfig cfg, Backend backend, TrainListener listener) {
        return train(kind, instances, features, hidden, gen, importance, cfg, backend, listener, true);
    }

    /**
     * @param allowFused use the fused sparsity-aware kernel when it supports the job (same maths,
     *                   much faster); false forces the general tape path
     */
    public static TrainResult train(ModelKind kind, int instances, int features, int hidden, FeatureGenerator gen,
                                    float[] importance, TrainConfig cfg, Backend backend, TrainListener listener,
                                    boolean allowFused) {
        if (gen.features() != features) {
            throw new IllegalArgumentException("generator makes " + gen.features() + " features, model has " + features);
        }
        if (importance.length != instances * features) {
            throw new IllegalArgumentException("importance needs " + instances * features + " values, got "
                    + importance.length);
        }
        ToyModel best = null;
        float[] bestLoss = new float[instances];
        int[] bestRestart = new int[instances];
        float[] finalTrain = new float[instances];
        long total = (long) cfg.steps() * cfg.restarts();
        for (int r = 0; r < cfg.restarts(); r++) {
            ToyModel model = ToyModel.create(kind, instances, features, hidden, cfg.restartSeed(r));
            long base = (long) r * cfg.steps();
            float[] last = allowFused && FusedEngine.applies(model, gen, importance, backend)
                    ? FusedEngine.train(model, (SparseUniform) gen, importance, cfg, r, listener, base, total)
                    : TapeEngine.train(model, gen, importance, cfg, r, backend, listener, base, total);
            float[] eval = evalLoss(model, gen, importance, cfg.seed(), cfg.evalBatch(), backend);
            if (best == null) {
                best = model;
                bestLoss = eval;
                finalTrain = last;
                continue;
            }
            for (int i = 0; i < instances; i++) {
                if (eval[i] < bestLoss[i]) {
                    copyInstance(model, best, i);
                    bestLoss[i] = eval[i];
                    bestRestart[i] = r;
                    finalTrain[i] = last[i];
                }
            }
        }
        return new TrainResult(best, bestLoss, bestRestart, finalTrain);
    }

    /** Copies instance i of every weight array from one model to another of the same shape. */
    static void copyInstance(ToyModel from, ToyModel to, int i) {
        Map<String, float[]> src = from.weights();
        Map<String, float[]> dst = to.weights();
        for (Map.Entry<String, float[]> e : src.entrySet()) {
            int per = e.getValue().length / from.instances();
            System.arraycopy(e.getValue(), i * per, dst.get(e.getKey()), i * per, per);
        }
    }

    /**
     * Per-instance loss (mean over samples and features, importance-weighted) on a fixed batch of
     * {@code samples} inputs drawn from {@code Rng.forStream(seed, i, EVAL_STREAM)}.
     */
    public static float[] evalLoss(ToyModel model, FeatureGenerator gen, float[] importance, long seed, int samples,
                                   Backend backend) {
        int inst = model.instances();
        Rng[] rngs = new Rng[inst];
        for (int i = 0; i < inst; i++) {
            rngs[i] = Rng.forStream(seed, i, EVAL_STREAM);
        }
        Tensor imp = Tensor.of(importance, inst, 1, model.features());
        double[] sums = new double[inst];
        int done = 0;
        while (done < samples) {
            int b = Math.min(EVAL_CHUNK, samples - done);
            Tensor[] xy = Batches.draw(gen, rngs, b, true);
            Tape t = new Tape(backend);
            Tensor[] loss = Losses.importanceMse(t, xy[1], model.forward(t, xy[0]), imp);
            float[] per = Losses.perInstanceMean(loss[1]);
            for (int i = 0; i < inst; i++) {
                sums[i] += (double) per[i] * b;
            }
            done += b;
        }
        float[] out = new float[inst];
        for (int i = 0; i < inst; i++) {
            out[i] = (float) (sums[i] / samples);
        }
        return out;
    }

    /** The importance vector of length n repeated for every instance. */
    public static float[] shared(float[] importance, int instances) {
        float[] out = new float[instances * importance.length];
        for (int i = 0; i < instances; i++) {
            System.arraycopy(importance, 0, out, i * importance.length, importance.length);
        }
        return out;
    }

    static boolean allFinite(float[] a) {
        for (float v : a) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    static int firstNonFinite(float[] perInstance) {
        for (int i = 0; i < perInstance.length; i++) {
            if (!Float.isFinite(perInstance[i])) {
                return i;
            }
        }
        return -1;
    }

    static float[] copy(float[] a) {
        return Arrays.copyOf(a, a.length);
    }
}
