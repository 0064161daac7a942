package io.github.superpose.plots;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Feature directions in a 2-D hidden layer (paper §4.1): each feature's column W_i drawn as a
 * point with a segment from the origin, axes fixed at ±1.5 with equal aspect, one panel per
 * instance.
 *
 * <p>Shapes: {@code w[instance][feature][2]} (each instance's W with features as rows),
 * {@code importance[feature]} in [0, 1] (colour is {@code viridis(importance)}, as in the paper's
 * notebook), {@code subtitles[instance]}.
 *
 * <p>Usage: {@code FeatureFan.of("5 features in 2-D", w, importance, new String[] {"1 − S = 1"})}.
 */
public final class FeatureFan {

    static final double LIMIT = 1.5;

    /** Categorical colours for correlated sets; distinct from each other and from white. */
    private static final Color[] SET_COLOURS = {
        new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
        new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75),
    };

    private FeatureFan() {}

    /** One panel per instance, features coloured viridis by importance. */
    public static PanelGrid of(String title, double[][][] w, double[] importance, String[] subtitles) {
        checkLengths(w, subtitles);
        List<JFreeChart> panels = new ArrayList<>();
        for (int k = 0; k < w.length; k++) {
            panels.add(panel(subtitles[k], w[k], byImportance(importance, w[k].length)));
        }
        return grid(title, panels);
    }

    /**
     * One panel per instance, features coloured by correlated set, with a shared legend
     * "set 1", "set 2", …; {@code setIndex[feature]} is 0-based.
     */
    public static PanelGrid bySet(String title, double[][][] w, int[] setIndex, String[] subtitles) {
        checkLengths(w, subtitles);
        Color[] colours = new Color[setIndex.length];
        int nSets = 0;
        for (int i = 0; i < setIndex.length; i++) {
            colours[i] = SET_COLOURS[setIndex[i] % SET_COLOURS.length];
            nSets = Math.max(nSets, setIndex[i] + 1);
        }
        List<JFreeChart> panels = new ArrayList<>();
        for (int k = 0; k < w.length; k++) {
            panels.add(panel(subtitles[k], w[k], colours));
        }
        LegendItemCollection items = new LegendItemCollection();
        for (int s = 0; s < nSets; s++) {
            items.add(new LegendItem("set " + (s + 1), SET_COLOURS[s % SET_COLOURS.length]));
        }
        LegendTitle legend = ChartStyle.legend(new LegendTitle(() -> items), RectangleEdge.BOTTOM);
        return grid(title, panels).withLegend(legend);
    }

    /**
     * One square panel: {@code w[feature][2]}, {@code colours[feature]}.
     *
     * @throws IllegalArgumentException if a row of {@code w} does not have exactly 2 entries
     */
    public static JFreeChart panel(String subtitle, double[][] w, Color[] colours) {
        checkTwoD(w);
        if (colours.length != w.length) {
            throw new IllegalArgumentException("feature fan needs one colour per feature, got " + colours.length
                    + " colours for " + w.length + " features");
        }
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new TipRenderer();
        for (int i = 0; i < w.length; i++) {
            XYSeries s = new XYSeries("feature " + i, false, true);
            s.add(0, 0);
            s.add(w[i][0], w[i][1]);
            data.addSeries(s);
            renderer.setSeriesPaint(i, colours[i]);
            renderer.setSeriesStroke(i, new BasicStroke(2.5f));
            renderer.setSeriesShape(i, new Ellipse2D.Double(-5, -5, 10, 10));
        }
        XYPlot plot = new XYPlot(data, axis(), axis(), renderer);
        plot.setDomainZeroBaselineVisible(true);
        plot.setRangeZeroBaselineVisible(true);
        JFreeChart chart = ChartStyle.chart(subtitle, plot, true);
        ChartStyle.styleXY(plot);
        return chart;
    }

    static Color[] byImportance(double[] importance, int nFeatures) {
        if (importance.length != nFeatures) {
            throw new IllegalArgumentException(
                    "feature fan needs importance[" + nFeatures + "], got importance[" + importance.length + "]");
        }
        Color[] colours = new Color[nFeatures];
        for (int i = 0; i < nFeatures; i++) {
            colours[i] = Colormaps.viridis(importance[i]);
        }
        return colours;
    }

    private static PanelGrid grid(String title, List<JFreeChart> panels) {
        int columns = Math.min(panels.size(), panels.size() > 8 ? 5 : 4);
        return PanelGrid.of(title, panels, columns).withCellSize(280, 280).withEqualAspect();
    }

    private static NumberAxis axis() {
        NumberAxis axis = new NumberAxis();
        axis.setRange(-LIMIT, LIMIT);
        axis.setTickUnit(new NumberTickUnit(0.5));
        return axis;
    }

    private static void checkTwoD(double[][] w) {
        for (double[] row : w) {
            if (row.length != 2) {
                throw new IllegalArgumentException("feature fan needs a 2-D hidden layer, got m=" + row.length);
            }
        }
    }

    private static void checkLengths(double[][][] w, String[] subtitles) {
        if (w.length == 0 || w.length != subtitles.length) {
            throw new IllegalArgumentException("feature fan needs one subtitle per instance, got " + subtitles.length
                    + " subtitles for " + w.length + " instances");
        }
    }

    /** Draws the segment from the origin but a marker only at the feature's tip. */
    private static final class TipRenderer extends XYLineAndShapeRenderer {
        private static final long serialVersionUID = 1L;

        TipRenderer() {
            super(true, true);
        }

        @Override
        public boolean getItemShapeVisible(int series, int item) {
            return item == 1;
        }
    }
}
