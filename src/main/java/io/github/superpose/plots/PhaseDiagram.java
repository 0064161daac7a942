package io.github.superpose.plots;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Phase diagram of the extra feature (paper §4.4): one cell per (relative importance r,
 * density 1 − S), coloured by phase, with the theoretical boundary drawn over it. Both axes are
 * logarithmic; the grids must be log-spaced, since cells are drawn with one width in log₁₀ units.
 *
 * <p>Shapes: {@code r[nR]}, {@code density[nP]}, {@code phase[nP][nR]} (row = density), codes
 * {@link #NOT_LEARNED}, {@link #DEDICATED}, {@link #SUPERPOSITION}; each boundary segment is
 * {@code double[points][2]} of (r, p).
 *
 * <p>Usage: {@code PhaseDiagram.of("n=2, m=1", r, p, phase, List.of(curve))}.
 */
public final class PhaseDiagram {

    public static final int NOT_LEARNED = 0;
    public static final int DEDICATED = 1;
    public static final int SUPERPOSITION = 2;
    static final String DEFAULT_R_LABEL = "relative importance r of the extra feature";
    static final String[] LABELS = {"not learned", "dedicated", "superposition"};
    static final Color[] COLOURS = {
        new Color(215, 215, 215), new Color(70, 130, 200), new Color(220, 90, 60),
    };

    private PhaseDiagram() {}

    /** Phases given as labels "not learned", "dedicated" or "superposition". */
    public static ChartFigure ofLabels(
            String title, double[] r, double[] density, String[][] phase, List<double[][]> boundary) {
        int[][] codes = new int[phase.length][];
        for (int i = 0; i < phase.length; i++) {
            codes[i] = new int[phase[i].length];
            for (int j = 0; j < phase[i].length; j++) {
                codes[i][j] = code(phase[i][j]);
            }
        }
        return of(title, r, density, codes, boundary);
    }

    /** Phases given as int codes 0, 1, 2, with the default r axis label. */
    public static ChartFigure of(String title, double[] r, double[] density, int[][] phase, List<double[][]> boundary) {
        return of(title, DEFAULT_R_LABEL, r, density, phase, boundary);
    }

    /**
     * Phases given as int codes 0, 1, 2; {@code rLabel} names the r axis (say what r multiplies).
     * An empty {@code boundary} list draws no line and leaves the theory out of the legend.
     */
    public static ChartFigure of(
            String title, String rLabel, double[] r, double[] density, int[][] phase, List<double[][]> boundary) {
        checkShape(r, density, phase);
        XYBlockRenderer cells = new XYBlockRenderer();
        cells.setBlockWidth(logStep(r));
        cells.setBlockHeight(logStep(density));
        LookupPaintScale scale = new LookupPaintScale(-0.5, 2.5, Color.WHITE);
        for (int c = 0; c < 3; c++) {
            scale.add(c - 0.5, COLOURS[c]);
        }
        cells.setPaintScale(scale);
        NumberAxis x = Log10Axis.of(rLabel, r);
        NumberAxis y = Log10Axis.of("density (1 − S)", density);
        XYPlot plot = new XYPlot(cellData(r, density, phase), x, y, cells);
        plot.setDataset(1, boundaryData(boundary));
        XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, false);
        line.setDefaultPaint(Color.BLACK);
        line.setAutoPopulateSeriesPaint(false);
        line.setDefaultStroke(new BasicStroke(2.5f));
        line.setAutoPopulateSeriesStroke(false);
        plot.setRenderer(1, line);
        plot.setDatasetRenderingOrder(org.jfree.chart.plot.DatasetRenderingOrder.FORWARD);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        JFreeChart chart = ChartStyle.chart(title, plot, false);
        boolean theory = !boundary.isEmpty();
        chart.addSubtitle(ChartStyle.legend(new LegendTitle(() -> legendItems(theory)), RectangleEdge.BOTTOM));
        return new ChartFigure(title, chart, 720, 640);
    }

    static int code(String label) {
        for (int c = 0; c < LABELS.length; c++) {
            if (LABELS[c].equalsIgnoreCase(label.trim())) {
                return c;
            }
        }
        throw new IllegalArgumentException(
                "unknown phase label '" + label + "', expected one of " + String.join(", ", LABELS));
    }

    private static LegendItemCollection legendItems(boolean theory) {
        LegendItemCollection items = new LegendItemCollection();
        for (int c = 0; c < 3; c++) {
            items.add(new LegendItem(LABELS[c], COLOURS[c]));
        }
        if (theory) {
            items.add(new LegendItem(
                    "theoretical boundary",
                    "",
                    "",
                    "",
                    new java.awt.geom.Line2D.Double(-8, 0, 8, 0),
                    new BasicStroke(2.5f),
                    Color.BLACK));
        }
        return items;
    }

    private static DefaultXYZDataset cellData(double[] r, double[] density, int[][] phase) {
        double[][] xyz = new double[3][r.length * density.length];
        int k = 0;
        for (int i = 0; i < density.length; i++) {
            for (int j = 0; j < r.length; j++, k++) {
                xyz[0][k] = Math.log10(r[j]);
                xyz[1][k] = Math.log10(density[i]);
                xyz[2][k] = phase[i][j];
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("phase", xyz);
        return data;
    }

    private static XYSeriesCollection boundaryData(List<double[][]> boundary) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (int s = 0; s < boundary.size(); s++) {
            XYSeries series = new XYSeries("boundary " + s, false, true);
            for (double[] point : boundary.get(s)) {
                series.add(Math.log10(point[0]), Math.log10(point[1]));
            }
            data.addSeries(series);
        }
        return data;
    }

    private static double logStep(double[] values) {
        if (values.length < 2) {
            return 1.0;
        }
        return Math.abs(Math.log10(values[values.length - 1]) - Math.log10(values[0])) / (values.length - 1);
    }

    private static void checkShape(double[] r, double[] density, int[][] phase) {
        if (phase.length != density.length) {
            throw new IllegalArgumentException("phase diagram needs phase[" + density.length + "][" + r.length
                    + "] (density × r), got phase[" + phase.length + "][…]");
        }
        for (int[] row : phase) {
            if (row.length != r.length) {
                throw new IllegalArgumentException("phase diagram needs phase[" + density.length + "][" + r.length
                        + "], got a row of length " + row.length);
            }
            for (int c : row) {
                if (c < 0 || c > 2) {
                    throw new IllegalArgumentException("phase codes are 0, 1, 2, got " + c);
                }
            }
        }
        for (double v : concat(r, density)) {
            if (!(v > 0)) {
                throw new IllegalArgumentException(
                        "phase diagram axes are logarithmic; " + "r and density must be > 0, got " + v);
            }
        }
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
