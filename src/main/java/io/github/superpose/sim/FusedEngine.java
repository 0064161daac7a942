package io.github.superpose.sim;

import io.github.superpose.core.Backend;
import io.github.superpose.sim.fast.FeatureSets;
import io.github.superpose.sim.fast.FusedDivergedException;
import io.github.superpose.sim.fast.FusedJob;
import io.github.superpose.sim.fast.FusedListener;
import io.github.superpose.sim.fast.FusedModel;
import io.github.superpose.sim.fast.FusedResult;
import io.github.superpose.sim.fast.FusedState;
import io.github.superpose.sim.fast.FusedTrainer;
import io.github.superpose.sim.fast.OptimizerKind;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plain-Java backend's fused, sparsity-aware step for every toy model on SparseUniform
 * features: the same maths as the tape path, far fewer operations. The kernels keep one flat
 * weight array per instance (W, or W1 then W2 for the abs model); this class converts weights
 * and optimizer moments to and from the model's named arrays, so checkpoints have the tape's
 * layout (m and v per parameter, in parameter order).
 */
final class FusedEngine {
    private FusedEngine() {}

    /** True when the fused kernel computes exactly this job. */
    static boolean applies(ModelKind kind, FeatureGenerator gen, Backend backend) {
        if (!"java".equals(backend.name())) {
            return false;
        }
        if (gen instanceof CorrelatedSets) {
            return true;
        }
        if (!(gen instanceof SparseUniform)) {
            return false;
        }
        // the tied kernels' Gram form assumes non-negative inputs; the hidden-ReLU kernels take either
        boolean tied = kind == ModelKind.LINEAR || kind == ModelKind.RELU;
        return !tied || !((SparseUniform) gen).signed();
    }

    static FusedModel fusedModel(ModelKind kind) {
        switch (kind) {
            case LINEAR:
                return FusedModel.LINEAR;
            case RELU:
                return FusedModel.RELU;
            case HIDDEN_RELU:
                return FusedModel.HIDDEN_RELU;
            case ABS:
                return FusedModel.ABS;
            default:
                throw new IllegalArgumentException("no fused kernel for " + kind);
        }
    }

    static boolean sharedImportance(float[] importance, int instances) {
        int n = importance.length / instances;
        for (int i = 1; i < instances; i++) {
            if (!Arrays.equals(importance, 0, n, importance, i * n, (i + 1) * n)) {
                return false;
            }
        }
        return true;
    }

    static float[] train(
            ToyModel model,
            FeatureGenerator gen,
            float[] importance,
            TrainConfig cfg,
            long seed,
            Trainer.EngineStart start,
            int restart,
            TrainListener listener,
            long progressBase,
            long progressTotal,
            int checkpointEvery,
            Trainer.EngineCheckpoint save) {
        int inst = model.instances();
        int n = model.features();
        OptimizerConfig o = cfg.optimizer();
        boolean signed = gen instanceof SparseUniform && ((SparseUniform) gen).signed();
        FusedJob job = new FusedJob(
                inst,
                n,
                model.hidden(),
                fusedModel(model.kind()),
                signed,
                setsOf(gen),
                densities(gen, inst, n),
                sharedImportance(importance, inst) ? Arrays.copyOf(importance, n) : importance.clone(),
                cfg.steps(),
                cfg.batch(),
                t -> o.lr() * cfg.schedule().scale(t, cfg.steps()),
                OptimizerKind.valueOf(o.kind().name()),
                o.beta1(),
                o.beta2(),
                o.eps(),
                o.weightDecay(),
                seed,
                Math.max(1, cfg.threads()),
                cfg.logEvery(),
                cfg.hookEvery());
        Map<String, float[]> weights = model.weights();
        boolean abs = model.kind() == ModelKind.ABS;
        int nm = n * model.hidden();
        float[][] moments =
                start.moments() == null || start.moments().isEmpty() ? null : fromTape(start.moments(), abs, inst, nm);
        FusedState from = new FusedState(
                start.step(),
                packed(weights, abs, inst, nm),
                weights.get("b").clone(),
                moments,
                start.rng(),
                start.lastLoss());
        float[][] last = {start.lastLoss().clone()};
        FusedResult r;
        try {
            r = run(
                    job,
                    from,
                    save == null ? 0 : checkpointEvery,
                    model,
                    restart,
                    listener,
                    progressBase,
                    progressTotal,
                    save,
                    last,
                    abs,
                    nm);
        } catch (FusedDivergedException e) {
            throw new TrainingDivergedException(e.instance(), e.step(), e.what());
        }
        named(r.W(), r.b(), abs, inst, nm).forEach((k, v) -> System.arraycopy(v, 0, weights.get(k), 0, v.length));
        return r.finalLoss() != null ? r.finalLoss() : last[0];
    }

