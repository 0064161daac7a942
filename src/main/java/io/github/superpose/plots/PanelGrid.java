package io.github.superpose.plots;

import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Objects;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.block.LengthConstraintType;
import org.jfree.chart.block.RectangleConstraint;
import org.jfree.chart.title.Title;
import org.jfree.chart.ui.Size2D;
import org.jfree.data.Range;

/**
 * Grid compositor: draws several charts (one panel per instance) into one {@link Graphics2D}
 * under an overall title, with an optional shared legend or colour bar along the bottom. Works
 * the same for PNG ({@code BufferedImage}) and SVG ({@code SVGGraphics2D}) targets.
 *
 * <p>Usage: {@code PanelGrid.of("W Wᵀ and b", charts, 4).withLegend(colourBar)}.
 *
 * @param name        overall title
 * @param panels      charts in reading order (row by row)
 * @param columns     panels per row
 * @param cellWidth   preferred panel width in pixels
 * @param cellHeight  preferred panel height in pixels
 * @param equalAspect shrink each cell so the panel's data area is square (for geometry plots)
 * @param legend      shared legend drawn along the bottom, or null
 */
public record PanelGrid(
        String name,
        List<JFreeChart> panels,
        int columns,
        int cellWidth,
        int cellHeight,
        boolean equalAspect,
        Title legend)
        implements Figure {

    private static final int TITLE_HEIGHT = 40;

    public PanelGrid {
        Objects.requireNonNull(name, "name");
        panels = List.copyOf(panels);
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("panel grid needs at least one panel");
        }
        if (columns < 1) {
            throw new IllegalArgumentException("panel grid needs columns >= 1, got " + columns);
        }
        columns = Math.min(columns, panels.size());
    }

    /** A grid of 320×300 cells with no legend. */
    public static PanelGrid of(String name, List<JFreeChart> panels, int columns) {
        return new PanelGrid(name, panels, columns, 320, 300, false, null);
    }

    public PanelGrid withLegend(Title newLegend) {
        return new PanelGrid(name, panels, columns, cellWidth, cellHeight, equalAspect, newLegend);
    }

    public PanelGrid withEqualAspect() {
        return new PanelGrid(name, panels, columns, cellWidth, cellHeight, true, legend);
    }

    public PanelGrid withCellSize(int width, int height) {
        return new PanelGrid(name, panels, columns, width, height, equalAspect, legend);
    }

    public int rows() {
        return (panels.size() + columns - 1) / columns;
    }

    @Override
    public int preferredWidth() {
        return columns * cellWidth;
    }

    @Override
    public int preferredHeight() {
        return TITLE_HEIGHT + rows() * cellHeight + (legend == null ? 0 : 70);
    }

    @Override
    public void render(int width, int height, Graphics2D g) {
        ChartStyle.prepare(g);
        g.setPaint(Color.WHITE);
        g.fillRect(0, 0, width, height);
        drawTitle(width, g);
        double legendHeight = legend == null ? 0 : drawLegend(width, height, g);
        double cellW = (double) width / columns;
        double cellH = (height - TITLE_HEIGHT - legendHeight) / rows();
        for (int k = 0; k < panels.size(); k++) {
            Rectangle2D cell =
                    new Rectangle2D.Double((k % columns) * cellW, TITLE_HEIGHT + (k / columns) * cellH, cellW, cellH);
            JFreeChart chart = panels.get(k);
            chart.draw(g, equalAspect ? equalAspectArea(chart, cell) : cell);
        }
    }

    private void drawTitle(int width, Graphics2D g) {
        g.setFont(ChartStyle.TITLE);
        g.setPaint(Color.BLACK);
        FontMetrics fm = g.getFontMetrics();
        int x = Math.max(4, (width - fm.stringWidth(name)) / 2);
        g.drawString(name, x, (TITLE_HEIGHT + fm.getAscent() - fm.getDescent()) / 2);
    }

    /** Draws the shared legend centred along the bottom edge; returns the height it used. */
    private double drawLegend(int width, int height, Graphics2D g) {
        double maxWidth = Math.min(width, 720);
        RectangleConstraint c = new RectangleConstraint(
                maxWidth,
                new Range(0, maxWidth),
                LengthConstraintType.RANGE,
                0,
                new Range(0, height / 4.0),
                LengthConstraintType.RANGE);
        Size2D size = legend.arrange(g, c);
        double h = Math.min(size.getHeight(), height / 4.0);
        legend.draw(g, new Rectangle2D.Double((width - size.getWidth()) / 2, height - h, size.getWidth(), h));
        return h;
    }

    /**
     * Shrinks {@code cell} along its longer side so that the chart's data area comes out square.
     * Axis labels take a fixed amount of space, so one trial layout on a scratch canvas tells us
     * how far the data area is from square.
     */
    static Rectangle2D equalAspectArea(JFreeChart chart, Rectangle2D cell) {
        ChartRenderingInfo info = new ChartRenderingInfo();
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        try {
            chart.draw(g, cell, info);
        } finally {
            g.dispose();
        }
        Rectangle2D data = info.getPlotInfo().getDataArea();
        double excess = data.getWidth() - data.getHeight();
        if (excess > 0) {
            return new Rectangle2D.Double(
                    cell.getX() + excess / 2, cell.getY(), cell.getWidth() - excess, cell.getHeight());
        }
        return new Rectangle2D.Double(
                cell.getX(), cell.getY() - excess / 2, cell.getWidth(), cell.getHeight() + excess);
    }
}
