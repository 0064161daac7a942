package io.github.superpose.plots;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.util.Random;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Dimensions per feature against 1/(1 − S) (paper §4.5–4.6): the curve D* = m/‖W‖²_F per sweep
 * level, every feature's D_i as a jittered point, and reference lines at the polytope fractions.
 *
 * <p>Shapes: {@code density[levels]} (x = 1/density), {@code dimsPerFeature[levels]},
 * {@code d[levels][features]}. Jitter is ±0.1 of the gap between neighbouring levels in log₁₀ x,
 * drawn from {@code new Random(seed)}, so the same inputs give the same picture.
 *
 * <p>Usage: {@code DimensionalityScatter.of("n=200, m=20", p, dStar, d, 1L, false)}.
 */
public final class DimensionalityScatter {

    private DimensionalityScatter() {}

    /** The figure; {@code extended} adds the notebook's unnamed lines (5/6, 4/5, 2/6, …). */
    public static ChartFigure of(
            String title, double[] density, double[] dimsPerFeature, double[][] d, long seed, boolean extended) {
        if (dimsPerFeature.length != density.length || d.length != density.length) {
            throw new IllegalArgumentException("dimensionality scatter needs density[L], "
                    + "dimsPerFeature[L] and d[L][n] with one L, got " + density.length + ", "
                    + dimsPerFeature.length + ", " + d.length);
        }
        XYSeries curve = new XYSeries("dimensions per feature m/‖W‖²_F", false, true);
        for (int l = 0; l < density.length; l++) {
            curve.add(-Math.log10(density[l]), dimsPerFeature[l]);
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(jittered(density, d, seed));
        data.addSeries(curve);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
        renderer.setSeriesLinesVisible(0, false);
        renderer.setSeriesShape(0, new Ellipse2D.Double(-2.5, -2.5, 5, 5));
        renderer.setSeriesPaint(0, new Color(30, 30, 30, 90));
        renderer.setSeriesShape(1, new Ellipse2D.Double(-4.5, -4.5, 9, 9));
        renderer.setSeriesPaint(1, new Color(220, 90, 30));
        renderer.setSeriesStroke(1, new BasicStroke(2.5f));
        double[] inverse = new double[density.length];
        for (int l = 0; l < density.length; l++) {
            inverse[l] = 1 / density[l];
        }
        NumberAxis x = Log10Axis.of("1 / (1 − S)  (log scale)", inverse);
        NumberAxis y = new NumberAxis("dimensions per feature");
        y.setRange(0, 1.12);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        FractionAxis.addTo(plot, extended);
        JFreeChart chart = ChartStyle.chart(title, plot, false);
        chart.addLegend(ChartStyle.legend(new org.jfree.chart.title.LegendTitle(plot), RectangleEdge.BOTTOM));
        return new ChartFigure(title, chart, 900, 620);
    }

    /** Every feature's D_i at log₁₀ of its level's x, jittered. */
    static XYSeries jittered(double[] density, double[][] d, long seed) {
        Random random = new Random(seed);
        XYSeries points = new XYSeries("feature dimensionality D_i", false, true);
        for (int l = 0; l < density.length; l++) {
            double logX = -Math.log10(density[l]);
            double gap = logGap(density, l);
            for (double di : d[l]) {
                double jitter = (2 * random.nextDouble() - 1) * 0.1 * gap;
                points.add(logX + jitter, di);
            }
        }
        return points;
    }

    /** Distance in log₁₀ x to the nearest neighbouring level (0.1 decade for a single level). */
    private static double logGap(double[] density, int l) {
        double gap = Double.POSITIVE_INFINITY;
        for (int k : new int[] {l - 1, l + 1}) {
            if (k >= 0 && k < density.length) {
                gap = Math.min(gap, Math.abs(Math.log10(density[k] / density[l])));
            }
        }
        return Double.isInfinite(gap) ? 0.1 : gap;
    }
}
