package io.github.superpose.plots;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryMarker;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Stack plot of a privileged hidden layer (paper §4.10–4.11): one column per neuron, |W_nf|
 * stacked by feature and coloured by feature, so polysemantic neurons show several colours.
 * Polysemantic neurons can get a faint background tint. One panel per instance (density).
 *
 * <p>Shapes: {@code w[neuron][feature]} (m × n), {@code order[m]} (neuron indices left to
 * right, or null for 0 … m−1), {@code tint[m]} in [0, 1] (0 = no tint, or null),
 * {@code featureShade[n]} in [0, 1] (viridis value per feature, e.g. importance; or null for
 * feature index / (n − 1)).
 *
 * <p>Usage: {@code NeuronStack.of("ReLU hidden layer", List.of(new NeuronStack.Panel("1 − S = 0.1", w, null, null)), null)}.
 */
public final class NeuronStack {

    /** One instance's panel. */
    public record Panel(String title, double[][] w, int[] order, double[] tint) {
        public Panel {
            if (w.length == 0) {
                throw new IllegalArgumentException("neuron stack needs at least one neuron");
            }
            if (order != null && order.length != w.length) {
                throw new IllegalArgumentException(
                        "neuron stack needs order[" + w.length + "], got order[" + order.length + "]");
            }
            if (tint != null && tint.length != w.length) {
                throw new IllegalArgumentException(
                        "neuron stack needs tint[" + w.length + "], got tint[" + tint.length + "]");
            }
        }
    }

    private static final Color TINT = new Color(255, 120, 120);

    private NeuronStack() {}

    /** One panel per instance and a colour bar saying which colour is which feature. */
    public static PanelGrid of(String title, List<Panel> panels, double[] featureShade) {
        List<JFreeChart> charts = new ArrayList<>();
        for (Panel p : panels) {
            charts.add(panel(p, featureShade));
        }
        String what = featureShade == null ? "feature index / (n − 1)" : "feature shade";
        PaintScaleLegend bar = ChartStyle.colourBar(
                Colormaps.paintScale(Colormaps::viridis, 0, 1), "feature colour: " + what, RectangleEdge.BOTTOM);
        int columns = Math.min(panels.size(), 3);
        return PanelGrid.of(title, charts, columns).withCellSize(400, 300).withLegend(bar);
    }

    /** One panel; feature colours from {@code featureShade} (see class doc). */
    public static JFreeChart panel(Panel p, double[] featureShade) {
        int m = p.w().length;
        int n = p.w()[0].length;
        if (featureShade != null && featureShade.length != n) {
            throw new IllegalArgumentException(
                    "neuron stack needs featureShade[" + n + "], got featureShade[" + featureShade.length + "]");
        }
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        StackedBarRenderer renderer = new StackedBarRenderer();
        for (int f = 0; f < n; f++) {
            double shade = featureShade != null ? featureShade[f] : n == 1 ? 0 : f / (n - 1.0);
            renderer.setSeriesPaint(f, Colormaps.viridis(shade));
        }
        for (int k = 0; k < m; k++) {
            int neuron = p.order() == null ? k : p.order()[k];
            for (int f = 0; f < n; f++) {
                data.addValue(Math.abs(p.w()[neuron][f]), Integer.valueOf(f), Integer.toString(neuron));
            }
        }
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(true);
        renderer.setDefaultOutlinePaint(Color.WHITE);
        renderer.setItemMargin(0);
        CategoryAxis x = new CategoryAxis("neuron");
        x.setCategoryMargin(0.2);
        x.setLowerMargin(0.02);
        x.setUpperMargin(0.02);
        if (m > 12) {
            x.setCategoryLabelPositions(CategoryLabelPositions.UP_90);
        }
        CategoryPlot plot = new CategoryPlot(data, x, new NumberAxis("|W| stacked by feature"), renderer);
        addTints(plot, p);
        return ChartStyle.chart(p.title(), plot, true);
    }

    private static void addTints(CategoryPlot plot, Panel p) {
        if (p.tint() == null) {
            return;
        }
        for (int k = 0; k < p.w().length; k++) {
            int neuron = p.order() == null ? k : p.order()[k];
            double t = Math.max(0, Math.min(1, p.tint()[neuron]));
            if (t > 0) {
                Color c = new Color(TINT.getRed(), TINT.getGreen(), TINT.getBlue(), (int) Math.round(70 * t));
                CategoryMarker marker = new CategoryMarker(Integer.toString(neuron), c, new java.awt.BasicStroke(1f));
                marker.setDrawAsLine(false);
                plot.addDomainMarker(marker, Layer.BACKGROUND);
            }
        }
    }
}
