package io.github.superpose.plots;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Training points beside features in a 2-D hidden layer (Henighan et al. 2023), one column per
 * training-set size T: the top row draws each training point's hidden vector h_t = W x_t as a
 * segment from the origin, the bottom row each feature's column W_i. Small T shows the points as
 * a regular polygon and the features a mess; large T the reverse.
 *
 * <p>Each panel has its own symmetric, equal-aspect range (1.1 × its longest vector): hidden
 * vectors and feature columns differ in length by orders of magnitude. With thousands of
 * features, only the {@link #MAX_DRAWN} longest are drawn (the rest are near the origin and would
 * only grow the SVG); the panel title says so.
 *
 * <p>Shapes per column: {@code points[T][2]}, {@code features[n][2]}.
 *
 * <p>Usage: {@code PointFeatureFans.of("n=10000, m=2", List.of(new PointFeatureFans.Column("T = 5", h, w)))}.
 */
public final class PointFeatureFans {

    /** One training-set size: its label (e.g. "T = 5"), h_t per point and W_i per feature. */
    public record Column(String label, double[][] points, double[][] features) {
        public Column {
            Inputs.nonEmpty(FIGURE, "points of '" + label + "'", points.length);
            Inputs.nonEmpty(FIGURE, "features of '" + label + "'", features.length);
            Inputs.twoD(FIGURE, "points of '" + label + "'", points);
            Inputs.twoD(FIGURE, "features of '" + label + "'", features);
        }
    }

    /** Vectors drawn per panel at most, longest first. */
    public static final int MAX_DRAWN = 300;

    static final Color POINTS = DataDimensionality.POINTS;
    static final Color FEATURES = DataDimensionality.FEATURES;
    private static final String FIGURE = "training points and features";

    private PointFeatureFans() {}

    /** Two rows (training points, features), one column per size. */
    public static PanelGrid of(String title, List<Column> columns) {
        Inputs.nonEmpty(FIGURE, "columns", columns.size());
        List<JFreeChart> panels = new ArrayList<>();
        for (Column c : columns) {
            panels.add(panel(c.label() + ": training points h_t", c.points(), POINTS));
        }
        for (Column c : columns) {
            panels.add(panel(c.label() + ": features W_i", c.features(), FEATURES));
        }
        return PanelGrid.of(title, panels, columns.size())
                .withCellSize(300, 300)
                .withEqualAspect();
    }

    /**
     * One square panel: series 0 holds the segments origin → tip, separated by NaN breaks (one
     * series, not one per vector, keeps thousands of segments cheap); series 1 the tips, marked when there are few.
     */
    static JFreeChart panel(String name, double[][] vectors, Color colour) {
        Integer[] order = longestFirst(vectors);
        int drawn = Math.min(order.length, MAX_DRAWN);
        XYSeries segments = new XYSeries("segments", false, true);
        XYSeries tips = new XYSeries("tips", false, true);
        double longest = 0;
        for (int k = 0; k < drawn; k++) {
            double[] v = vectors[order[k]];
            segments.add(0, 0);
            segments.add(v[0], v[1]);
            segments.add(Double.NaN, Double.NaN);
            tips.add(v[0], v[1]);
            longest = Math.max(longest, Math.hypot(v[0], v[1]));
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(segments);
        data.addSeries(tips);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, colour);
        renderer.setSeriesStroke(0, new BasicStroke(drawn > 50 ? 1f : 2f));
        renderer.setSeriesShapesVisible(0, false);
        renderer.setSeriesLinesVisible(1, false);
        renderer.setSeriesPaint(1, colour);
        renderer.setSeriesShape(1, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
        // markers only on sparse fans: on hundreds of segments they hide the directions and bloat the SVG
        renderer.setSeriesShapesVisible(1, drawn <= 50);
        double limit = longest > 0 ? 1.1 * longest : 1;
        XYPlot plot = new XYPlot(data, axis(limit), axis(limit), renderer);
        plot.setDomainZeroBaselineVisible(true);
        plot.setRangeZeroBaselineVisible(true);
        String title = drawn < vectors.length ? name + " (longest " + drawn + " of " + vectors.length + ")" : name;
        JFreeChart chart = ChartStyle.chart(title, plot, true);
        ChartStyle.styleXY(plot);
        return chart;
    }

    private static Integer[] longestFirst(double[][] vectors) {
        Integer[] order = new Integer[vectors.length];
        Arrays.setAll(order, k -> k);
        Arrays.sort(order, Comparator.comparingDouble((Integer k) -> -Math.hypot(vectors[k][0], vectors[k][1])));
        return order;
    }

    private static NumberAxis axis(double limit) {
        NumberAxis axis = new NumberAxis();
        axis.setRange(-limit, limit);
        return axis;
    }
}
