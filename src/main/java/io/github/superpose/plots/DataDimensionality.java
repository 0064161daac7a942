package io.github.superpose.plots;

import java.awt.Color;
import java.util.List;

/**
 * Data-point and feature dimensionality against the training-set size T (Henighan et al. 2023),
 * one plot, both axes logarithmic. The data-point dimensionality of a training point is
 * D_t = ‖h_t‖² / Σ_s (ĥ_t · h_s)² over the hidden vectors h_t = W x_t, the paper's analogue of
 * the feature dimensionality D_i; each line is a mean over training points (or features) weighted
 * by squared norm, so points mapped near 0 and features left near their initial weights count for
 * little. Memorising runs give the training points the dimensions and the features next to none,
 * generalising runs the reverse; double descent's test-loss peak sits where the lines cross.
 *
 * <p>Shapes: {@code trainPoints[T]}, {@code pointD[T][replicates]}, {@code featureD[T][replicates]}.
 *
 * <p>Usage: {@code DataDimensionality.of("n=10000, m=2", t, meanDt, meanDi)}.
 */
public final class DataDimensionality {

    static final Color POINTS = new Color(220, 110, 20);
    static final Color FEATURES = new Color(40, 90, 200);
    private static final String FIGURE = "dimensionality against T";

    private DataDimensionality() {}

    public static ChartFigure of(String title, double[] trainPoints, double[][] pointD, double[][] featureD) {
        return SizeCurves.of(
                FIGURE,
                title,
                "dimensionality",
                trainPoints,
                List.of(
                        new SizeCurves.Measure("training points: D_t, mean weighted by ‖h_t‖²", pointD, POINTS),
                        new SizeCurves.Measure("features: D_i, mean weighted by ‖W_i‖²", featureD, FEATURES)));
    }

    /** One replicate per size. */
    public static ChartFigure of(String title, double[] trainPoints, double[] pointD, double[] featureD) {
        return of(title, trainPoints, Inputs.column(pointD), Inputs.column(featureD));
    }
}
