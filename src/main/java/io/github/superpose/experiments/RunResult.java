package io.github.superpose.experiments;

import io.github.superpose.sim.TrainResult;
import java.util.List;

/**
 * What one run produced, in memory: the spec it ran, the trained models, the logged losses
 * ({restart, step, instance, loss} rows) and hooked dynamics ({restart, step, instance, feature, norm, D_i}).
 */
public record RunResult(Spec spec, RunOptions options, TrainResult train, List<double[]> lossLog,
                        List<double[]> dynamics, double seconds) {
}
