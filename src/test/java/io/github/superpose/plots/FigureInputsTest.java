package io.github.superpose.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;

/** Shape checks, label parsing, axis labelling and where phase colours land. */
class FigureInputsTest {

    @Test
    void phaseCellsLandWhereTheRuleSaysOnScreen() {
        ChartFigure figure = (ChartFigure) SampleFigures.phaseDiagram();
        BufferedImage image = new BufferedImage(720, 640, BufferedImage.TYPE_INT_RGB);
        ChartRenderingInfo info = new ChartRenderingInfo();
        Graphics2D g = image.createGraphics();
        ChartStyle.prepare(g);
        figure.chart().draw(g, new Rectangle2D.Double(0, 0, 720, 640), info);
        g.dispose();
        Rectangle2D area = info.getPlotInfo().getDataArea();
        XYPlot plot = figure.chart().getXYPlot();
        // sparse features go into superposition; dense ones are dropped (r<1) or dedicated (r>1)
        assertEquals(PhaseDiagram.COLOURS[PhaseDiagram.SUPERPOSITION], pixel(image, plot, area, 0.15, 0.012));
        assertEquals(PhaseDiagram.COLOURS[PhaseDiagram.NOT_LEARNED], pixel(image, plot, area, 0.15, 0.9));
        assertEquals(PhaseDiagram.COLOURS[PhaseDiagram.DEDICATED], pixel(image, plot, area, 7, 0.9));
    }

    private static Color pixel(BufferedImage image, XYPlot plot, Rectangle2D area, double r, double p) {
        ValueAxis x = plot.getDomainAxis();
        ValueAxis y = plot.getRangeAxis();
        int px = (int) x.valueToJava2D(Math.log10(r), area, RectangleEdge.BOTTOM);
        int py = (int) y.valueToJava2D(Math.log10(p), area, RectangleEdge.LEFT);
        return new Color(image.getRGB(px, py));
    }

    @Test
    void phaseLabelsMapToCodesAndUnknownLabelsAreNamed() {
        assertEquals(PhaseDiagram.SUPERPOSITION, PhaseDiagram.code("Superposition"));
        assertEquals(PhaseDiagram.NOT_LEARNED, PhaseDiagram.code(" not learned "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PhaseDiagram.code("antipodal"));
        assertTrue(e.getMessage().contains("'antipodal'"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> PhaseDiagram.of(
                        "t", new double[] {0.1, 1}, new double[] {0.1, 1}, new int[][] {{0, 1}}, List.of()));
    }

    @Test
    void shapeMismatchesNameBothShapes() {
        IllegalArgumentException gram = assertThrows(
                IllegalArgumentException.class, () -> new GramHeatmap.Instance("t", new double[3][3], new double[4]));
        assertTrue(
                gram.getMessage().contains("gram[4][4]") && gram.getMessage().contains("gram[3]"), gram.getMessage());
        IllegalArgumentException bars = assertThrows(
                IllegalArgumentException.class, () -> new NormBars.Instance("t", new double[5], new double[4], 2));
        assertTrue(bars.getMessage().contains("norms[5]"), bars.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> TrainingCurves.of("t", new int[3], new double[2], new double[3][1]));
        assertThrows(
                IllegalArgumentException.class,
                () -> new NeuronStack.Panel("t", new double[2][3], new int[] {0}, null));
    }

    @Test
    void closeFractionLabelsArePushedAtLeastALineApart() {
        NumberAxis y = new NumberAxis();
        y.setRange(0, 1.12);
        XYPlot plot = new XYPlot(new XYSeriesCollection(), new NumberAxis(), y, null);
        FractionAxis.addTo(plot, true);
        Graphics2D g = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB).createGraphics();
        Rectangle2D area = new Rectangle2D.Double(0, 0, 400, 300);
        List<?> ticks = plot.getRangeAxis(1).refreshTicks(g, new AxisState(), area, RectangleEdge.RIGHT);
        double lineHeight = g.getFontMetrics(ChartStyle.SMALL).getHeight();
        List<Double> ys = new ArrayList<>();
        for (Object t : ticks) {
            ys.add(plot.getRangeAxis(1).valueToJava2D(((NumberTick) t).getValue(), area, RectangleEdge.RIGHT));
        }
        assertEquals(Polytopes.lines(true).size(), ys.size());
        for (int k = 1; k < ys.size(); k++) {
            assertTrue(
                    ys.get(k) - ys.get(k - 1) >= lineHeight - 1e-6,
                    "labels " + (k - 1) + " and " + k + " overlap: " + ys);
        }
        g.dispose();
    }

    @Test
    void logAxisLabelsReadInDataUnits() {
        assertEquals("0.01", Log10Axis.label(0.01));
        assertEquals("0.2", Log10Axis.label(Math.pow(10, Math.log10(0.2))));
        assertEquals("20", Log10Axis.label(20.000000001));
        assertEquals("1", Log10Axis.label(1));
    }

    @Test
    void logVulnerabilityAxesHugTheData() {
        ChartFigure fig = VulnerabilityPlot.of(
                "v",
                List.of(new VulnerabilityPlot.Series("s", new double[] {1, 2, 15}, new double[] {0.1, 0.3, 1.4})),
                true,
                true);
        ValueAxis x = fig.chart().getXYPlot().getDomainAxis();
        assertEquals(0, x.getLowerBound(), 0.1, "x axis starts near 1");
        assertEquals(Math.log10(15), x.getUpperBound(), 0.1, "x axis ends near 15");
        ValueAxis y = fig.chart().getXYPlot().getRangeAxis();
        assertEquals(-1, y.getLowerBound(), 0.1, "y axis starts near 0.1");
    }

    @Test
    void jitterIsSeededAndStaysWithinATenthOfTheGap() {
        double[] p = {1, 0.1, 0.01};
        double[][] d = {{1, 1, 1}, {0.5, 0.5, 0.5}, {0.4, 0.4, 0.4}};
        var a = DimensionalityScatter.jittered(p, d, 42);
        var b = DimensionalityScatter.jittered(p, d, 42);
        assertEquals(a.getItemCount(), b.getItemCount());
        for (int k = 0; k < a.getItemCount(); k++) {
            assertEquals(a.getX(k), b.getX(k));
            double level = -Math.log10(p[k / 3]);
            assertTrue(Math.abs(a.getX(k).doubleValue() - level) <= 0.1 + 1e-12, "jitter too large at item " + k);
        }
    }
}
