package io.github.superpose.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleEdge;
import org.junit.jupiter.api.Test;

class FeatureFanTest {

    @Test
    void refusesAThreeDimensionalHiddenLayer() {
        double[][][] w = {{{1, 0, 0}, {0, 1, 0}}};
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> FeatureFan.of("fan", w, new double[] {1, 1}, new String[] {"p"}));
        assertEquals("feature fan needs a 2-D hidden layer, got m=3", e.getMessage());
    }

    @Test
    void importantFeatureAtOneZeroPaintsViridisYellowThere() {
        JFreeChart chart =
                FeatureFan.panel("1 − S = 0.05", new double[][] {{1, 0}}, new Color[] {Colormaps.viridis(1)});
        BufferedImage image = new BufferedImage(400, 400, BufferedImage.TYPE_INT_RGB);
        ChartRenderingInfo info = new ChartRenderingInfo();
        Graphics2D g = image.createGraphics();
        ChartStyle.prepare(g);
        chart.draw(g, new Rectangle2D.Double(0, 0, 400, 400), info);
        g.dispose();

        Rectangle2D area = info.getPlotInfo().getDataArea();
        XYPlot plot = chart.getXYPlot();
        int x = (int) Math.round(plot.getDomainAxis().valueToJava2D(1, area, RectangleEdge.BOTTOM));
        int y = (int) Math.round(plot.getRangeAxis().valueToJava2D(0, area, RectangleEdge.LEFT));
        assertNear(Colormaps.viridis(1), new Color(image.getRGB(x, y)), 30);
        // and the opposite side of the origin, where no feature points, is not yellow
        int xMinus = (int) Math.round(plot.getDomainAxis().valueToJava2D(-1, area, RectangleEdge.BOTTOM));
        Color empty = new Color(image.getRGB(xMinus, y - 6));
        assertTrue(distance(Colormaps.viridis(1), empty) > 100, "unexpected colour " + empty);
    }

    @Test
    void importanceColoursComeFromViridis() {
        Color[] colours = FeatureFan.byImportance(new double[] {1, 0.5, 0}, 3);
        assertEquals(Colormaps.viridis(1), colours[0]);
        assertEquals(Colormaps.viridis(0.5), colours[1]);
        assertEquals(Colormaps.viridis(0), colours[2]);
    }

    @Test
    void equalAspectGivesSquareDataArea() {
        JFreeChart chart = FeatureFan.panel(
                "p", SampleFigures.polygon(5, 1), FeatureFan.byImportance(new double[] {1, 1, 1, 1, 1}, 5));
        Rectangle2D cell = PanelGrid.equalAspectArea(chart, new Rectangle2D.Double(0, 0, 500, 300));
        ChartRenderingInfo info = new ChartRenderingInfo();
        BufferedImage image = new BufferedImage(500, 300, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        chart.draw(g, cell, info);
        g.dispose();
        Rectangle2D data = info.getPlotInfo().getDataArea();
        assertEquals(data.getWidth(), data.getHeight(), 1.0, "data area " + data);
    }

    @Test
    void bySetNeedsOneSubtitlePerInstance() {
        double[][][] w = {SampleFigures.polygon(4, 1)};
        assertThrows(
                IllegalArgumentException.class,
                () -> FeatureFan.bySet("sets", w, new int[] {0, 0, 1, 1}, new String[0]));
        PanelGrid grid = FeatureFan.bySet("sets", w, new int[] {0, 0, 1, 1}, new String[] {"a"});
        assertTrue(grid.legend() != null, "set colouring needs a legend");
    }

    static void assertNear(Color expected, Color actual, double tolerance) {
        assertTrue(distance(expected, actual) <= tolerance, "expected about " + expected + " but got " + actual);
    }

    static double distance(Color a, Color b) {
        return Math.sqrt(Math.pow(a.getRed() - b.getRed(), 2)
                + Math.pow(a.getGreen() - b.getGreen(), 2)
                + Math.pow(a.getBlue() - b.getBlue(), 2));
    }
}
