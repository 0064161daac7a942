package io.github.superpose.experiments;

import io.github.superpose.metrics.PointDimensionality;
import io.github.superpose.sim.FiniteDataset;
import io.github.superpose.sim.InstanceSlice;

/**
 * The finite-data measures of a run (Henighan et al. 2023), read off the saved weights alone: a
 * run's training sets are redrawn from its spec and seed. Per instance: T, the hidden vectors
 * h_t = W x_t of the training points, the data-point dimensionality D_t of each, the feature
 * dimensionality D_i of each feature, and their squared-norm-weighted means. The figures of the
 * double-descent experiment take these arrays.
 *
 * <pre>double[] t = FiniteMeasures.trainPoints(run); double[] dPoint = FiniteMeasures.meanPointDimensionality(run);</pre>
 */
public final class FiniteMeasures {
    /** results.json lists every point's D_t and h_t up to this T (beyond it, only the summaries). */
    static final int MAX_LISTED_POINTS = 2000;

    private FiniteMeasures() {}

    /** T per instance. */
    public static double[] trainPoints(RunData run) {
        double[] out = new double[run.model().instances()];
        for (int i = 0; i < out.length; i++) {
            out[i] = run.spec().trainPointsOf(i);
        }
        return out;
    }

    /** The hidden size m of every instance (one per run; the (m, T) map joins runs). */
    public static double[] hiddenSize(RunData run) {
        double[] out = new double[run.model().instances()];
        java.util.Arrays.fill(out, run.spec().hidden());
        return out;
    }

    /** Test loss per instance: mean loss on the fresh evaluation points (eval_batch of them). */
    public static double[] testLoss(RunData run) {
        return Figures.toDoubles(run.evalLoss());
    }

    /** Training loss per instance, recomputed exactly on the redrawn training sets. */
    public static double[] trainLoss(RunData run) {
        int inst = run.model().instances();
        float[] imp = new float[inst * run.spec().features()];
        for (int i = 0; i < inst; i++) {
            System.arraycopy(
                    run.spec().importanceOf(i),
                    0,
                    imp,
                    i * run.spec().features(),
                    run.spec().features());
        }
        return Figures.toDoubles(data(run.spec())
                .trainLoss(
                        run.spec().hidden(),
                        run.model().weights().get("W"),
                        run.model().weights().get("b"),
                        imp,
                        Runtime.getRuntime().availableProcessors()));
    }

    /** h_t [T][m] of instance i's training points. */
    public static double[][] hidden(RunData run, int i) {
        return data(run.spec()).hidden(i, Measures.w(run, i));
    }

    /** W's rows (the feature columns of the paper's W) [n][m] of instance i. */
    public static double[][] features(RunData run, int i) {
        return Measures.w(run, i);
    }

    public static double[] pointDimensionality(RunData run, int i) {
        return PointDimensionality.of(hidden(run, i));
    }

    public static double[] featureDimensionality(RunData run, int i) {
        return PointDimensionality.of(Measures.w(run, i));
    }

    /** Per instance, Σ_t ‖h_t‖² D_t / Σ_t ‖h_t‖². */
    public static double[] meanPointDimensionality(RunData run) {
        double[] out = new double[run.model().instances()];
        for (int i = 0; i < out.length; i++) {
            double[][] h = hidden(run, i);
            out[i] = PointDimensionality.weightedMean(h, PointDimensionality.of(h));
        }
        return out;
    }

    /** Per instance, Σ_i ‖w_i‖² D_i / Σ_i ‖w_i‖². */
    public static double[] meanFeatureDimensionality(RunData run) {
        double[] out = new double[run.model().instances()];
        for (int i = 0; i < out.length; i++) {
            double[][] w = Measures.w(run, i);
            out[i] = PointDimensionality.weightedMean(w, PointDimensionality.of(w));
        }
        return out;
    }

    /** The spec's finite data for all its instances. */
    static FiniteDataset data(Spec spec) {
        return (FiniteDataset) Experiment.generatorOf(spec, InstanceSlice.all(spec.instances()));
    }
}
