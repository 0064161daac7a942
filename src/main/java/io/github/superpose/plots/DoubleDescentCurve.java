package io.github.superpose.plots;

import java.awt.Color;
import java.util.List;

/**
 * Double descent (Henighan et al. 2023): test loss on fresh samples and loss on the training set
 * against the training-set size T, both axes logarithmic. Small T is memorised (train loss far
 * below test loss), large T generalises (the two meet); test loss peaks in between.
 *
 * <p>Shapes: {@code trainPoints[T]}, {@code testLoss[T][replicates]}, {@code trainLoss[T][replicates]};
 * lines run through the median over replicates and each replicate is drawn as a point when there
 * are several. Losses must be finite and ≥ 0 (a loss of exactly 0 is left off the log axis).
 *
 * <p>Usage: {@code DoubleDescentCurve.of("n=10000, m=2", t, test, train)}.
 */
public final class DoubleDescentCurve {

    static final Color TEST = new Color(200, 50, 40);
    static final Color TRAIN = new Color(40, 90, 200);
    private static final String FIGURE = "double-descent curve";

    private DoubleDescentCurve() {}

    public static ChartFigure of(String title, double[] trainPoints, double[][] testLoss, double[][] trainLoss) {
        return SizeCurves.of(
                FIGURE,
                title,
                "loss",
                trainPoints,
                List.of(
                        new SizeCurves.Measure("test loss (fresh samples)", testLoss, TEST),
                        new SizeCurves.Measure("train loss (training set)", trainLoss, TRAIN)));
    }

    /** One replicate per size. */
    public static ChartFigure of(String title, double[] trainPoints, double[] testLoss, double[] trainLoss) {
        return of(title, trainPoints, Inputs.column(testLoss), Inputs.column(trainLoss));
    }
}
