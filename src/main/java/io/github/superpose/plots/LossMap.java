package io.github.superpose.plots;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CrosshairState;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.AbstractXYItemRenderer;
import org.jfree.chart.renderer.xy.XYItemRendererState;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.Range;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYZDataset;

/**
 * Test loss over hidden dimensions m and training-set size T (Henighan et al. 2023): one cell per
 * (T, m), T on a log axis, coloured viridis by log₁₀ of the test loss with a log-labelled colour
 * bar. The double-descent peak shows as a bright ridge that moves to larger T as m grows.
 *
 * <p>T need not be evenly spaced in log T (the paper's 3, 5, 6, 8, 10, 15, 30, …): each cell
 * spans from the log-midpoint with its left neighbour to the one with its right neighbour. Rows
 * are the m values in the given order, labelled with their values.
 *
 * <p>Shapes: {@code hidden[M]}, {@code trainPoints[T]} (increasing), {@code testLoss[M][T]}, all &gt; 0.
 *
 * <p>Usage: {@code LossMap.of("n=10000", new double[] {1, 2, 3}, t, loss)}.
 */
public final class LossMap {

    private static final String FIGURE = "test-loss map";

    private LossMap() {}

    public static ChartFigure of(String title, double[] hidden, double[] trainPoints, double[][] testLoss) {
        return of(title, "test loss (log colour scale)", hidden, trainPoints, testLoss);
    }

    /** The same map with the colour bar named {@code valueLabel} (e.g. a loss over a baseline). */
    public static ChartFigure of(
            String title, String valueLabel, double[] hidden, double[] trainPoints, double[][] testLoss) {
        Inputs.positive(FIGURE, "hidden", hidden);
        Inputs.positive(FIGURE, "trainPoints", trainPoints);
        for (int j = 1; j < trainPoints.length; j++) {
            if (!(trainPoints[j] > trainPoints[j - 1])) {
                throw new IllegalArgumentException(
                        FIGURE + ": trainPoints must increase, got " + trainPoints[j - 1] + " then " + trainPoints[j]);
            }
        }
        if (testLoss.length != hidden.length) {
            throw new IllegalArgumentException(FIGURE + ": needs testLoss[" + hidden.length + "][" + trainPoints.length
                    + "] (m × T), got testLoss[" + testLoss.length + "][…]");
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < testLoss.length; i++) {
            if (testLoss[i].length != trainPoints.length) {
                throw new IllegalArgumentException(FIGURE + ": needs testLoss[" + hidden.length + "]["
                        + trainPoints.length + "], got a row of length " + testLoss[i].length);
            }
            Inputs.positive(FIGURE, "testLoss[" + i + "]", testLoss[i]);
            for (double v : testLoss[i]) {
                lo = Math.min(lo, Math.log10(v));
                hi = Math.max(hi, Math.log10(v));
            }
        }
        if (hi - lo < 1e-3) {
            lo -= 0.05;
            hi += 0.05;
        }
        double[] edges = edges(trainPoints);
        PaintScale scale = Colormaps.paintScale(viridisBetween(lo, hi), lo, hi);
        XYPlot plot = new XYPlot(
                cells(hidden, trainPoints, testLoss),
                Log10Axis.spanning("training-set size T (log scale)", edges[0], edges[edges.length - 1]),
                rows(hidden),
                new Cells(edges, scale));
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        JFreeChart chart = ChartStyle.chart(title, plot, false);
        PaintScaleLegend bar = new PaintScaleLegend(scale, Log10Axis.spanning(valueLabel, lo, hi));
        ChartStyle.axis(bar.getAxis());
        bar.setPosition(RectangleEdge.RIGHT);
        bar.setStripWidth(16);
        bar.setSubdivisionCount(128);
        bar.setAxisOffset(4);
        bar.setMargin(new RectangleInsets(30, 8, 30, 4));
        chart.addSubtitle(bar);
        return new ChartFigure(title, chart, 900, 140 + 60 * Math.max(4, hidden.length));
    }