    private static FusedResult run(
            FusedJob job,
            FusedState from,
            int checkpointEvery,
            ToyModel model,
            int restart,
            TrainListener listener,
            long progressBase,
            long progressTotal,
            Trainer.EngineCheckpoint save,
            float[][] last,
            boolean abs,
            int nm) {
        int inst = job.instances();
        int n = job.features();
        return FusedTrainer.train(job, from, checkpointEvery, new FusedListener() {
            @Override
            public void onLog(int step, float[] loss) {
                last[0] = loss.clone();
                listener.onLog(restart, step, loss);
            }

            @Override
            public void onHook(int step, float[] w, float[] b) {
                if (step > 0) {
                    listener.onHook(
                            restart,
                            step,
                            ToyModel.of(model.kind(), inst, n, model.hidden(), named(w, b, abs, inst, nm)));
                }
            }

            @Override
            public void onProgress(int done, int steps) {
                listener.onProgress(progressBase + done, progressTotal);
            }

            @Override
            public void onCheckpoint(FusedState s) {
                save.save(
                        s.step(),
                        named(s.W(), s.b(), abs, inst, nm),
                        s.moments() == null ? List.of() : toTape(s.moments(), abs, inst, nm),
                        s.rng(),
                        s.lastLoss());
            }
        });
    }

    /** Pairs of a CorrelatedSets generator, else null. */
    static FeatureSets setsOf(FeatureGenerator gen) {
        if (!(gen instanceof CorrelatedSets)) {
            return null;
        }
        return ((CorrelatedSets) gen).sets();
    }

    /** Density per instance and feature, [instances, features]. */
    static float[] densities(FeatureGenerator gen, int inst, int n) {
        if (gen instanceof SparseUniform) {
            return ((SparseUniform) gen).densities();
        }
        float[] per = ((CorrelatedSets) gen).densities();
        float[] out = new float[inst * n];
        for (int i = 0; i < inst; i++) {
            java.util.Arrays.fill(out, i * n, (i + 1) * n, per[i]);
        }
        return out;
    }

    /** The kernels' weight array: W, or per instance W1 [n·m] then W2 [m·n]. */
    static float[] packed(Map<String, float[]> weights, boolean abs, int inst, int nm) {
        return abs
                ? interleave(weights.get("W1"), weights.get("W2"), inst, nm)
                : weights.get("W").clone();
    }

    /** The model's named arrays (W, b or W1, W2, b) from the kernels' weight array and b. */
    static Map<String, float[]> named(float[] w, float[] b, boolean abs, int inst, int nm) {
        Map<String, float[]> out = new LinkedHashMap<>();
        if (abs) {
            float[][] parts = split(w, inst, nm);
            out.put("W1", parts[0]);
            out.put("W2", parts[1]);
        } else {
            out.put("W", w);
        }
        out.put("b", b);
        return out;
    }

    /** Tape moments (m, v per parameter in order) to the kernels' {m_W, v_W, m_b, v_b}. */
    static float[][] fromTape(List<float[]> tape, boolean abs, int inst, int nm) {
        if (!abs) {
            return tape.toArray(new float[0][]);
        }
        return new float[][] {
            interleave(tape.get(0), tape.get(2), inst, nm),
            interleave(tape.get(1), tape.get(3), inst, nm),
            tape.get(4),
            tape.get(5)
        };
    }

    /** The kernels' {m_W, v_W, m_b, v_b} in the tape's layout. */
    static List<float[]> toTape(float[][] fused, boolean abs, int inst, int nm) {
        if (!abs) {
            return List.of(fused);
        }
        float[][] m = split(fused[0], inst, nm);
        float[][] v = split(fused[1], inst, nm);
        return List.of(m[0], v[0], m[1], v[1], fused[2], fused[3]);
    }

    private static float[] interleave(float[] first, float[] second, int inst, int nm) {
        float[] out = new float[2 * inst * nm];
        for (int i = 0; i < inst; i++) {
            System.arraycopy(first, i * nm, out, 2 * i * nm, nm);
            System.arraycopy(second, i * nm, out, (2 * i + 1) * nm, nm);
        }
        return out;
    }

    private static float[][] split(float[] both, int inst, int nm) {
        float[][] out = {new float[inst * nm], new float[inst * nm]};
        for (int i = 0; i < inst; i++) {
            System.arraycopy(both, 2 * i * nm, out[0], i * nm, nm);
            System.arraycopy(both, (2 * i + 1) * nm, out[1], i * nm, nm);
        }
        return out;
    }
}
