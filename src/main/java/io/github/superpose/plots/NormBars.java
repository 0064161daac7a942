package io.github.superpose.plots;

import java.awt.Color;
import java.awt.Paint;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Bars of ‖W_i‖ per feature, each coloured by its superposition s_i (0 black → ≥1 yellow), with
 * a dashed line between feature m−1 and feature m: the first m features could have had a
 * dimension each (paper §4.2). One panel per instance with a shared colour bar.
 *
 * <p>Shapes: {@code norms[feature]}, {@code superposition[feature]}; {@code nHidden} is m.
 *
 * <p>Usage: {@code NormBars.of("‖W_i‖", List.of(new NormBars.Instance("1 − S = 0.1", norms, s, 5)))}.
 */
public final class NormBars {

    /** One instance's panel. */
    public record Instance(String title, double[] norms, double[] superposition, int nHidden) {
        public Instance {
            if (norms.length != superposition.length) {
                throw new IllegalArgumentException("norm bars need norms[n] and superposition[n]"
                        + " of equal length, got norms[" + norms.length + "] and superposition["
                        + superposition.length + "]");
            }
            if (nHidden < 0) {
                throw new IllegalArgumentException("nHidden must be >= 0, got " + nHidden);
            }
        }
    }

    private NormBars() {}

    /** One panel per instance plus a colour bar for superposition along the bottom. */
    public static PanelGrid of(String title, List<Instance> instances) {
        List<JFreeChart> panels = new ArrayList<>();
        for (Instance inst : instances) {
            panels.add(panel(inst));
        }
        PaintScaleLegend bar = ChartStyle.colourBar(
                Colormaps.paintScale(Colormaps::superposition, 0, 1),
                "superposition s_i = Σ over j ≠ i of (Ŵ_i · W_j)²   (≥ 1 shown as 1)",
                RectangleEdge.BOTTOM);
        int columns = Math.min(instances.size(), 4);
        return PanelGrid.of(title, panels, columns).withCellSize(320, 260).withLegend(bar);
    }

    /** One panel: a bar per feature at x = 0 … n−1. */
    public static JFreeChart panel(Instance inst) {
        XYSeries series = new XYSeries("‖W_i‖", false, true);
        for (int i = 0; i < inst.norms().length; i++) {
            series.add(i, inst.norms()[i]);
        }
        XYBarRenderer renderer = new SuperpositionBarRenderer(inst.superposition());
        renderer.setBarPainter(new StandardXYBarPainter());
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(false);
        renderer.setMargin(0.15);
        NumberAxis x = new NumberAxis("feature");
        x.setRange(-0.6, inst.norms().length - 0.4);
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis y = new NumberAxis("‖W_i‖");
        y.setAutoRangeIncludesZero(true);
        y.setUpperMargin(0.1);
        XYSeriesCollection data = new XYSeriesCollection(series);
        data.setIntervalWidth(1.0);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        ValueMarker split = new ValueMarker(inst.nHidden() - 0.5, Color.GRAY, ChartStyle.DASHED);
        plot.addDomainMarker(split, Layer.FOREGROUND);
        plot.setDomainGridlinesVisible(false);
        return ChartStyle.chart(inst.title(), plot, true);
    }

    /** Paints each bar with the superposition colour of its own feature. */
    private static final class SuperpositionBarRenderer extends XYBarRenderer {
        private static final long serialVersionUID = 1L;

        private final double[] superposition;

        SuperpositionBarRenderer(double[] superposition) {
            this.superposition = superposition.clone();
        }

        @Override
        public Paint getItemPaint(int series, int item) {
            return Colormaps.superposition(superposition[item]);
        }
    }
}
