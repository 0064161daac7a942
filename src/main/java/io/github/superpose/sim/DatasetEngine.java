package io.github.superpose.sim;

import io.github.superpose.core.Rng;
import io.github.superpose.sim.fast.DatasetJob;
import io.github.superpose.sim.fast.DatasetTrainer;
import io.github.superpose.sim.fast.FusedDivergedException;
import io.github.superpose.sim.fast.FusedListener;
import io.github.superpose.sim.fast.FusedResult;
import io.github.superpose.sim.fast.FusedState;
import io.github.superpose.sim.fast.OptimizerKind;
import io.github.superpose.sim.fast.SparsePoints;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Trains the ReLU-output model on {@link FiniteDataset}s with the exact sparse kernel of
 * {@code sim.fast}, and measures test loss on fresh points with the same kernel. Checkpoints
 * keep the tape's layout (W, b; m and v per parameter), so {@link Trainer} resumes them as it
 * resumes every engine.
 */
final class DatasetEngine {
    private DatasetEngine() {}

    /** Trains the model in place; returns each instance's loss on its whole training set at the end. */
    static float[] train(
            ToyModel model,
            FiniteDataset data,
            float[] importance,
            TrainConfig cfg,
            Trainer.EngineStart start,
            int restart,
            TrainListener listener,
            long progressBase,
            long progressTotal,
            int checkpointEvery,
            Trainer.EngineCheckpoint save) {
        int inst = model.instances();
        int n = model.features();
        int m = model.hidden();
        SparsePoints[] train = new SparsePoints[inst];
        for (int i = 0; i < inst; i++) {
            train[i] = data.trainingSet(i);
        }
        OptimizerConfig o = cfg.optimizer();
        DatasetJob job = new DatasetJob(
                inst,
                n,
                m,
                train,
                FusedEngine.sharedImportance(importance, inst) ? Arrays.copyOf(importance, n) : importance.clone(),
                cfg.steps(),
                cfg.batch(),
                t -> o.lr() * cfg.schedule().scale(t, cfg.steps()),
                OptimizerKind.valueOf(o.kind().name()),
                o.beta1(),
                o.beta2(),
                o.eps(),
                o.weightDecay(),
                Math.max(1, cfg.threads()),
                cfg.logEvery(),
                cfg.hookEvery());
        Map<String, float[]> weights = model.weights();
        float[][] moments = start.moments() == null || start.moments().isEmpty()
                ? null
                : start.moments().toArray(new float[0][]);
        FusedState from = new FusedState(
                start.step(),
                weights.get("W").clone(),
                weights.get("b").clone(),
                moments,
                start.rng(),
                start.lastLoss());
        FusedResult r;
        try {
            r = DatasetTrainer.train(job, from, save == null ? 0 : checkpointEvery, new FusedListener() {
                @Override
                public void onLog(int step, float[] loss) {
                    listener.onLog(restart, step, loss);
                }

                @Override
                public void onHook(int step, float[] w, float[] b) {
                    if (step > 0) {
                        listener.onHook(
                                restart,
                                step,
                                ToyModel.of(model.kind(), inst, n, m, FusedEngine.named(w, b, false, inst, n * m)));
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
                            FusedEngine.named(s.W(), s.b(), false, inst, n * m),
                            s.moments() == null ? List.of() : List.of(s.moments()),
                            s.rng(),
                            s.lastLoss());
                }
            });
        } catch (FusedDivergedException e) {
            throw new TrainingDivergedException(e.instance(), e.step(), e.what());
        }
        System.arraycopy(r.W(), 0, weights.get("W"), 0, r.W().length);
        System.arraycopy(r.b(), 0, weights.get("b"), 0, r.b().length);
        return r.finalLoss();
    }

    /**
     * Test loss: each instance's mean loss on {@code samples} fresh points drawn from
     * {@code Rng.forStream(seed, slice.id(i), Trainer.EVAL_STREAM)}, the stream every engine's
     * evaluation uses.
     */
    static float[] testLoss(
            ToyModel model,
            FiniteDataset data,
            float[] importance,
            long seed,
            int samples,
            InstanceSlice slice,
            int threads) {
        int inst = model.instances();
        SparsePoints[] test = new SparsePoints[inst];
        for (int i = 0; i < inst; i++) {
            test[i] = data.fresh(Rng.forStream(seed, slice.id(i), Trainer.EVAL_STREAM), i, samples);
        }
        int n = model.features();
        return DatasetTrainer.meanLoss(
                n, model.hidden(), model.weights().get("W"), model.weights().get("b"), importance, n, test, threads);
    }
}
