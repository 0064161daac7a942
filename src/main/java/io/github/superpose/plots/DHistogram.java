package io.github.superpose.plots;

import java.awt.Color;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.statistics.HistogramType;

/**
 * Histogram of feature dimensionalities D_i over [0, 1] with vertical lines at the polytope
 * fractions (paper §4.6). Each series is normalised to unit area, so series of different sizes
 * (e.g. "toy model" vs "MLP SAE") compare directly.
 *
 * <p>Shapes: each series' {@code values[k]}; values outside [0, 1] are clamped into the end bins.
 *
 * <p>Usage: {@code DHistogram.of("D_i", List.of(new DHistogram.Series("toy model", d)), 40)}.
 */
public final class DHistogram {

    /** One named sample of D_i values. */
    public record Series(String label, double[] values) {
        public Series {
            if (values.length == 0) {
                throw new IllegalArgumentException("histogram series '" + label + "' is empty");
            }
        }
    }

    private static final Color[] COLOURS = {
        new Color(40, 90, 200, 150), new Color(230, 120, 20, 150), new Color(40, 160, 60, 150),
    };

    private DHistogram() {}

    public static ChartFigure of(String title, List<Series> series, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("histogram needs bins >= 1, got " + bins);
        }
        HistogramDataset data = new HistogramDataset();
        data.setType(HistogramType.SCALE_AREA_TO_1);
        for (Series s : series) {
            double[] clamped = new double[s.values().length];
            for (int k = 0; k < clamped.length; k++) {
                clamped[k] = Math.max(0, Math.min(1, s.values()[k]));
            }
            data.addSeries(s.label(), clamped, bins, 0, 1);
        }
        XYBarRenderer renderer = new XYBarRenderer();
        renderer.setBarPainter(new StandardXYBarPainter());
        renderer.setShadowVisible(false);
        for (int k = 0; k < series.size(); k++) {
            renderer.setSeriesPaint(k, COLOURS[k % COLOURS.length]);
        }
        NumberAxis x = new NumberAxis("feature dimensionality D_i");
        x.setRange(0, 1.02);
        NumberAxis y = new NumberAxis("density");
        y.setUpperMargin(0.3);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        addFractionLines(plot);
        JFreeChart chart = ChartStyle.chart(title, plot, false);
        chart.addLegend(ChartStyle.legend(new LegendTitle(plot), RectangleEdge.BOTTOM));
        return new ChartFigure(title, chart, 900, 560);
    }

    /** Vertical guides; labels step down in three rows so 3/8 and 2/5 do not collide. */
    private static void addFractionLines(XYPlot plot) {
        List<Polytopes.Fraction> lines = Polytopes.MAIN;
        for (int k = 0; k < lines.size(); k++) {
            Polytopes.Fraction f = lines.get(k);
            ValueMarker m = new ValueMarker(f.value(), f.colour(), ChartStyle.DASHED);
            m.setLabel(f.label());
            m.setLabelFont(ChartStyle.SMALL);
            m.setLabelPaint(f.colour().darker());
            m.setLabelBackgroundColor(new Color(255, 255, 255, 210));
            // the label sits right of its line, except near D = 1 where it would be cut off
            boolean right = f.value() < 0.9;
            m.setLabelAnchor(right ? RectangleAnchor.TOP_RIGHT : RectangleAnchor.TOP_LEFT);
            m.setLabelTextAnchor(right ? TextAnchor.TOP_LEFT : TextAnchor.TOP_RIGHT);
            m.setLabelOffset(new RectangleInsets(4 + 16 * (k % 3), 3, 2, 3));
            plot.addDomainMarker(m, Layer.BACKGROUND);
        }
    }
}
