package io.github.superpose.plots;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;

/**
 * The house look shared by every figure: white backgrounds, light grey gridlines and fonts that
 * stay readable at 100% (titles ≥ 14 px, tick labels ≥ 11 px). Sizes are in user-space units,
 * which are pixels in PNG output.
 */
final class ChartStyle {

    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    static final Font PANEL_TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Color GRID = new Color(225, 225, 225);
    static final Stroke DASHED =
            new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);

    private ChartStyle() {}

    /**
     * Sets the hints every figure expects. Stroke control must be set explicitly: JFreeChart's
     * axes save and restore it, and SVGGraphics2D rejects restoring a null value, which is what
     * a fresh canvas returns when an axis is drawn outside a chart (colour bars in a grid).
     */
    static void prepare(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    }

    /** Wraps a plot in a chart with the house look; {@code title} may be null for none. */
    static JFreeChart chart(String title, Plot plot, boolean panel) {
        JFreeChart chart = new JFreeChart(title, panel ? PANEL_TITLE : TITLE, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(4, 4, 4, 8));
        if (chart.getTitle() != null) {
            chart.getTitle().setPaint(Color.BLACK);
        }
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(Color.GRAY);
        if (plot instanceof XYPlot xy) {
            styleXY(xy);
        } else if (plot instanceof CategoryPlot cat) {
            cat.setRangeGridlinePaint(GRID);
            cat.setDomainGridlinesVisible(false);
            axis(cat.getDomainAxis());
            axis(cat.getRangeAxis());
        }
        return chart;
    }

    static void styleXY(XYPlot xy) {
        xy.setBackgroundPaint(Color.WHITE);
        xy.setDomainGridlinePaint(GRID);
        xy.setRangeGridlinePaint(GRID);
        xy.setDomainGridlineStroke(new BasicStroke(1f));
        xy.setRangeGridlineStroke(new BasicStroke(1f));
        for (int i = 0; i < xy.getDomainAxisCount(); i++) {
            axis(xy.getDomainAxis(i));
        }
        for (int i = 0; i < xy.getRangeAxisCount(); i++) {
            axis(xy.getRangeAxis(i));
        }
    }

    static void axis(Axis axis) {
        if (axis == null) {
            return;
        }
        axis.setLabelFont(LABEL);
        axis.setTickLabelFont(TICK);
        axis.setLabelPaint(Color.BLACK);
        axis.setTickLabelPaint(Color.DARK_GRAY);
    }

    /** A legend box in the house style, placed at {@code edge}. */
    static LegendTitle legend(LegendTitle legend, RectangleEdge edge) {
        legend.setItemFont(LABEL);
        legend.setBackgroundPaint(Color.WHITE);
        legend.setFrame(BlockBorder.NONE);
        legend.setPosition(edge);
        return legend;
    }

    /** A horizontal or vertical colour bar over the scale's range, labelled {@code label}. */
    static PaintScaleLegend colourBar(org.jfree.chart.renderer.PaintScale scale, String label, RectangleEdge edge) {
        NumberAxis axis = new NumberAxis(label);
        axis.setRange(scale.getLowerBound(), scale.getUpperBound());
        axis(axis);
        PaintScaleLegend bar = new PaintScaleLegend(scale, axis);
        bar.setPosition(edge);
        bar.setStripWidth(14);
        bar.setSubdivisionCount(128);
        bar.setAxisOffset(4);
        bar.setMargin(new RectangleInsets(4, 40, 4, 40));
        bar.setBackgroundPaint(Color.WHITE);
        return bar;
    }

    /** A subtitle line in the label font. */
    static TextTitle subtitle(String text) {
        TextTitle t = new TextTitle(text, LABEL);
        t.setPaint(Color.DARK_GRAY);
        return t;
    }
}
