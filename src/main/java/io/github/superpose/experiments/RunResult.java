package io.github.superpose.experiments;

import io.github.superpose.sim.InstanceSlice;
import io.github.superpose.sim.TrainResult;
import java.util.List;

/**
 * What one run produced, in memory: the spec it ran, the trained models, the logged losses
 * ({restart, step, instance, loss} rows) and hooked dynamics ({restart, step, instance, feature, norm, D_i}).
 * A sharded run trains only {@code slice}'s instances: the model and per-instance arrays follow the
 * slice's order, while the log's instance column holds global indices.
 */
public record RunResult(
        Spec spec,
        RunOptions options,
        TrainResult train,
        List<double[]> lossLog,
        List<double[]> dynamics,
        double seconds,
        InstanceSlice slice) {
    /** A run of every instance of the spec. */
    public RunResult(
            Spec spec,
            RunOptions options,
            TrainResult train,
            List<double[]> lossLog,
            List<double[]> dynamics,
            double seconds) {
        this(spec, options, train, lossLog, dynamics, seconds, InstanceSlice.all(spec.instances()));
    }

    /** True when this run holds only part of the spec's instances. */
    public boolean sharded() {
        return !slice.isAll();
    }
}
