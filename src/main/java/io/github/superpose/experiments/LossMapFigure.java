package io.github.superpose.experiments;

import io.github.superpose.plots.Figure;
import io.github.superpose.plots.LossMap;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The 2-D double-descent map of Henighan et al. (2023): test loss over hidden dimensions m and
 * training-set size T, joined from finite-data runs that differ in m (one run per m, e.g. the
 * catalogue entry run with {@code --hidden}-edited copies). Each cell is the median over the
 * run's instances of that T of the test loss recomputed from the weights, divided by the
 * zero-output level, so runs whose baselines differ share one colour scale.
 *
 * <pre>Figure f = LossMapFigure.of(List.of(dir1, dir2), List.of(run1, run2));</pre>
 */
public final class LossMapFigure {
    private LossMapFigure() {}

    /** One row of the map: a run's hidden size and its test loss ÷ zero-output level per T. */
    record Row(int hidden, double[] trainPoints, double[] ratio) {}

    /** The rows of the given runs, sorted by m; bad runs are refused naming their folder. */
    static List<Row> rows(List<Path> dirs, List<RunData> runs) {
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < runs.size(); r++) {
            RunData run = runs.get(r);
            Path dir = dirs.get(r);
            if (!run.spec().finite()) {
                throw new SpecException(dir + ": not a finite-data run ([data] kind = \"dataset\"); the loss map "
                        + "joins double-descent runs");
            }
            double[] t = FiniteMeasures.trainPoints(run);
            double[] test = FiniteMeasures.testLossOfWeights(run);
            double[] zero = FiniteMeasures.zeroOutputLoss(run);
            double[] ratio = new double[t.length];
            for (int i = 0; i < t.length; i++) {
                ratio[i] = test[i] / zero[i];
            }
            double[] sizes = FiniteFigures.sizes(t);
            double[][] bySize = FiniteFigures.bySize(t, ratio);
            double[] median = new double[sizes.length];
            for (int j = 0; j < sizes.length; j++) {
                median[j] = median(bySize[j]);
            }
            rows.add(new Row(run.spec().hidden(), sizes, median));
        }
        rows.sort(Comparator.comparingInt(Row::hidden));
        for (int r = 1; r < rows.size(); r++) {
            if (rows.get(r).hidden() == rows.get(r - 1).hidden()) {
                throw new SpecException("loss map: two runs have m = "
                        + rows.get(r).hidden() + " hidden dimensions; give one run per m");
            }
            if (!Arrays.equals(rows.get(r).trainPoints(), rows.get(0).trainPoints())) {
                throw new SpecException(
                        "loss map: the run with m = " + rows.get(r).hidden() + " has training-set sizes "
                                + Arrays.toString(rows.get(r).trainPoints()) + ", the run with m = "
                                + rows.get(0).hidden()
                                + " " + Arrays.toString(rows.get(0).trainPoints()) + "; every run needs the same T");
            }
        }
        return rows;
    }

    /** The map of the runs in {@code dirs} (at least one), titled by the first run's spec. */
    public static Figure of(List<Path> dirs, List<RunData> runs) {
        List<Row> rows = rows(dirs, runs);
        double[] hidden = rows.stream().mapToDouble(Row::hidden).toArray();
        double[][] ratio = rows.stream().map(Row::ratio).toArray(double[][]::new);
        RunData first = runs.get(0);
        return LossMap.of(
                first.spec().name() + ": test loss over m and T, n = "
                        + first.spec().features(),
                "test loss ÷ zero-output loss (log colour scale)",
                hidden,
                rows.get(0).trainPoints(),
                ratio);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
