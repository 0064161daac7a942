package io.github.superpose.plots;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.Tick;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * The Gram matrix W Wᵀ over features beside the bias vector b (paper §4.2), both coloured
 * coolwarm on [−1, 1] (values beyond are clamped), one panel per instance with a shared colour
 * bar. Row 0 is at the top, as in a matrix.
 *
 * <p>Shapes: {@code gram[feature][feature]}, {@code bias[feature]}.
 *
 * <p>Usage: {@code GramHeatmap.of("W Wᵀ and b", List.of(new GramHeatmap.Instance("1 − S = 0.1", g, b)))}.
 */
public final class GramHeatmap {

    /** One instance's panel: {@code gram[n][n]} and {@code bias[n]}. */
    public record Instance(String title, double[][] gram, double[] bias) {
        public Instance {
            int n = bias.length;
            if (gram.length != n) {
                throw new IllegalArgumentException("gram heatmap needs gram[" + n + "][" + n + "] to match bias[" + n
                        + "], got gram[" + gram.length + "][…]");
            }
            for (double[] row : gram) {
                if (row.length != n) {
                    throw new IllegalArgumentException("gram heatmap needs a square gram[" + n + "][" + n
                            + "], got a row of length " + row.length);
                }
            }
        }
    }

    private GramHeatmap() {}

    /** One panel per instance plus a horizontal colour bar along the bottom. */
    public static PanelGrid of(String title, List<Instance> instances) {
        List<JFreeChart> panels = new ArrayList<>();
        for (Instance inst : instances) {
            panels.add(panel(inst));
        }
        PaintScaleLegend bar = ChartStyle.colourBar(scale(), "value of W Wᵀ and b", RectangleEdge.BOTTOM);
        int columns = Math.min(instances.size(), 4);
        return PanelGrid.of(title, panels, columns)
                .withCellSize(300, 280)
                .withEqualAspect()
                .withLegend(bar);
    }

    /**
     * Above this many features a panel is drawn as one embedded image rather than one vector cell
     * per entry: an SVG of n² rectangles grows with n² (600 features made 166 MB) while the image
     * stays a few hundred kilobytes.
     */
    static final int MAX_VECTOR_FEATURES = 64;

    /** One panel: the n×n Gram matrix, a one-column gap, then b as a column labelled "b". */
    public static JFreeChart panel(Instance inst) {
        int n = inst.bias().length;
        if (n > MAX_VECTOR_FEATURES) {
            return imagePanel(inst);
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        int cells = n * n + n;
        double[][] xyz = new double[3][cells];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++, k++) {
                xyz[0][k] = j;
                xyz[1][k] = i;
                xyz[2][k] = inst.gram()[i][j];
            }
        }
        for (int i = 0; i < n; i++, k++) {
            xyz[0][k] = n + 1;
            xyz[1][k] = i;
            xyz[2][k] = inst.bias()[i];
        }
        data.addSeries("W Wᵀ | b", xyz);
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(scale());
        XYPlot plot = new XYPlot(data, new BiasColumnAxis(n), axis("feature", n), renderer);
        return styled(inst, plot);
    }

    /** A panel's chart: features down the rows, no grid or outline, on white. */
    private static JFreeChart styled(Instance inst, XYPlot plot) {
        plot.getRangeAxis().setInverted(true);
        plot.setOutlineVisible(false);
        JFreeChart chart = ChartStyle.chart(inst.title(), plot, true);
        // after ChartStyle.chart, which styles the gridlines every other XY figure shows
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** As {@link #panel}, with the cells as one image filling the plot area (same axes, same colours). */
    private static JFreeChart imagePanel(Instance inst) {
        int n = inst.bias().length;
        // each cell a square of px pixels, so viewers that smooth a scaled image blur only cell edges
        int px = Math.max(1, Math.min(8, 1200 / (n + 2)));
        BufferedImage img = new BufferedImage((n + 2) * px, n * px, BufferedImage.TYPE_INT_RGB);
        PaintScale scale = scale();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n + 2; j++) {
                Color c = j < n
                        ? (Color) scale.getPaint(inst.gram()[i][j])
                        : j == n ? Color.WHITE : (Color) scale.getPaint(inst.bias()[i]);
                for (int dy = 0; dy < px; dy++) {
                    for (int dx = 0; dx < px; dx++) {
                        img.setRGB(j * px + dx, i * px + dy, c.getRGB());
                    }
                }
            }
        }
        XYPlot plot =
                new XYPlot(new DefaultXYZDataset(), new BiasColumnAxis(n), axis("feature", n), new XYBlockRenderer());
        JFreeChart chart = styled(inst, plot);
        // the background image fills the data area, whose axes span exactly the n + 2 columns and n rows
        plot.setBackgroundImage(img);
        plot.setBackgroundImageAlignment(org.jfree.chart.ui.Align.FIT);
        plot.setBackgroundImageAlpha(1f);
        return chart;
    }

    static PaintScale scale() {
        return Colormaps.paintScale(Colormaps::coolwarm, -1, 1);
    }

    /**
     * Feature axis for the Gram columns 0 … n−1 plus the bias column at n+1: keeps the usual
     * integer ticks inside the matrix and adds one tick labelled "b" under the bias column.
     */
    private static final class BiasColumnAxis extends NumberAxis {
        private static final long serialVersionUID = 1L;
        private final int n;

        BiasColumnAxis(int n) {
            super("feature");
            this.n = n;
            setRange(-0.5, n + 1.5);
            setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            setAxisLineVisible(false);
        }

        @Override
        @SuppressWarnings("rawtypes")
        public List refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
            List<Tick> ticks = new ArrayList<>();
            for (Object t : super.refreshTicks(g2, state, dataArea, edge)) {
                if (((ValueTick) t).getValue() <= n - 1 + 1e-9) {
                    ticks.add((Tick) t);
                }
            }
            ticks.add(new NumberTick(n + 1.0, "b", TextAnchor.TOP_CENTER, TextAnchor.CENTER, 0));
            return ticks;
        }
    }

    /** Axis spanning cell centres 0 … cells−1, with integer ticks only. */
    private static NumberAxis axis(String label, int cells) {
        NumberAxis axis = new NumberAxis(label);
        axis.setRange(-0.5, cells - 0.5);
        axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        axis.setAxisLineVisible(false);
        return axis;
    }
}
