package io.github.superpose.experiments;

import io.github.superpose.plots.DataDimensionality;
import io.github.superpose.plots.DoubleDescentCurve;
import io.github.superpose.plots.Figure;
import io.github.superpose.plots.PointFeatureFans;
import io.github.superpose.plots.TestLossCurve;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The finite-data figures of a run (Henighan et al. 2023), built from {@link FiniteMeasures}:
 * loss against T, dimensionalities against T, and training points beside features for a few T.
 * Instances that share a T are replicates: lines run through their median, each drawn as a point.
 */
final class FiniteFigures {
    /** Columns of the point/feature fans: the smallest, the largest and evenly spaced T between. */
    static final int FAN_COLUMNS = 4;

    private FiniteFigures() {}

    static Figure doubleDescent(RunData run) {
        double[] t = FiniteMeasures.trainPoints(run);
        return DoubleDescentCurve.of(
                Figures.title(run.spec()) + ", double descent",
                sizes(t),
                bySize(t, FiniteMeasures.testLoss(run)),
                bySize(t, FiniteMeasures.trainLoss(run)));
    }

    /** Test loss and the biases alone's, each divided by the zero-output level, against T. */
    static Figure testLoss(RunData run) {
        double[] t = FiniteMeasures.trainPoints(run);
        double[] zero = FiniteMeasures.zeroOutputLoss(run);
        double[] test = FiniteMeasures.testLossOfWeights(run);
        double[] biases = FiniteMeasures.testLossOfBiases(run);
        for (int i = 0; i < t.length; i++) {
            test[i] /= zero[i];
            biases[i] /= zero[i];
        }
        return TestLossCurve.of(
                Figures.title(run.spec()) + ", test loss", sizes(t), bySize(t, test), bySize(t, biases));
    }

    static Figure dimensionality(RunData run) {
        double[] t = FiniteMeasures.trainPoints(run);
        return DataDimensionality.of(
                Figures.title(run.spec()) + ", dimensionalities",
                sizes(t),
                bySize(t, FiniteMeasures.meanPointDimensionality(run)),
                bySize(t, FiniteMeasures.meanFeatureDimensionality(run)));
    }

    static Figure fans(RunData run) {
        double[] t = FiniteMeasures.trainPoints(run);
        List<PointFeatureFans.Column> columns = new ArrayList<>();
        for (int i : fanInstances(t)) {
            columns.add(new PointFeatureFans.Column(
                    String.format("T = %d", (long) t[i]),
                    FiniteMeasures.hidden(run, i),
                    FiniteMeasures.features(run, i)));
        }
        return PointFeatureFans.of(Figures.title(run.spec()) + ", training points and features", columns);
    }

    /** The distinct T, increasing. */
    static double[] sizes(double[] trainPoints) {
        return group(trainPoints, trainPoints).keySet().stream()
                .mapToDouble(Double::doubleValue)
                .toArray();
    }

    /** values[instance] regrouped as [distinct T, increasing][instances with that T]. */
    static double[][] bySize(double[] trainPoints, double[] values) {
        return group(trainPoints, values).values().stream()
                .map(l -> l.stream().mapToDouble(Double::doubleValue).toArray())
                .toArray(double[][]::new);
    }

    private static TreeMap<Double, List<Double>> group(double[] trainPoints, double[] values) {
        TreeMap<Double, List<Double>> out = new TreeMap<>();
        for (int i = 0; i < trainPoints.length; i++) {
            out.computeIfAbsent(trainPoints[i], k -> new ArrayList<>()).add(values[i]);
        }
        return out;
    }

    /** The first instance of up to FAN_COLUMNS distinct T, evenly spaced in the sorted list of T. */
    static int[] fanInstances(double[] trainPoints) {
        double[] distinct = sizes(trainPoints);
        int k = Math.min(FAN_COLUMNS, distinct.length);
        int[] out = new int[k];
        for (int j = 0; j < k; j++) {
            double size = distinct[k == 1 ? 0 : (int) Math.round((double) j * (distinct.length - 1) / (k - 1))];
            for (int i = 0; i < trainPoints.length; i++) {
                if (trainPoints[i] == size) {
                    out[j] = i;
                    break;
                }
            }
        }
        return out;
    }
}
