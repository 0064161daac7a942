package io.github.superpose.plots;

import java.awt.Graphics2D;

/**
 * A figure that can draw itself onto any {@link Graphics2D}: a {@code BufferedImage} for PNG or
 * an {@code org.jfree.svg.SVGGraphics2D} for SVG. Single charts use {@link ChartFigure};
 * one-panel-per-instance figures use {@link PanelGrid}.
 *
 * <p>Usage: {@code FigureWriter.write(FeatureFan.of("intro", w, importance, labels), dir, "intro")}.
 */
public interface Figure {

    /** Human-readable name, also drawn as the overall title. */
    String name();

    /** Draws the whole figure into the rectangle (0, 0, width, height) of {@code g}. */
    void render(int width, int height, Graphics2D g);

    /** Width in pixels used when the caller does not ask for one. */
    default int preferredWidth() {
        return 900;
    }

    /** Height in pixels used when the caller does not ask for one. */
    default int preferredHeight() {
        return 600;
    }
}
