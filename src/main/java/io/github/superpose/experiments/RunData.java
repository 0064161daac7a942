package io.github.superpose.experiments;

import io.github.superpose.sim.ToyModel;
import java.util.List;

/**
 * Everything figures and claims read from a run, whether it was just trained or loaded from its
 * folder: the resolved spec, the kept model, eval losses, logged losses and hooked dynamics.
 */
public record RunData(Spec spec, ToyModel model, float[] evalLoss, List<double[]> lossLog, List<double[]> dynamics) {
    public static RunData of(RunResult r) {
        return new RunData(r.spec(), r.train().model(), r.train().evalLoss(), r.lossLog(), r.dynamics());
    }
}
