package io.github.superpose.experiments;

import io.github.superpose.core.Backend;
import io.github.superpose.metrics.Geometry;
import io.github.superpose.metrics.Weights;
import io.github.superpose.sim.CheckpointSink;
import io.github.superpose.sim.CorrelatedSets;
import io.github.superpose.sim.FeatureGenerator;
import io.github.superpose.sim.FiniteDataset;
import io.github.superpose.sim.InstanceSlice;
import io.github.superpose.sim.ModelKind;
import io.github.superpose.sim.Schedule;
import io.github.superpose.sim.SparseUniform;
import io.github.superpose.sim.ToyModel;
import io.github.superpose.sim.TrainConfig;
import io.github.superpose.sim.TrainControl;
import io.github.superpose.sim.TrainListener;
import io.github.superpose.sim.TrainResult;
import io.github.superpose.sim.TrainState;
import io.github.superpose.sim.Trainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Runs one spec: builds the generator and importance of every instance, trains, and collects
 * logs. Writing the run folder is {@link RunStore}'s job.
 *
 * <pre>RunResult r = Experiment.run(spec, RunOptions.defaults(), backend, progress);</pre>
 */
public final class Experiment {
    private Experiment() {}

    public static RunResult run(Spec spec, RunOptions opts, Backend backend, TrainListener progress) {
        return run(spec, opts, backend, progress, RunControl.plain(spec));
    }

    /**
     * Runs the control's slice of the spec's instances, continuing from its checkpoint when given
     * and writing checkpoints to its file.
     */
    public static RunResult run(
            Spec spec, RunOptions opts, Backend backend, TrainListener progress, RunControl control) {
        InstanceSlice slice = control.slice();
        int inst = slice.size();
        FeatureGenerator gen = generatorOf(spec, slice);
        float[] importance = new float[inst * spec.features()];
        for (int i = 0; i < inst; i++) {
            System.arraycopy(spec.importanceOf(slice.id(i)), 0, importance, i * spec.features(), spec.features());
        }
        TrainConfig cfg = trainConfigOf(spec, opts);
        Checkpoint.Saved saved = control.resume();
        List<double[]> log = Collections.synchronizedList(new ArrayList<>());
        List<double[]> dynamics = Collections.synchronizedList(new ArrayList<>());
        if (saved != null) {
            log.addAll(saved.log());
            dynamics.addAll(saved.dynamics());
        }
        TrainListener listener = new TrainListener() {
            @Override
            public void onLog(int restart, int step, float[] loss) {
                // restarts trained side by side arrive as extra instances: j = (restart − first)·I + i
                for (int j = 0; j < loss.length; j++) {
                    log.add(new double[] {restart + j / inst, step, slice.id(j % inst), loss[j]});
                }
                progress.onLog(restart, step, loss);
            }

            @Override
            public void onHook(int restart, int step, ToyModel model) {
                recordDynamics(dynamics, restart, step, model, inst, slice);
                progress.onHook(restart, step, model);
            }

            @Override
            public void onProgress(long done, long total) {
                progress.onProgress(done, total);
            }
        };
        double before = saved != null ? saved.seconds() : 0;
        long t0 = System.nanoTime();
        CheckpointRecords records;
        try {
            records = control.checkpoint() == null ? null : CheckpointRecords.open(control.checkpoint(), saved);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot open the records beside " + control.checkpoint() + ": " + e.getMessage(), e);
        }
        CheckpointSink sink = control.checkpoint() == null
                ? CheckpointSink.NONE
                : new CheckpointSink() {
                    @Override
                    public int every() {
                        return control.checkpointEvery();
                    }

                    @Override
                    public void save(TrainState state) {
                        try {
                            Checkpoint.write(
                                    control.checkpoint(),
                                    new Checkpoint.Saved(state, log, dynamics, before + (System.nanoTime() - t0) / 1e9),
                                    records);
                        } catch (IOException e) {
                            throw new UncheckedIOException(
                                    "cannot write checkpoint " + control.checkpoint() + ": " + e.getMessage(), e);
                        }
                    }
                };
        TrainControl tc = new TrainControl(slice, saved == null ? null : saved.state(), sink);
        boolean allowFused = !"tape".equals(opts.engine());
        if (saved != null) {
            try {
                Trainer.checkResume(spec.model(), spec.features(), spec.hidden(), gen, cfg, backend, allowFused, tc);
            } catch (IllegalArgumentException e) {
                throw new SpecException((control.checkpoint() == null
                                ? "checkpoint"
                                : control.checkpoint().toString()) + ": does not fit this run (" + e.getMessage()
                        + ")");
            }
        }
        TrainResult result = Trainer.train(
                spec.model(), spec.features(), spec.hidden(), gen, importance, cfg, backend, listener, allowFused, tc);
        double seconds = before + (System.nanoTime() - t0) / 1e9;
        return new RunResult(spec, opts, result, log, dynamics, seconds, slice);
    }

