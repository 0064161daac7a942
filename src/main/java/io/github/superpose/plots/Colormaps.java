package io.github.superpose.plots;

import java.awt.Color;
import java.awt.Paint;
import java.util.function.DoubleFunction;
import org.jfree.chart.renderer.PaintScale;

/**
 * Colour maps interpolated linearly in sRGB between small tables of anchor colours.
 *
 * <ul>
 *   <li>{@link #viridis(double)}: t in [0, 1], dark purple to yellow (anchors are matplotlib's
 *       viridis sampled at nine evenly spaced points);</li>
 *   <li>{@link #coolwarm(double)}: v in [−1, 1], blue through near-white to red, for Gram
 *       matrices and biases;</li>
 *   <li>{@link #superposition(double)}: s in [0, 1], black (orthogonal) to yellow (s ≥ 1).</li>
 * </ul>
 * Inputs outside the range are clamped, so callers can pass raw values.
 *
 * <p>Usage: {@code Color c = Colormaps.coolwarm(gram[i][j]);}
 */
public final class Colormaps {

    private static final Color[] VIRIDIS = {
        new Color(0x440154), new Color(0x472D7B), new Color(0x3B528B),
        new Color(0x2C728E), new Color(0x21908C), new Color(0x27AD81),
        new Color(0x5DC863), new Color(0xAADC32), new Color(0xFDE725),
    };

    /** Five anchors at −1, −0.5, 0, 0.5, 1. */
    private static final Color[] COOLWARM = {
        new Color(40, 70, 180),
        new Color(130, 165, 240),
        new Color(248, 248, 248),
        new Color(240, 150, 120),
        new Color(180, 20, 40),
    };

    /** Three anchors at 0, 0.5, 1; luminance rises monotonically so grey-scale prints still read. */
    private static final Color[] SUPERPOSITION = {
        new Color(0, 0, 0), new Color(170, 95, 10), new Color(255, 230, 0),
    };

    private Colormaps() {}

    /** Viridis at {@code t}, clamped to [0, 1]. */
    public static Color viridis(double t) {
        return interpolate(VIRIDIS, t);
    }

    /** Diverging blue-white-red at {@code v}, clamped to [−1, 1]; 0 is near white. */
    public static Color coolwarm(double v) {
        return interpolate(COOLWARM, (v + 1) / 2);
    }

    /** Black (s = 0) to yellow (s ≥ 1). */
    public static Color superposition(double s) {
        return interpolate(SUPERPOSITION, s);
    }

    /**
     * Wraps a colour map as a JFreeChart {@link PaintScale} over [lower, upper], for block
     * renderers and colour-bar legends.
     */
    public static PaintScale paintScale(DoubleFunction<Color> map, double lower, double upper) {
        if (!(upper > lower)) {
            throw new IllegalArgumentException("paint scale needs lower < upper, got [" + lower + ", " + upper + "]");
        }
        return new MapPaintScale(map, lower, upper);
    }

    static Color interpolate(Color[] anchors, double t) {
        double x = Double.isNaN(t) ? 0 : Math.max(0, Math.min(1, t)) * (anchors.length - 1);
        int i = Math.min((int) Math.floor(x), anchors.length - 2);
        double f = x - i;
        Color a = anchors[i];
        Color b = anchors[i + 1];
        return new Color(
                mix(a.getRed(), b.getRed(), f), mix(a.getGreen(), b.getGreen(), f), mix(a.getBlue(), b.getBlue(), f));
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }

    private record MapPaintScale(DoubleFunction<Color> map, double lower, double upper) implements PaintScale {

        @Override
        public double getLowerBound() {
            return lower;
        }

        @Override
        public double getUpperBound() {
            return upper;
        }

        @Override
        public Paint getPaint(double value) {
            return map.apply(value);
        }
    }
}
