package io.github.superpose.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYZDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;

/**
 * The finite-data figures: they draw the values they are given on the axes they promise, refuse
 * empty or NaN input naming the array, and write a sized PNG and a well-formed SVG (also copied
 * to /tmp/superpose-plot-samples for a person to look at).
 */
class DoubleDescentFiguresTest {

    static Stream<Arguments> figures() {
        return DoubleDescentSamples.all().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("figures")
    void rendersSizedPngAndWellFormedSvg(String baseName, Figure figure, @TempDir Path dir) throws Exception {
        FigureWriter.Written out = FigureWriter.write(figure, dir, baseName, 760, 540);
        BufferedImage png = ImageIO.read(out.png().toFile());
        assertNotNull(png, "PNG did not decode");
        assertEquals(760, png.getWidth());
        assertEquals(540, png.getHeight());
        assertTrue(FigureRenderTest.distinctColours(png) > 50, baseName + " looks blank");
        Document svg = FigureRenderTest.offlineParser()
                .newDocumentBuilder()
                .parse(out.svg().toFile());
        assertEquals("svg", svg.getDocumentElement().getTagName());
        assertTrue(svg.getDocumentElement().getTextContent().contains(figure.name()), "SVG lacks its title");
        assertTrue(Files.size(out.svg()) < 2_000_000, baseName + " SVG is " + Files.size(out.svg()) + " bytes");
        FigureWriter.write(figure, SampleFiguresTest.SAMPLES, baseName);
    }

    @Test
    void lossCurveHoldsMediansOnLogAxesAndEveryReplicate() {
        double[] t = {3, 30, 300};
        double[][] test = {{0.3, 0.1, 0.2}, {0.5, 0.4, 0.6}, {0.05, 0.07, 0.06}};
        double[][] train = {{1e-4, 2e-4, 3e-4}, {0.01, 0.02, 0.03}, {0.05, 0.05, 0.05}};
        XYPlot plot = DoubleDescentCurve.of("c", t, test, train).chart().getXYPlot();
        assertInstanceOf(Log10Axis.class, plot.getDomainAxis(), "T axis is logarithmic");
        assertInstanceOf(Log10Axis.class, plot.getRangeAxis(), "loss axis is logarithmic");
        XYDataset data = plot.getDataset();
        assertEquals(4, data.getSeriesCount(), "two median lines and two sets of replicate points");
        double[] testMedian = {0.2, 0.5, 0.06};
        double[] trainMedian = {2e-4, 0.02, 0.05};
        for (int k = 0; k < t.length; k++) {
            assertEquals(t[k], Math.pow(10, data.getXValue(0, k)), 1e-9);
            assertEquals(testMedian[k], Math.pow(10, data.getYValue(0, k)), 1e-12);
            assertEquals(trainMedian[k], Math.pow(10, data.getYValue(1, k)), 1e-12);
        }
        assertEquals(9, data.getItemCount(2), "every test replicate drawn");
        assertTrue(plot.getRangeAxis().getLowerBound() <= Math.log10(1e-4), "axis reaches the smallest loss");
        assertTrue(plot.getRangeAxis().getUpperBound() >= Math.log10(0.6), "axis reaches the largest loss");
        assertEquals(
                2,
                DoubleDescentCurve.of("one", t, testMedian, trainMedian)
                        .chart()
                        .getXYPlot()
                        .getDataset()
                        .getSeriesCount(),
                "one replicate draws no replicate points");
    }

    @Test
    void dimensionalityPlotHoldsBothMeasures() {
        double[] t = {3, 100, 10000};
        XYDataset data = DataDimensionality.of("d", t, new double[] {0.6, 0.01, 0.001}, new double[] {0.002, 0.05, 0.4})
                .chart()
                .getXYPlot()
                .getDataset();
        assertEquals(2, data.getSeriesCount());
        assertTrue(data.getSeriesKey(0).toString().contains("D_t"));
        assertTrue(data.getSeriesKey(1).toString().contains("D_i"));
        assertEquals(0.01, Math.pow(10, data.getYValue(0, 1)), 1e-12);
        assertEquals(0.4, Math.pow(10, data.getYValue(1, 2)), 1e-12);
    }

    @Test
    void badInputIsRefusedNamingTheArray() {
        double[] t = {3, 30};
        IllegalArgumentException nan = assertThrows(
                IllegalArgumentException.class,
                () -> DoubleDescentCurve.of("c", t, new double[] {0.1, Double.NaN}, new double[] {0.1, 0.1}));
        assertTrue(
                nan.getMessage().contains("test loss") && nan.getMessage().contains("[1][0] is NaN"), nan.getMessage());
        IllegalArgumentException empty = assertThrows(
                IllegalArgumentException.class,
                () -> DataDimensionality.of("d", new double[0], new double[0], new double[0]));
        assertTrue(empty.getMessage().contains("trainPoints is empty"), empty.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> DoubleDescentCurve.of("c", t, new double[] {0.1}, new double[] {0.1, 0.1}));
        IllegalArgumentException zeroT = assertThrows(
                IllegalArgumentException.class,
                () -> DoubleDescentCurve.of("c", new double[] {0, 3}, new double[] {1, 1}, new double[] {1, 1}));
        assertTrue(zeroT.getMessage().contains("trainPoints[0]"), zeroT.getMessage());
        IllegalArgumentException m3 = assertThrows(
                IllegalArgumentException.class,
                () -> new PointFeatureFans.Column("T = 3", new double[][] {{1, 0, 0}}, new double[][] {{1, 0}}));
        assertTrue(m3.getMessage().contains("m = 2"), m3.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> new PointFeatureFans.Column("T = 3", new double[0][], new double[][] {{1, 0}}));
        assertThrows(IllegalArgumentException.class, () -> PointFeatureFans.of("f", List.of()));
        IllegalArgumentException zero = assertThrows(
                IllegalArgumentException.class, () -> LossMap.of("l", new double[] {2}, t, new double[][] {{0.1, 0}}));
        assertTrue(zero.getMessage().contains("testLoss[0][1]"), zero.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> LossMap.of("l", new double[] {2}, new double[] {30, 3}, new double[][] {{0.1, 0.2}}));
        assertThrows(
                IllegalArgumentException.class,
                () -> LossMap.of("l", new double[] {1, 2}, t, new double[][] {{0.1, 0.2}}));
    }

    @Test
    void fansDrawPointsAboveFeaturesAndKeepTheLongestVectors() {
        double[][] points = {{1, 0}, {-0.5, 0.8}, {-0.5, -0.8}};
        double[][] features = new double[PointFeatureFans.MAX_DRAWN + 100][2];
        for (int i = 0; i < features.length; i++) {
            features[i][0] = 0.001 * i;
        }
        PanelGrid grid = PointFeatureFans.of(
                "f",
                List.of(
                        new PointFeatureFans.Column("T = 3", points, features),
                        new PointFeatureFans.Column("T = 4", points, features)));
        assertEquals(4, grid.panels().size());
        assertEquals(2, grid.columns(), "one column per training-set size");
        XYPlot top = grid.panels().get(0).getXYPlot();
        XYDataset tips = top.getDataset();
        assertEquals(3, tips.getItemCount(1));
        assertEquals(1.1, top.getDomainAxis().getUpperBound(), 1e-9, "range is 1.1 x the longest vector");
        assertEquals(-1.1, top.getRangeAxis().getLowerBound(), 1e-9);
        JFreeChart bottom = grid.panels().get(2);
        assertEquals(PointFeatureFans.MAX_DRAWN, bottom.getXYPlot().getDataset().getItemCount(1));
        double shortestDrawn = Double.POSITIVE_INFINITY;
        for (int k = 0; k < PointFeatureFans.MAX_DRAWN; k++) {
            shortestDrawn =
                    Math.min(shortestDrawn, bottom.getXYPlot().getDataset().getXValue(1, k));
        }
        assertEquals(0.001 * 100, shortestDrawn, 1e-12, "the 100 shortest features are the ones left out");
        assertTrue(
                bottom.getTitle().getText().contains("longest 300 of 400"),
                bottom.getTitle().getText());
        assertTrue(grid.panels().get(0).getTitle().getText().contains("T = 3: training points"));
    }

    @Test
    void lossMapCellsSpanLogMidpointsAndColourByLogLoss() {
        double[] t = {3, 30, 3000};
        double[] edges = LossMap.edges(t);
        assertEquals(1, edges.length - t.length);
        assertEquals((Math.log10(3) + Math.log10(30)) / 2, edges[1], 1e-12);
        assertEquals(Math.log10(3) - 0.5, edges[0], 1e-12, "half the first gap before the first T");
        assertEquals(Math.log10(3000) + 1, edges[3], 1e-12, "half the last gap after the last T");

        double[][] loss = {{1e-3, 1e-1, 1e-2}, {1e-2, 1e-2, 1e-2}};
        ChartFigure figure = LossMap.of("map", new double[] {1, 2}, t, loss);
        XYPlot plot = figure.chart().getXYPlot();
        assertInstanceOf(Log10Axis.class, plot.getDomainAxis(), "T axis is logarithmic");
        XYZDataset data = (XYZDataset) plot.getDataset();
        assertEquals(Math.log10(0.1), data.getZValue(0, 1), 1e-12);
        assertEquals(Math.log10(30), data.getXValue(0, 1), 1e-12);
        BufferedImage image = new BufferedImage(900, 380, BufferedImage.TYPE_INT_RGB);
        ChartRenderingInfo info = new ChartRenderingInfo();
        Graphics2D g = image.createGraphics();
        ChartStyle.prepare(g);
        figure.chart().draw(g, new Rectangle2D.Double(0, 0, 900, 380), info);
        g.dispose();
        Rectangle2D area = info.getPlotInfo().getDataArea();
        assertEquals(Colormaps.viridis(1), pixel(image, plot, area, 30, 0), "largest loss is the top of the map");
        assertEquals(Colormaps.viridis(0), pixel(image, plot, area, 3, 0), "smallest loss is the bottom");
        assertEquals(Colormaps.viridis(0.5), pixel(image, plot, area, 3000, 1), "log colour: 1e-2 is half way");
        // the wide last cell: a point half a decade right of T = 3000 is still that cell
        assertEquals(Colormaps.viridis(0.5), pixel(image, plot, area, 3000 * Math.sqrt(10), 0));
    }

    private static Color pixel(BufferedImage image, XYPlot plot, Rectangle2D area, double t, int row) {
        int px = (int) plot.getDomainAxis().valueToJava2D(Math.log10(t), area, RectangleEdge.BOTTOM);
        int py = (int) plot.getRangeAxis().valueToJava2D(row, area, RectangleEdge.LEFT);
        return new Color(image.getRGB(px, py));
    }
}
