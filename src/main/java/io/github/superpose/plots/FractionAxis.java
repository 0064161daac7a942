package io.github.superpose.plots;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/**
 * A right-hand range axis that labels the polytope fractions ("3/4 tetrahedron", …) outside the
 * data area, where labels cannot cover data. Labels closer than one line of text are pushed
 * apart (top to bottom) so that 2/5 and 3/8 stay readable; each label stays next to its line.
 */
final class FractionAxis extends NumberAxis {
    private static final long serialVersionUID = 1L;

    // charts are drawn, never serialized: the labels need not travel with a serialized axis
    private final transient List<Polytopes.Fraction> fractions;

    private FractionAxis(List<Polytopes.Fraction> fractions, double lower, double upper) {
        super(null);
        this.fractions = fractions;
        setRange(lower, upper);
        setTickMarksVisible(false);
        setAxisLineVisible(false);
        ChartStyle.axis(this);
        setTickLabelFont(ChartStyle.SMALL);
    }

    /**
     * Adds dashed reference lines at the fractions to {@code plot} and a right-hand axis naming
     * them; the plot's primary range axis must have a fixed range.
     */
    static void addTo(XYPlot plot, boolean extended) {
        List<Polytopes.Fraction> lines = Polytopes.lines(extended);
        for (Polytopes.Fraction f : lines) {
            plot.addRangeMarker(new ValueMarker(f.value(), f.colour(), ChartStyle.DASHED), Layer.BACKGROUND);
        }
        NumberAxis primary = (NumberAxis) plot.getRangeAxis();
        plot.setRangeAxis(1, new FractionAxis(lines, primary.getLowerBound(), primary.getUpperBound()));
        plot.setRangeAxisLocation(1, AxisLocation.BOTTOM_OR_RIGHT);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public List refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
        double lineHeight = g2.getFontMetrics(getTickLabelFont()).getHeight();
        List<Polytopes.Fraction> sorted = new ArrayList<>(fractions);
        sorted.sort((a, b) -> Double.compare(b.value(), a.value()));
        List<NumberTick> ticks = new ArrayList<>();
        double previousY = Double.NEGATIVE_INFINITY;
        for (Polytopes.Fraction f : sorted) {
            if (f.value() < getLowerBound() || f.value() > getUpperBound()) {
                continue;
            }
            double y = Math.max(valueToJava2D(f.value(), dataArea, edge), previousY + lineHeight);
            previousY = y;
            ticks.add(new NumberTick(
                    java2DToValue(y, dataArea, edge), f.label(), TextAnchor.CENTER_LEFT, TextAnchor.CENTER, 0));
        }
        return ticks;
    }
}
