package io.github.superpose.plots;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.util.Arrays;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Measures against the training-set size T, both axes logarithmic: one line per measure through
 * the median over replicates, and every replicate as a faint point of the same colour when there
 * is more than one. Data are stored as log₁₀ values on {@link Log10Axis} axes, as elsewhere in
 * this package. Shared by {@link DoubleDescentCurve} and {@link DataDimensionality}.
 */
final class SizeCurves {

    /** One measure: {@code values[T][replicates]}. */
    record Measure(String label, double[][] values, Color colour) {}

    static final String T_LABEL = "training-set size T (log scale)";

    private SizeCurves() {}

    static ChartFigure of(String figure, String title, String yLabel, double[] sizes, List<Measure> measures) {
        return of(figure, title, yLabel, sizes, measures, true);
    }

    /**
     * As {@link #of(String, String, String, double[], List)}, with a linear y axis when
     * {@code logY} is false (for measures that differ by a few percent, which a log axis over
     * their small range would hide in its ticks).
     */
    static ChartFigure of(
            String figure, String title, String yLabel, double[] sizes, List<Measure> measures, boolean logY) {
        Inputs.positive(figure, "trainPoints", sizes);
        for (Measure m : measures) {
            Inputs.perSize(figure, m.label(), m.values(), sizes.length);
        }
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (Measure m : measures) {
            int k = data.getSeriesCount();
            data.addSeries(medianLine(m, sizes, logY));
            renderer.setSeriesPaint(k, m.colour());
            renderer.setSeriesStroke(k, new BasicStroke(2.5f));
            renderer.setSeriesShape(k, new Ellipse2D.Double(-4, -4, 8, 8));
        }
        for (Measure m : measures) {
            if (Arrays.stream(m.values()).anyMatch(row -> row.length > 1)) {
                int k = data.getSeriesCount();
                data.addSeries(replicates(m, sizes, logY));
                renderer.setSeriesLinesVisible(k, false);
                renderer.setSeriesPaint(
                        k,
                        new Color(
                                m.colour().getRed(),
                                m.colour().getGreen(),
                                m.colour().getBlue(),
                                110));
                renderer.setSeriesShape(k, new Ellipse2D.Double(-3, -3, 6, 6));
            }
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Measure m : measures) {
            for (double[] row : m.values()) {
                for (double v : row) {
                    if (v > 0 || (!logY && Double.isFinite(v))) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
        }
        if (lo > hi) {
            throw new IllegalArgumentException(figure + ": every value is 0; nothing to draw on a log scale");
        }
        double[] range = sizes.clone();
        Arrays.sort(range);
        NumberAxis x = Log10Axis.covering(T_LABEL, range[0], range[range.length - 1]);
        NumberAxis y;
        if (logY) {
            y = Log10Axis.covering(yLabel + " (log scale)", lo, hi);
        } else {
            y = new NumberAxis(yLabel);
            double pad = 0.08 * Math.max(hi - lo, 1e-12 * Math.max(1, Math.abs(hi)));
            y.setRange(lo - pad, hi + pad);
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        JFreeChart chart = ChartStyle.chart(title, plot, false);
        chart.addLegend(ChartStyle.legend(new LegendTitle(plot), RectangleEdge.BOTTOM));
        return new ChartFigure(title, chart, 860, 580);
    }

    /** The median over replicates at each T, in log₁₀ units; a median of 0 leaves a gap. */
    static XYSeries medianLine(Measure m, double[] sizes) {
        return medianLine(m, sizes, true);
    }

    private static XYSeries medianLine(Measure m, double[] sizes, boolean logY) {
        XYSeries line = new XYSeries(m.label(), true, true);
        for (int t = 0; t < sizes.length; t++) {
            double median = median(m.values()[t]);
            line.add(Math.log10(sizes[t]), !logY ? median : median > 0 ? Math.log10(median) : Double.NaN);
        }
        return line;
    }

    private static XYSeries replicates(Measure m, double[] sizes, boolean logY) {
        XYSeries points = new XYSeries(m.label() + ", each replicate", false, true);
        for (int t = 0; t < sizes.length; t++) {
            for (double v : m.values()[t]) {
                if (!logY) {
                    points.add(Math.log10(sizes[t]), v);
                } else if (v > 0) {
                    points.add(Math.log10(sizes[t]), Math.log10(v));
                }
            }
        }
        return points;
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int h = s.length / 2;
        return s.length % 2 == 1 ? s[h] : (s[h - 1] + s[h]) / 2;
    }
}
