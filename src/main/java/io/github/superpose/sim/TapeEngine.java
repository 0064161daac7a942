package io.github.superpose.sim;

import io.github.superpose.core.Backend;
import io.github.superpose.core.Rng;
import io.github.superpose.core.Tape;
import io.github.superpose.core.Tensor;
import java.util.List;

/** The general training loop on the autograd tape: any model, any generator, any backend. */
final class TapeEngine {
    private TapeEngine() {
    }

    /**
     * Trains {@code model} in place; instance j draws data from {@code Rng.forStream(seed, j)}.
     * {@code restart} labels the first restart in the model (for listeners). Returns the last logged loss.
     */
    static float[] train(ToyModel model, FeatureGenerator gen, float[] importance, TrainConfig cfg, long seed,
                         int restart, Backend backend, TrainListener listener, long progressBase, long progressTotal) {
        int inst = model.instances();
        Rng[] rngs = new Rng[inst];
        for (int i = 0; i < inst; i++) {
            rngs[i] = Rng.forStream(seed, i);
        }
        Tensor imp = Tensor.of(importance, inst, 1, model.features());
        Optimizer opt = cfg.optimizer().create();
        List<Tensor> params = model.parameters();
        float[] last = new float[inst];
        int steps = cfg.steps();
        boolean parallel = cfg.threads() > 1;
        for (int step = 0; step < steps; step++) {
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
            float lr = (float) (cfg.optimizer().lr() * cfg.schedule().scale(step, steps));
            opt.stepInPlace(params, lr);
            if (cfg.hookEvery() > 0 && (step + 1) % cfg.hookEvery() == 0) {
                listener.onHook(restart, step + 1, model);
            }
            listener.onProgress(progressBase + step + 1, progressTotal);
        }
        return last;
    }
}
