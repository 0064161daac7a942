package io.github.superpose.sim;

import io.github.superpose.core.Backend;
import io.github.superpose.core.Rng;
import io.github.superpose.core.Tape;
import io.github.superpose.core.Tensor;
import java.util.List;

/** The general training loop on the autograd tape: any model, any generator, any backend. */
final class TapeEngine {
    private TapeEngine() {}

    /**
     * Trains {@code model} in place from {@code start} (step, random streams, optimizer moments);
     * {@code restart} labels the first restart in the model (for listeners). Offers the live state
     * to {@code save} after every {@code checkpointEvery} steps. Returns the last logged loss.
     */
    static float[] train(
            ToyModel model,
            FeatureGenerator gen,
            float[] importance,
            TrainConfig cfg,
            Trainer.EngineStart start,
            int restart,
            Backend backend,
            TrainListener listener,
            long progressBase,
            long progressTotal,
            int checkpointEvery,
            Trainer.EngineCheckpoint save) {
        int inst = model.instances();
        Rng[] rngs = new Rng[inst];
        for (int i = 0; i < inst; i++) {
            rngs[i] = start.rng(i);
        }
        Tensor imp = Tensor.of(importance, inst, 1, model.features());
        Optimizer opt = cfg.optimizer().create();
        List<Tensor> params = model.parameters();
        if (start.moments() != null) {
            opt.importState(params, start.moments(), start.step());
        }
        float[] last = start.lastLoss().clone();
        int steps = cfg.steps();
        boolean parallel = cfg.threads() > 1;
        for (int step = start.step(); step < steps; step++) {
            Tensor[] xy = Batches.draw(gen, rngs, cfg.batch(), parallel);
            Tape t = new Tape(backend);
            Tensor[] loss = Losses.importanceMse(t, xy[1], model.forward(t, xy[0]), imp);
            boolean logNow = cfg.logEvery() > 0 && step % cfg.logEvery() == 0 || step == steps - 1;
            if (logNow || !Float.isFinite(loss[0].item())) {
                last = Losses.perInstanceMean(loss[1]);
                int bad = Trainer.firstNonFinite(last);
                if (bad >= 0) {
                    throw new TrainingDivergedException(bad, step, "loss");
                }
                listener.onLog(restart, step, last);
            }
            for (Tensor p : params) {
                p.zeroGradInPlace();
            }
            t.backward(loss[0]);
            // the same double the fused path computes, so both engines take the same step
            double lr = cfg.optimizer().lr() * cfg.schedule().scale(step, steps);
            opt.stepInPlace(params, lr);
            if (cfg.hookEvery() > 0 && (step + 1) % cfg.hookEvery() == 0) {
                listener.onHook(restart, step + 1, model);
            }
            listener.onProgress(progressBase + step + 1, progressTotal);
            if (save != null && checkpointEvery > 0 && (step + 1) % checkpointEvery == 0 && step + 1 < steps) {
                long[] rng = new long[2 * inst];
                for (int i = 0; i < inst; i++) {
                    long[] st = rngs[i].state();
                    rng[2 * i] = st[0];
                    rng[2 * i + 1] = st[1];
                }
                save.save(step + 1, Trainer.copy(model.weights()), opt.exportState(params), rng, last.clone());
            }
        }
        return last;
    }
}
