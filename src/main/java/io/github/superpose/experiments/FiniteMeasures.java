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
        return Figures.toDoubles(data(run.spec())
                .trainLoss(
                        run.spec().hidden(),
                        run.model().weights().get("W"),
                        run.model().weights().get("b"),
                        importance(run),
                        Runtime.getRuntime().availableProcessors()));
    }

    /**
     * Test loss per instance recomputed from the weights on the redrawn test points (the
     * trainer's evaluation stream, eval_batch points): what {@link #testLoss} reads from the run,
     * but bound to the weights, so that claims on other weights measure those weights.
     */
    public static double[] testLossOfWeights(RunData run) {
        return Figures.toDoubles(data(run.spec())
                .testLoss(
                        run.spec().hidden(),
                        run.model().weights().get("W"),
                        run.model().weights().get("b"),
                        importance(run),
                        run.spec().evalBatch(),
                        Runtime.getRuntime().availableProcessors()));
    }

    /**
     * Test loss per instance of the biases alone (W = 0, output ReLU(b)) on the same test points:
     * what the model scores without looking at its input. Weights whose features generalise score
     * below it; memorising or scrambled features, which fire on the wrong fresh points, above it.
     */
    public static double[] testLossOfBiases(RunData run) {
        return Figures.toDoubles(data(run.spec())
                .testLoss(
                        run.spec().hidden(),
                        new float[run.model().weights().get("W").length],
                        run.model().weights().get("b"),
                        importance(run),
                        run.spec().evalBatch(),
                        Runtime.getRuntime().availableProcessors()));
    }

    private static float[] importance(RunData run) {
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
        return imp;
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

    /**
     * Per instance, the plain mean D_i over the represented features (‖W_i‖ &gt; {@link
     * io.github.superpose.metrics.Geometry#REPRESENTED}), 0 when there are none: the features the
     * model actually uses, without the thousands left near their small initial weights.
     */
    public static double[] representedFeatureDimensionality(RunData run) {
        double[] out = new double[run.model().instances()];
        for (int i = 0; i < out.length; i++) {
            double[][] w = Measures.w(run, i);
            double d = PointDimensionality.meanAbove(
                    w, PointDimensionality.of(w), io.github.superpose.metrics.Geometry.REPRESENTED);
            out[i] = Double.isNaN(d) ? 0 : d;
        }
        return out;
    }

    /** Per instance, the number of represented features (‖W_i‖ &gt; 0.5). */
    public static int[] representedFeatures(RunData run) {
        int[] out = new int[run.model().instances()];
        for (int i = 0; i < out.length; i++) {
            out[i] = io.github.superpose.metrics.Geometry.representedCount(Measures.w(run, i));
        }
        return out;
    }

    /**
     * Per instance, the test loss of the model that outputs 0: Σ_j I_j E[x_j²] / n. With unit
     * normalisation a point's squared values sum to 1 unless it has no active feature, so with
     * one density p for all features this is mean(I) · (1 − (1 − p)^n) / n; without
     * normalisation E[x_j²] = p_j / 3 (values uniform on [0, 1]).
     */
    public static double[] zeroOutputLoss(RunData run) {
        Spec spec = run.spec();
        int n = spec.features();
        double[] out = new double[run.model().instances()];
        for (int i = 0; i < out.length; i++) {
            float[] imp = spec.importanceOf(i);
            float[] density = spec.featureDensityOf(i);
            double s = 0;
            if ("unit".equals(spec.normalize())) {
                double empty = 1;
                for (float p : density) {
                    empty *= 1 - p;
                }
                double meanImp = 0;
                for (float v : imp) {
                    meanImp += v;
                }
                s = meanImp / n * (1 - empty);
            } else {
                for (int j = 0; j < n; j++) {
                    s += imp[j] * density[j] / 3.0;
                }
            }
            out[i] = s / n;
        }
        return out;
    }

    /** The spec's finite data for all its instances. */
    static FiniteDataset data(Spec spec) {
        return (FiniteDataset) Experiment.generatorOf(spec, InstanceSlice.all(spec.instances()));
    }
}
