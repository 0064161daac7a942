package io.github.superpose.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import org.junit.jupiter.api.Test;

class ColormapsTest {

    @Test
    void viridisHitsItsAnchors() {
        assertEquals(new Color(0x440154), Colormaps.viridis(0));
        assertEquals(new Color(0x21908C), Colormaps.viridis(0.5));
        assertEquals(new Color(0xFDE725), Colormaps.viridis(1));
        assertEquals(new Color(0x3B528B), Colormaps.viridis(0.25));
    }

    @Test
    void viridisClampsOutOfRangeInputs() {
        assertEquals(Colormaps.viridis(0), Colormaps.viridis(-3));
        assertEquals(Colormaps.viridis(1), Colormaps.viridis(7));
        assertEquals(Colormaps.viridis(0), Colormaps.viridis(Double.NaN));
    }

    @Test
    void viridisLuminanceRisesMonotonically() {
        double previous = -1;
        for (int k = 0; k <= 200; k++) {
            double lum = luminance(Colormaps.viridis(k / 200.0));
            assertTrue(lum > previous, "luminance fell at t=" + k / 200.0);
            previous = lum;
        }
    }

    @Test
    void coolwarmIsBlueWhiteRed() {
        Color zero = Colormaps.coolwarm(0);
        assertTrue(
                zero.getRed() > 235 && zero.getGreen() > 235 && zero.getBlue() > 235,
                "coolwarm(0) should be near white, got " + zero);
        Color neg = Colormaps.coolwarm(-1);
        assertTrue(neg.getBlue() > neg.getRed() + 80, "coolwarm(-1) should be blue, got " + neg);
        Color pos = Colormaps.coolwarm(1);
        assertTrue(pos.getRed() > pos.getBlue() + 80, "coolwarm(1) should be red, got " + pos);
        assertEquals(new Color(40, 70, 180), neg);
        assertEquals(new Color(180, 20, 40), pos);
        assertEquals(new Color(130, 165, 240), Colormaps.coolwarm(-0.5));
        assertEquals(neg, Colormaps.coolwarm(-5), "coolwarm clamps below −1");
    }

    @Test
    void superpositionRunsBlackToYellowAndSaturatesAtOne() {
        assertEquals(Color.BLACK, Colormaps.superposition(0));
        assertEquals(new Color(170, 95, 10), Colormaps.superposition(0.5));
        Color one = Colormaps.superposition(1);
        assertEquals(new Color(255, 230, 0), one);
        assertEquals(one, Colormaps.superposition(2.5), "s ≥ 1 is shown as yellow");
        double previous = -1;
        for (int k = 0; k <= 100; k++) {
            double lum = luminance(Colormaps.superposition(k / 100.0));
            assertTrue(lum >= previous, "superposition luminance fell at s=" + k / 100.0);
            previous = lum;
        }
    }

    @Test
    void paintScaleRejectsEmptyRange() {
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> Colormaps.paintScale(Colormaps::viridis, 1, 1));
        assertEquals(
                Colormaps.coolwarm(0.3),
                Colormaps.paintScale(Colormaps::coolwarm, -1, 1).getPaint(0.3));
    }

    /** Relative luminance (sRGB, linearised), as in WCAG. */
    static double luminance(Color c) {
        return 0.2126 * lin(c.getRed()) + 0.7152 * lin(c.getGreen()) + 0.0722 * lin(c.getBlue());
    }

    private static double lin(int channel) {
        double v = channel / 255.0;
        return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }
}
