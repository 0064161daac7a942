package io.github.superpose.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HalfTest {
    @Test
    void knownHalfValues() {
        assertEquals(1.0f, Half.toFloat((short) 0x3C00));
        assertEquals(-2.0f, Half.toFloat((short) 0xC000));
        assertEquals(65504f, Half.toFloat((short) 0x7BFF)); // largest finite half
        assertEquals(0x1p-24f, Half.toFloat((short) 0x0001)); // smallest subnormal
        assertEquals(0x1p-14f, Half.toFloat((short) 0x0400)); // smallest normal
        assertEquals(Float.POSITIVE_INFINITY, Half.toFloat((short) 0x7C00));
        assertEquals(Float.NEGATIVE_INFINITY, Half.toFloat((short) 0xFC00));
        assertTrue(Float.isNaN(Half.toFloat((short) 0x7E00)));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(Half.toFloat((short) 0x8000)));
    }

    @Test
    void knownBf16Values() {
        assertEquals(1.0f, Half.bf16ToFloat((short) 0x3F80));
        assertEquals(Float.NEGATIVE_INFINITY, Half.bf16ToFloat((short) 0xFF80));
        assertTrue(Float.isNaN(Half.bf16ToFloat((short) 0x7FC0)));
        assertEquals((short) 0x3F80, Half.floatToBf16(1.0f));
        // 1 + 2^-8 is exactly halfway between bf16 1.0 and 1.0078125: ties go to the even 0x3F80.
        assertEquals((short) 0x3F80, Half.floatToBf16(1f + 0x1p-8f));
        assertEquals((short) 0x3F81, Half.floatToBf16(1f + 0x1p-8f + 0x1p-20f));
        assertTrue(Float.isNaN(Half.bf16ToFloat(Half.floatToBf16(Float.NaN))));
    }

    @Test
    void everyHalfSurvivesARoundTrip() {
        for (int b = 0; b < 0x10000; b++) {
            int bits = b;
            float f = Half.toFloat((short) bits);
            short back = Half.fromFloat(f);
            if (Float.isNaN(f)) {
                assertTrue(Float.isNaN(Half.toFloat(back)), () -> Integer.toHexString(bits));
            } else {
                assertEquals((short) bits, back, () -> Integer.toHexString(bits));
            }
        }
    }

    @Test
    void halfNarrowingRoundsToNearestEven() {
        assertEquals((short) 0x7C00, Half.fromFloat(65520f)); // halfway to 2^16 rounds up to Inf
        assertEquals((short) 0x7BFF, Half.fromFloat(65519f));
        assertEquals((short) 0x0000, Half.fromFloat(0x1p-25f)); // tie between 0 and 2^-24: even 0
        assertEquals((short) 0x0001, Half.fromFloat(0x1.8p-25f));
        assertEquals((short) 0x0002, Half.fromFloat(0x1.8p-24f)); // tie 1.5 ulp -> even 2
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            float f = (float) (rnd.nextDouble(-70000, 70000) * Math.pow(2, -rnd.nextInt(30)));
            assertNearestEven(f, Half.fromFloat(f));
        }
    }

    @Test
    void bf16NarrowingRoundsToNearestEven() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int i = 0; i < 200_000; i++) {
            float f = Float.intBitsToFloat(rnd.nextInt() & 0x7F7FFFFF); // finite, non-negative
            short b = Half.floatToBf16(f);
            double got = asRounded(Half.bf16ToFloat(b), 0x1p128);
            double below = asRounded(Half.bf16ToFloat((short) (b - 1)), 0x1p128);
            double above = asRounded(Half.bf16ToFloat((short) (b + 1)), 0x1p128);
            double err = Math.abs(got - f);
            // Past Inf the next bit pattern is NaN, which is no candidate (NaN compares false).
            assertTrue(
                    (Double.isNaN(below) || err <= Math.abs(below - f))
                            && (Double.isNaN(above) || err <= Math.abs(above - f)),
                    () -> "bf16 of " + f);
        }
    }

    // IEEE rounding treats overflow as if the format continued: Inf stands for the next power of two.
    private static double asRounded(float v, double overflow) {
        return Float.isInfinite(v) ? Math.copySign(overflow, v) : v;
    }

    // The chosen half must be at least as close as its neighbours, and even on a tie.
    private static void assertNearestEven(float f, short h) {
        double got = asRounded(Half.toFloat(h), 65536);
        double err = Math.abs(got - f);
        for (int step : new int[] {-1, 1}) {
            short n = (short) (h + step);
            double other = asRounded(Half.toFloat(n), 65536);
            if (Float.isNaN((float) other) || Math.signum(other) * Math.signum(got) < 0) {
                continue;
            }
            double otherErr = Math.abs(other - f);
            assertTrue(err <= otherErr, () -> "half of " + f + " is " + got + ", but " + other + " is closer");
            if (err == otherErr) {
                assertEquals(0, h & 1, () -> "tie for " + f + " must round to even");
            }
        }
    }
}
