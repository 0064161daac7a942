package io.github.superpose.plots;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/**
 * An axis over log₁₀ of the data, labelled in the original units at 1-2-5 steps of each decade
 * (0.01, 0.02, 0.05, 0.1, …). Used where cells must be drawn with one width in log units (the
 * block renderer cannot size cells on a true log axis); data must be passed as log₁₀ values.
 */
final class Log10Axis extends NumberAxis {
    private static final long serialVersionUID = 1L;

    private static final double[] STEPS = {1, 2, 5};

    private Log10Axis(String label) {
        super(label);
    }

    /** An axis covering {@code values} (original units) with half a cell of margin each side. */
    static Log10Axis of(String label, double[] values) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            lo = Math.min(lo, Math.log10(v));
            hi = Math.max(hi, Math.log10(v));
        }
        double half = values.length < 2 ? 0.5 : (hi - lo) / (values.length - 1) / 2;
        Log10Axis axis = new Log10Axis(label);
        axis.setRange(lo - half, hi + half);
        return axis;
    }

    /** An axis from {@code lo} to {@code hi} (original units, > 0) with 5% margin in log space. */
    static Log10Axis covering(String label, double lo, double hi) {
        double a = Math.log10(lo);
        double b = Math.log10(hi);
        double margin = Math.max(0.05 * (b - a), 0.05);
        Log10Axis axis = new Log10Axis(label);
        axis.setRange(a - margin, b + margin);
        return axis;
    }

    /** An axis from {@code logLo} to {@code logHi}, given in log₁₀ units, with no margin (cell edges, colour bars). */
    static Log10Axis spanning(String label, double logLo, double logHi) {
        Log10Axis axis = new Log10Axis(label);
        axis.setRange(logLo, logHi);
        return axis;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public List refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
        boolean horizontal = RectangleEdge.isTopOrBottom(edge);
        TextAnchor anchor = horizontal ? TextAnchor.TOP_CENTER : TextAnchor.CENTER_RIGHT;
        // only decades on long ranges, 1-2-5 on short ones, every integer on very short ones
        double[][] tiers = getUpperBound() - getLowerBound() > 2.5
                ? new double[][] {{1}}
                : new double[][] {STEPS, {1, 2, 3, 4, 5, 6, 7, 8, 9}};
        for (double[] steps : tiers) {
            List<NumberTick> ticks = ticks(steps, anchor);
            if (ticks.size() >= 3) {
                return ticks;
            }
        }
        // a sliver of a decade: evenly spaced ticks in log space, labelled in original units
        List<NumberTick> ticks = new ArrayList<>();
        for (Object t : super.refreshTicks(g2, state, dataArea, edge)) {
            double v = ((NumberTick) t).getValue();
            ticks.add(new NumberTick(v, label(Math.pow(10, v)), anchor, TextAnchor.CENTER, 0));
        }
        return ticks;
    }

    private List<NumberTick> ticks(double[] steps, TextAnchor anchor) {
        List<NumberTick> ticks = new ArrayList<>();
        for (int decade = (int) Math.floor(getLowerBound()); decade <= Math.ceil(getUpperBound()); decade++) {
            for (double step : steps) {
                double v = decade + Math.log10(step);
                if (v >= getLowerBound() && v <= getUpperBound()) {
                    ticks.add(new NumberTick(v, label(Math.pow(10, v)), anchor, TextAnchor.CENTER, 0));
                }
            }
        }
        return ticks;
    }

    static String label(double value) {
        if (value >= 1e5 || value < 1e-4) {
            return new DecimalFormat("0.#E0").format(value);
        }
        return new DecimalFormat(value >= 10 ? "0" : "0.####").format(value);
    }
}
