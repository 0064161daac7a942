package io.github.superpose.plots;

import java.awt.BasicStroke;
import java.awt.Color;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Learning dynamics (paper §4.8): the loss (log scale) above each feature's dimensionality D_i,
 * both against a shared training-step axis, so jumps in D_i line up with drops in the loss.
 * Feature lines are coloured viridis by feature index, with the polytope fractions as guides.
 *
 * <p>Shapes: {@code steps[T]}, {@code loss[T]}, {@code d[T][features]}.
 *
 * <p>Usage: {@code TrainingCurves.of("energy-level jumps", steps, loss, d)}.
 */
public final class TrainingCurves {

    private TrainingCurves() {}

    public static ChartFigure of(String title, int[] steps, double[] loss, double[][] d) {
        if (loss.length != steps.length || d.length != steps.length) {
            throw new IllegalArgumentException("training curves need steps[T], loss[T] and "
                    + "d[T][n] with one T, got " + steps.length + ", " + loss.length + ", "
                    + d.length);
        }
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(new NumberAxis("training step"));
        plot.setGap(12);
        plot.add(lossPlot(steps, loss), 2);
        plot.add(dimensionalityPlot(steps, d), 3);
        JFreeChart chart = ChartStyle.chart(title, plot, false);
        ChartStyle.styleXY(plot);
        int n = d.length == 0 ? 0 : d[0].length;
        PaintScaleLegend bar = ChartStyle.colourBar(
                Colormaps.paintScale(v -> Colormaps.viridis(v / Math.max(1, n - 1)), 0, Math.max(1, n - 1)),
                "feature index (line colour)",
                RectangleEdge.BOTTOM);
        bar.getAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        chart.addSubtitle(bar);
        return new ChartFigure(title, chart, 900, 700);
    }

    private static XYPlot lossPlot(int[] steps, double[] loss) {
        XYSeries series = new XYSeries("loss", false, true);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < steps.length; t++) {
            if (loss[t] > 0) {
                series.add(steps[t], Math.log10(loss[t]));
                lo = Math.min(lo, loss[t]);
                hi = Math.max(hi, loss[t]);
            }
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setSeriesPaint(0, Color.BLACK);
        renderer.setSeriesStroke(0, new BasicStroke(2f));
        NumberAxis y =
                series.isEmpty() ? new NumberAxis("loss (log scale)") : Log10Axis.covering("loss (log scale)", lo, hi);
        XYPlot plot = new XYPlot(new XYSeriesCollection(series), null, y, renderer);
        ChartStyle.styleXY(plot);
        return plot;
    }

    private static XYPlot dimensionalityPlot(int[] steps, double[][] d) {
        int n = d.length == 0 ? 0 : d[0].length;
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int f = 0; f < n; f++) {
            XYSeries series = new XYSeries("feature " + f, false, true);
            for (int t = 0; t < steps.length; t++) {
                series.add(steps[t], d[t][f]);
            }
            data.addSeries(series);
            renderer.setSeriesPaint(f, Colormaps.viridis(n == 1 ? 0 : f / (n - 1.0)));
            renderer.setSeriesStroke(f, new BasicStroke(1.8f));
        }
        NumberAxis y = new NumberAxis("feature dimensionality D_i");
        y.setRange(0, 1.12);
        XYPlot plot = new XYPlot(data, null, y, renderer);
        FractionAxis.addTo(plot, false);
        ChartStyle.styleXY(plot);
        return plot;
    }
}