    private static java.util.function.DoubleFunction<java.awt.Color> viridisBetween(double lo, double hi) {
        return v -> Colormaps.viridis((v - lo) / (hi - lo));
    }

    /** Cell edges in log₁₀ T: midpoints between neighbours, half a gap beyond each end. */
    static double[] edges(double[] trainPoints) {
        int n = trainPoints.length;
        double[] log = new double[n];
        for (int j = 0; j < n; j++) {
            log[j] = Math.log10(trainPoints[j]);
        }
        double[] edges = new double[n + 1];
        for (int j = 1; j < n; j++) {
            edges[j] = (log[j - 1] + log[j]) / 2;
        }
        edges[0] = n > 1 ? log[0] - (edges[1] - log[0]) : log[0] - 0.5;
        edges[n] = n > 1 ? log[n - 1] + (log[n - 1] - edges[n - 1]) : log[0] + 0.5;
        return edges;
    }

    /** (log₁₀ T, row index, log₁₀ loss), row-major over m then T. */
    private static DefaultXYZDataset cells(double[] hidden, double[] trainPoints, double[][] testLoss) {
        double[][] xyz = new double[3][hidden.length * trainPoints.length];
        int k = 0;
        for (int i = 0; i < hidden.length; i++) {
            for (int j = 0; j < trainPoints.length; j++, k++) {
                xyz[0][k] = Math.log10(trainPoints[j]);
                xyz[1][k] = i;
                xyz[2][k] = Math.log10(testLoss[i][j]);
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("log10 test loss", xyz);
        return data;
    }

    private static SymbolAxis rows(double[] hidden) {
        String[] labels = new String[hidden.length];
        for (int i = 0; i < hidden.length; i++) {
            labels[i] = Log10Axis.label(hidden[i]);
        }
        SymbolAxis axis = new SymbolAxis("hidden dimensions m", labels);
        axis.setRange(-0.5, hidden.length - 0.5);
        axis.setGridBandsVisible(false);
        return axis;
    }

    /** Draws each item as a filled cell from its T edges and ±½ row; z is the colour. */
    private static final class Cells extends AbstractXYItemRenderer {
        private static final long serialVersionUID = 1L;
        private final double[] edges;
        private final PaintScale scale;

        Cells(double[] edges, PaintScale scale) {
            this.edges = edges.clone();
            this.scale = scale;
        }

        @Override
        public void drawItem(
                Graphics2D g2,
                XYItemRendererState state,
                Rectangle2D area,
                PlotRenderingInfo info,
                XYPlot plot,
                ValueAxis domain,
                ValueAxis range,
                XYDataset dataset,
                int series,
                int item,
                CrosshairState crosshair,
                int pass) {
            int column = item % (edges.length - 1);
            double row = dataset.getYValue(series, item);
            double x0 = domain.valueToJava2D(edges[column], area, plot.getDomainAxisEdge());
            double x1 = domain.valueToJava2D(edges[column + 1], area, plot.getDomainAxisEdge());
            double y0 = range.valueToJava2D(row - 0.5, area, plot.getRangeAxisEdge());
            double y1 = range.valueToJava2D(row + 0.5, area, plot.getRangeAxisEdge());
            Rectangle2D cell =
                    new Rectangle2D.Double(Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0), Math.abs(y1 - y0));
            g2.setPaint(scale.getPaint(((XYZDataset) dataset).getZValue(series, item)));
            g2.fill(cell);
            // the same colour as a hairline closes anti-aliasing seams between neighbouring cells
            g2.setStroke(new java.awt.BasicStroke(0.5f));
            g2.draw(cell);
        }

        @Override
        public Range findDomainBounds(XYDataset dataset) {
            return new Range(edges[0], edges[edges.length - 1]);
        }
    }
}
