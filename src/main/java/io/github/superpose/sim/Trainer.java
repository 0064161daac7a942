package io.github.superpose.sim;

import io.github.superpose.core.Backend;
import io.github.superpose.core.Rng;
import io.github.superpose.core.Tape;
import io.github.superpose.core.Tensor;
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
        int chunk = restartsPerChunk(instances, features, hidden, cfg);
        ToyModel best = ToyModel.create(kind, instances, features, hidden, cfg.seed());
        float[] bestLoss = new float[instances];
        int[] bestRestart = new int[instances];
        float[] finalTrain = new float[instances];
        long total = (long) cfg.steps() * ((cfg.restarts() + chunk - 1) / chunk);
        for (int r0 = 0, c = 0; r0 < cfg.restarts(); r0 += chunk, c++) {
            int k = Math.min(chunk, cfg.restarts() - r0);
            long seed = cfg.restartSeed(c);
            int wide = instances * k;
            ToyModel model = ToyModel.create(kind, wide, features, hidden, seed, instances);
            FeatureGenerator g = k == 1 ? gen : gen.tiled(instances, k);
            float[] imp = k == 1 ? importance : tile(importance, k);
            long base = (long) c * cfg.steps();
            float[] last = allowFused && FusedEngine.applies(model, g, imp, backend)
                    ? FusedEngine.train(model, (SparseUniform) g, imp, cfg, seed, r0, listener, base, total)
                    : TapeEngine.train(model, g, imp, cfg, seed, r0, backend, listener, base, total);
            float[] eval = evalLoss(model, g, imp, cfg.seed(), cfg.evalBatch(), backend, instances);
            for (int j = 0; j < wide; j++) {
                int i = j % instances;
                int r = r0 + j / instances;
                if (r == 0 || eval[j] < bestLoss[i]) {
                    copyInstance(model, j, best, i);
                    bestLoss[i] = eval[j];
                    bestRestart[i] = r;
                    finalTrain[i] = last[j];
                }
            }
        }
        return new TrainResult(best, bestLoss, bestRestart, finalTrain);
    }

    /**
     * How many restarts train side by side as extra instances of one batched job (cheaper than one
     * after another), bounded so one step's activations stay within about 512 MiB. Depends only on
     * the job's shape, so results never depend on the machine.
     */
    static int restartsPerChunk(int instances, int features, int hidden, TrainConfig cfg) {
        long perInstance = (long) cfg.batch() * (8L * features + 4L * hidden) * 4L;
        long fit = Math.max(1, (512L << 20) / Math.max(1, perInstance * instances));
        return (int) Math.min(cfg.restarts(), Math.min(fit, 4096));
    }

    static float[] tile(float[] a, int copies) {
        float[] out = new float[a.length * copies];
        for (int c = 0; c < copies; c++) {
            System.arraycopy(a, 0, out, c * a.length, a.length);
        }
        return out;
    }

    /** Copies instance {@code from} of one model into instance {@code to} of another. */
    static void copyInstance(ToyModel src, int from, ToyModel dst, int to) {
        Map<String, float[]> out = dst.weights();
        for (Map.Entry<String, float[]> e : src.weights().entrySet()) {
            int per = e.getValue().length / src.instances();
            System.arraycopy(e.getValue(), from * per, out.get(e.getKey()), to * per, per);
        }
    }

    /**
     * Per-instance loss (mean over samples and features, importance-weighted) on a fixed batch of
     * {@code samples} inputs drawn from {@code Rng.forStream(seed, i, EVAL_STREAM)}.
     */
    public static float[] evalLoss(ToyModel model, FeatureGenerator gen, float[] importance, long seed, int samples,
                                   Backend backend) {
        return evalLoss(model, gen, importance, seed, samples, backend, model.instances());
    }

    /** As above, for restarts side by side: instance j is evaluated on instance (j mod period)'s batch. */
    static float[] evalLoss(ToyModel model, FeatureGenerator gen, float[] importance, long seed, int samples,
                            Backend backend, int period) {
        int inst = model.instances();
        Rng[] rngs = new Rng[inst];
        for (int i = 0; i < inst; i++) {
            rngs[i] = Rng.forStream(seed, i % period, EVAL_STREAM);
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

    static int firstNonFinite(float[] perInstance) {
        for (int i = 0; i < perInstance.length; i++) {
            if (!Float.isFinite(perInstance[i])) {
                return i;
            }
        }
        return -1;
    }

}
