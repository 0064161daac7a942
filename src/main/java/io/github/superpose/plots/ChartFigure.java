package io.github.superpose.plots;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.Objects;
import org.jfree.chart.JFreeChart;

/**
 * A figure made of one JFreeChart, drawn to fill the whole canvas.
 *
 * <p>Usage: {@code new ChartFigure("D histogram", chart, 900, 600)}.
 *
 * @param name            the figure's name (normally the chart title)
 * @param chart           the chart to draw
 * @param preferredWidth  default width in pixels
 * @param preferredHeight default height in pixels
 */
public record ChartFigure(String name, JFreeChart chart, int preferredWidth, int preferredHeight) implements Figure {

    public ChartFigure {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(chart, "chart");
        if (preferredWidth <= 0 || preferredHeight <= 0) {
            throw new IllegalArgumentException(
                    "figure size must be positive, got " + preferredWidth + "x" + preferredHeight);
        }
    }

    @Override
    public void render(int width, int height, Graphics2D g) {
        g.setPaint(Color.WHITE);
        g.fillRect(0, 0, width, height);
        chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
    }
}