    static void recordDynamics(
            List<double[]> out, int restart, int step, ToyModel model, int inst, InstanceSlice slice) {
        int n = model.features();
        for (int j = 0; j < model.instances(); j++) {
            double[][] w = Weights.instance(model.embedding(), j, n, model.hidden());
            double[] norms = Geometry.norms(w);
            double[] dims = Geometry.dimensionality(w);
            for (int f = 0; f < n; f++) {
                out.add(new double[] {restart + j / inst, step, slice.id(j % inst), f, norms[f], dims[f]});
            }
        }
    }

    /** The feature generator a spec describes, with every instance's densities. */
    public static FeatureGenerator generatorOf(Spec spec) {
        return generatorOf(spec, InstanceSlice.all(spec.instances()));
    }

    /** The generator for a slice of the spec's instances, in slice order. */
    static FeatureGenerator generatorOf(Spec spec, InstanceSlice slice) {
        int inst = slice.size();
        int n = spec.features();
        if (spec.finite()) {
            float[] d = new float[inst];
            int[] t = new int[inst];
            long[] streams = new long[inst];
            for (int i = 0; i < inst; i++) {
                d[i] = (float) spec.densityOf(slice.id(i));
                t[i] = spec.trainPointsOf(slice.id(i));
                streams[i] = slice.id(i);
            }
            return new FiniteDataset(n, d, t, "unit".equals(spec.normalize()), spec.seed(), streams);
        }
        if ("correlated".equals(spec.data())) {
            float[] d = new float[inst];
            for (int i = 0; i < inst; i++) {
                d[i] = (float) spec.densityOf(slice.id(i));
            }
            int independent = n - 2 * (spec.correlatedPairs() + spec.anticorrelatedPairs());
            return new CorrelatedSets(
                    d, spec.correlatedPairs(), spec.anticorrelatedPairs(), independent, spec.convention());
        }
        float[] d = new float[inst * n];
        for (int i = 0; i < inst; i++) {
            System.arraycopy(spec.featureDensityOf(slice.id(i)), 0, d, i * n, n);
        }
        return new SparseUniform(d, n, "signed".equals(spec.data()));
    }

    static TrainConfig trainConfigOf(Spec spec, RunOptions opts) {
        Schedule schedule = Schedule.named(spec.schedule()).withWarmup(spec.warmup());
        return new TrainConfig(
                spec.steps(),
                spec.batch(),
                spec.optimizer(),
                schedule,
                spec.seed(),
                opts.threads(),
                spec.logEvery(),
                spec.hookEvery(),
                spec.restarts(),
                spec.evalBatch());
    }

    /** True when the model has a hidden layer whose neurons can be read for polysemanticity. */
    static boolean hasNeurons(ModelKind k) {
        return k == ModelKind.HIDDEN_RELU || k == ModelKind.ABS;
    }
}
