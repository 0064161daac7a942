package io.github.superpose.sim;

import io.github.superpose.core.Backend;
import io.github.superpose.sim.fast.FusedJob;
import io.github.superpose.sim.fast.FusedListener;
import io.github.superpose.sim.fast.FusedResult;
import io.github.superpose.sim.fast.FusedState;
import io.github.superpose.sim.fast.FusedTrainer;
import io.github.superpose.sim.fast.OptimizerKind;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plain-Java backend's fused, sparsity-aware step for the tied models (linear and ReLU output
 * on non-negative sparse features): the same maths as the tape path, far fewer operations.
 */
final class FusedEngine {
    private FusedEngine() {
    }

    /** True when the fused kernel computes exactly this job. */
    static boolean applies(ModelKind kind, FeatureGenerator gen, Backend backend) {
        boolean tied = kind == ModelKind.LINEAR || kind == ModelKind.RELU;
        return tied && "java".equals(backend.name()) && gen instanceof SparseUniform
                && !((SparseUniform) gen).signed();
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

    static float[] train(ToyModel model, SparseUniform gen, float[] importance, TrainConfig cfg, long seed,
                         Trainer.EngineStart start, int restart, TrainListener listener, long progressBase,
                         long progressTotal, int checkpointEvery, Trainer.EngineCheckpoint save) {
        int inst = model.instances();
        int n = model.features();
        OptimizerConfig o = cfg.optimizer();
        FusedJob job = new FusedJob(inst, n, model.hidden(), model.kind() == ModelKind.RELU, gen.densities(),
                sharedImportance(importance, inst) ? Arrays.copyOf(importance, n) : importance.clone(),
                cfg.steps(), cfg.batch(),
                t -> o.lr() * cfg.schedule().scale(t, cfg.steps()), OptimizerKind.valueOf(o.kind().name()),
                o.beta1(), o.beta2(), o.eps(), o.weightDecay(), seed, Math.max(1, cfg.threads()),
                cfg.logEvery(), cfg.hookEvery());
        Map<String, float[]> weights = model.weights();
        float[][] moments = start.moments() == null || start.moments().isEmpty() ? null
                : start.moments().toArray(new float[0][]);
        FusedState from = new FusedState(start.step(), weights.get("W").clone(), weights.get("b").clone(), moments,
                start.rng(), start.lastLoss());
        float[][] last = {start.lastLoss().clone()};
        FusedResult r = FusedTrainer.train(job, from, save == null ? 0 : checkpointEvery, new FusedListener() {
            @Override
            public void onLog(int step, float[] loss) {
                last[0] = loss.clone();
                listener.onLog(restart, step, loss);
            }

            @Override
            public void onHook(int step, float[] w, float[] b) {
                if (step > 0) {
                    listener.onHook(restart, step, ToyModel.of(model.kind(), inst, n, model.hidden(),
                            Map.of("W", w, "b", b)));
                }
            }

            @Override
            public void onProgress(int done, int steps) {
                listener.onProgress(progressBase + done, progressTotal);
            }

            @Override
            public void onCheckpoint(FusedState s) {
                Map<String, float[]> w = new LinkedHashMap<>();
                w.put("W", s.W());
                w.put("b", s.b());
                save.save(s.step(), w, s.moments() == null ? List.of() : List.of(s.moments()),
                        s.rng(), s.lastLoss());
            }
        });
        System.arraycopy(r.W(), 0, weights.get("W"), 0, r.W().length);
        System.arraycopy(r.b(), 0, weights.get("b"), 0, r.b().length);
        return r.finalLoss() != null ? r.finalLoss() : last[0];
    }
}
