package io.github.superpose.plots;

import java.awt.Color;
import java.util.List;

/**
 * Double descent's test loss on its own scale (Henighan et al. 2023): test loss and the test loss
 * of the biases alone (W = 0, a model that ignores its input), both divided by the zero-output
 * level, against the training-set size T (log x, linear y). At n = 10,000 the whole curve lies
 * within a few percent of 1, which the train-and-test figure's log axis, spanning the memorized
 * sets' train losses, flattens into a line: here the peak and the fall below 1 show.
 *
 * <p>Shapes: {@code trainPoints[T]}, {@code testLoss[T][replicates]}, {@code biasesAlone[T][replicates]}
 * (already divided by the zero-output level); lines through the median over replicates.
 *
 * <p>Usage: {@code TestLossCurve.of("n=10000, m=2", t, test, biases)}.
 */
public final class TestLossCurve {

    static final Color TEST = new Color(200, 50, 40);
    static final Color BIASES = new Color(120, 120, 120);
    private static final String FIGURE = "test-loss curve";

    private TestLossCurve() {}

    public static ChartFigure of(String title, double[] trainPoints, double[][] testLoss, double[][] biasesAlone) {
        return SizeCurves.of(
                FIGURE,
                title,
                "test loss ÷ zero-output loss",
                trainPoints,
                List.of(
                        new SizeCurves.Measure("test loss (fresh samples)", testLoss, TEST),
                        new SizeCurves.Measure("biases alone (W = 0), same samples", biasesAlone, BIASES)),
                false);
    }

    /** One replicate per size. */
    public static ChartFigure of(String title, double[] trainPoints, double[] testLoss, double[] biasesAlone) {
        return of(title, trainPoints, Inputs.column(testLoss), Inputs.column(biasesAlone));
    }
}
