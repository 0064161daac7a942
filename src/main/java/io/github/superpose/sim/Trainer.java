package io.github.superpose.sim;

import io.github.superpose.core.Backend;
import io.github.superpose.core.Rng;
import io.github.superpose.core.Tape;
import io.github.superpose.core.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

    private Trainer() {}

    /**
     * @param importance [instances, features] (row-major), > 0
     */
    public static TrainResult train(
            ModelKind kind,
            int instances,
            int features,
            int hidden,
            FeatureGenerator gen,
            float[] importance,
            TrainConfig cfg,
            Backend backend,
            TrainListener listener) {
        return train(kind, instances, features, hidden, gen, importance, cfg, backend, listener, true);
    }

    /**
     * @param allowFused use the fused sparsity-aware kernel when it supports the job (same maths,
     *                   much faster); false forces the general tape path
     */
    public static TrainResult train(
            ModelKind kind,
            int instances,
            int features,
            int hidden,
            FeatureGenerator gen,
            float[] importance,
            TrainConfig cfg,
            Backend backend,
            TrainListener listener,
            boolean allowFused) {
        return train(
                kind,
                features,
                hidden,
                gen,
                importance,
                cfg,
                backend,
                listener,
                allowFused,
                TrainControl.plain(instances));
    }

    /**
     * Trains the slice's instances ({@code gen} and {@code importance} describe them in slice
     * order), continuing from {@code control.resume()} when set and offering checkpoints.
     * Listeners see slice-local instance indices.
     */
    public static TrainResult train(
            ModelKind kind,
            int features,
            int hidden,
            FeatureGenerator gen,
            float[] importance,
            TrainConfig cfg,
            Backend backend,
            TrainListener listener,
            boolean allowFused,
            TrainControl control) {
        InstanceSlice slice = control.slice();
        int instances = slice.size();
        if (gen.features() != features) {
            throw new IllegalArgumentException(
                    "generator makes " + gen.features() + " features, model has " + features);
        }
        if (importance.length != instances * features) {
            throw new IllegalArgumentException(
                    "importance needs " + instances * features + " values, got " + importance.length);
        }
        int chunk = restartsPerChunk(slice.total(), features, hidden, cfg);
        int chunks = (cfg.restarts() + chunk - 1) / chunk;
        Engine engine = Engine.choose(kind, gen, backend, allowFused);
        TrainState resume = control.resume();
        checkResume(kind, features, hidden, gen, cfg, backend, allowFused, control);
        ToyModel best = resume != null && resume.best() != null
                ? ToyModel.of(kind, instances, features, hidden, resume.best())
                : ToyModel.create(kind, instances, features, hidden, cfg.seed());
        float[] bestLoss = resume != null ? resume.bestLoss().clone() : new float[instances];
        int[] bestRestart = resume != null ? resume.bestRestart().clone() : new int[instances];
        float[] finalTrain = resume != null ? resume.finalTrain().clone() : new float[instances];
        CheckpointSink sink = control.checkpoints();
        long total = (long) cfg.steps() * chunks;
        int c0 = resume != null ? resume.chunk() : 0;
        for (int c = c0, r0 = c0 * chunk; r0 < cfg.restarts(); r0 += chunk, c++) {
            int k = Math.min(chunk, cfg.restarts() - r0);
            long seed = cfg.restartSeed(c);
            int wide = instances * k;
            // restart r of instance i starts from its own initial weights but trains on instance
            // i's batches: restarts differ in where they start, not in what they see, and the
            // fused engine draws and lays out each batch once for all of them
            long[] streams = new long[wide];
            long[] dataStreams = new long[wide];
            for (int j = 0; j < wide; j++) {
                streams[j] = (long) (j / instances) * slice.total() + slice.id(j % instances);
                dataStreams[j] = slice.id(j % instances);
            }
            ToyModel model = ToyModel.create(kind, wide, features, hidden, seed, slice.total(), streams);
            FeatureGenerator g = k == 1 ? gen : gen.tiled(instances, k);
            float[] imp = k == 1 ? importance : tile(importance, k);
            long base = (long) c * cfg.steps();
            TrainState from = resume != null && c == resume.chunk() && !resume.atBoundary() ? resume : null;
            final int chunkIndex = c;
            final ToyModel keep = best;
            EngineCheckpoint save = sink == CheckpointSink.NONE
                    ? null
                    : (step, weights, moments, rng, last) -> sink.save(new TrainState(
                            engine.key(),
                            chunkIndex,
                            step,
                            weights,
                            moments,
                            rng,
                            last,
                            chunkIndex == 0 ? null : copy(keep.weights()),
                            bestLoss.clone(),
                            bestRestart.clone(),
                            finalTrain.clone()));
            EngineStart start = EngineStart.of(from, model, seed, dataStreams);
            float[] last;
            float[] eval;
            if (engine == Engine.DATASET) {
                if (k != 1) {
                    throw new IllegalArgumentException("finite data trains one restart per instance");
                }
                last = DatasetEngine.train(
                        model, (FiniteDataset) g, imp, cfg, start, r0, listener, base, total, sink.every(), save);
                eval = DatasetEngine.testLoss(
                        model, (FiniteDataset) g, imp, cfg.seed(), cfg.evalBatch(), slice, cfg.threads());
            } else {
                last = engine == Engine.FUSED
                        ? FusedEngine.train(
                                model, g, imp, cfg, seed, start, r0, listener, base, total, sink.every(), save)
                        : TapeEngine.train(
                                model, g, imp, cfg, start, r0, backend, listener, base, total, sink.every(), save);
                eval = evalLoss(model, g, imp, cfg.seed(), cfg.evalBatch(), backend, instances, slice);
            }
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
            if (sink != CheckpointSink.NONE) {
                sink.save(new TrainState(
                        engine.key(),
                        c + 1,
                        0,
                        null,
                        List.of(),
                        null,
                        null,
                        copy(best.weights()),
                        bestLoss.clone(),
                        bestRestart.clone(),
                        finalTrain.clone()));
            }
        }
        return new TrainResult(best, bestLoss, bestRestart, finalTrain);
    }

    /**
     * Checks that {@code control.resume()} (when set) is a state of exactly this job: engine,
     * position, instance count and every array's length. Throws IllegalArgumentException naming
     * the first mismatch; nothing is trained.
     */
    public static void checkResume(
            ModelKind kind,
            int features,
            int hidden,
            FeatureGenerator gen,
            TrainConfig cfg,
            Backend backend,
            boolean allowFused,
            TrainControl control) {
        TrainState s = control.resume();
        if (s == null) {
            return;
        }
        int instances = control.slice().size();
        int chunk = restartsPerChunk(control.slice().total(), features, hidden, cfg);
        int chunks = (cfg.restarts() + chunk - 1) / chunk;
        Engine engine = Engine.choose(kind, gen, backend, allowFused);
        checkResumable(s, engine, chunks, cfg.steps(), instances, chunk, cfg.restarts());
        Map<String, float[]> one = ToyModel.create(kind, 1, features, hidden, 0).weights();
        if (s.best() != null) {
            checkWeights("best", s.best(), one, instances);
        } else if (s.chunk() > 0) {
            throw new IllegalArgumentException(
                    "checkpoint after restart chunk " + s.chunk() + " lacks the kept weights");
        }
        if (s.bestRestart() == null
                || s.bestRestart().length != instances
                || s.finalTrain() == null
                || s.finalTrain().length != instances) {
            throw new IllegalArgumentException(
                    "checkpoint needs best_restart and final_train for " + instances + " instances");
        }
        for (int r : s.bestRestart()) {
            if (r < 0 || r >= cfg.restarts()) {
                throw new IllegalArgumentException("checkpoint names restart " + r + " of " + cfg.restarts());
            }
        }
        if (s.atBoundary()) {
            return;
        }
        int wide = instances * Math.min(chunk, cfg.restarts() - s.chunk() * chunk);
        checkWeights("weights", s.weights(), one, wide);
        List<Integer> want = new ArrayList<>();
        if (cfg.optimizer().kind() != OptimizerConfig.Kind.SGD) {
            // both engines keep m and v per parameter, in parameter order
            for (float[] p : one.values()) {
                want.add(p.length * wide);
                want.add(p.length * wide);
            }
        }
        if (s.moments() == null || s.moments().size() != want.size()) {
            throw new IllegalArgumentException(
                    "checkpoint holds " + (s.moments() == null ? 0 : s.moments().size())
                            + " optimizer moment arrays, this optimizer keeps " + want.size());
        }
        for (int k = 0; k < want.size(); k++) {
            if (s.moments().get(k) == null || s.moments().get(k).length != want.get(k)) {
                throw new IllegalArgumentException("optimizer moment " + k + " needs " + want.get(k) + " values");
            }
        }
    }

    private static void checkWeights(String what, Map<String, float[]> got, Map<String, float[]> one, int count) {
        if (!got.keySet().equals(one.keySet())) {
            throw new IllegalArgumentException(
                    what + " arrays are " + got.keySet() + ", this model has " + one.keySet());
        }
        for (Map.Entry<String, float[]> e : one.entrySet()) {
            float[] a = got.get(e.getKey());
            if (a == null || a.length != (long) e.getValue().length * count) {
                throw new IllegalArgumentException(
                        what + " " + e.getKey() + " needs " + (long) e.getValue().length * count + " values");
            }
        }
    }

    private static void checkResumable(
            TrainState s, Engine engine, int chunks, int steps, int instances, int chunk, int restarts) {
        if (engine != Engine.fromKey(s.engine())) {
            throw new IllegalArgumentException("the checkpoint was written by the " + s.engine()
                    + " engine, this run uses the " + engine.key() + " engine (same --backend and --engine needed)");
        }
        if (s.chunk() < 0
                || s.chunk() > chunks
                || s.step() < 0
                || s.step() >= steps
                || s.chunk() == chunks && !s.atBoundary()) {
            throw new IllegalArgumentException("checkpoint at chunk " + s.chunk() + " step " + s.step()
                    + " does not fit a run of " + chunks + " chunks of " + steps + " steps");
        }
        if (s.bestLoss() == null || s.bestLoss().length != instances) {
            throw new IllegalArgumentException("checkpoint holds " + (s.bestLoss() == null ? 0 : s.bestLoss().length)
                    + " instances, this run trains " + instances);
        }
        if (!s.atBoundary()) {
            int wide = instances * Math.min(chunk, restarts - s.chunk() * chunk);
            if (s.rng() == null || s.rng().length != 2 * wide || s.lastLoss() == null || s.lastLoss().length != wide) {
                throw new IllegalArgumentException("checkpoint streams do not match " + wide + " trained models");
            }
        }
    }

    static Map<String, float[]> copy(Map<String, float[]> weights) {
        Map<String, float[]> out = new LinkedHashMap<>();
        weights.forEach((k, v) -> out.put(k, v.clone()));
        return out;
    }

    /** What an engine receives to continue a chunk (fresh: initial streams, zero moments). */
    record EngineStart(int step, long[] rng, List<float[]> moments, float[] lastLoss) {
        static EngineStart of(TrainState from, ToyModel model, long seed, long[] streams) {
            if (from != null) {
                // shapes were checked by checkResume before training began
                for (Map.Entry<String, float[]> e : model.weights().entrySet()) {
                    System.arraycopy(from.weights().get(e.getKey()), 0, e.getValue(), 0, e.getValue().length);
                }
                return new EngineStart(from.step(), from.rng(), from.moments(), from.lastLoss());
            }
            long[] rng = new long[2 * streams.length];
            for (int j = 0; j < streams.length; j++) {
                long[] st = Rng.forStream(seed, streams[j]).state();
                rng[2 * j] = st[0];
                rng[2 * j + 1] = st[1];
            }
            return new EngineStart(0, rng, null, new float[streams.length]);
        }

        Rng rng(int j) {
            return Rng.fromState(new long[] {rng[2 * j], rng[2 * j + 1]});
        }
    }

    /** An engine's view of a checkpoint: the live chunk state; Trainer adds the best-so-far. */
    interface EngineCheckpoint {
        void save(int step, Map<String, float[]> weights, List<float[]> moments, long[] rng, float[] last);
    }

    /**
     * How many restarts train side by side as extra instances of one batched job (cheaper than one
     * after another), bounded so one step's activations stay within about 512 MiB. Depends only on
     * the job's shape, so results never depend on the machine.
     */
    public static int restartsPerChunk(int instances, int features, int hidden, TrainConfig cfg) {
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
    public static float[] evalLoss(
            ToyModel model, FeatureGenerator gen, float[] importance, long seed, int samples, Backend backend) {
        return evalLoss(model, gen, importance, seed, samples, backend, model.instances());
    }

    /** As above, for restarts side by side: instance j is evaluated on instance (j mod period)'s batch. */
    static float[] evalLoss(
            ToyModel model,
            FeatureGenerator gen,
            float[] importance,
            long seed,
            int samples,
            Backend backend,
            int period) {
        return evalLoss(model, gen, importance, seed, samples, backend, period, InstanceSlice.all(period));
    }

    /** As above, with instance j drawing the batch of global instance {@code slice.id(j mod period)}. */
    static float[] evalLoss(
            ToyModel model,
            FeatureGenerator gen,
            float[] importance,
            long seed,
            int samples,
            Backend backend,
            int period,
            InstanceSlice slice) {
        int inst = model.instances();
        Rng[] rngs = new Rng[inst];
        for (int i = 0; i < inst; i++) {
            rngs[i] = Rng.forStream(seed, slice.id(i % period), EVAL_STREAM);
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
