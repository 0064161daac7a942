package io.github.superpose.io;

/**
 * Conversions between float and the 16-bit formats IEEE binary16 ("f2", safetensors F16) and
 * bfloat16 (safetensors BF16).
 *
 * <p>Java 17 has no {@code Float.float16ToFloat} (added in Java 20), so the bit manipulation lives
 * here. Widening is exact; narrowing rounds to nearest, ties to even, as numpy and PyTorch do.
 *
 * <p>Usage: {@code float one = Half.toFloat((short) 0x3C00);}
 */
public final class Half {
    private Half() {}

    /** Widens IEEE binary16 bits to float exactly, including subnormals, infinities and NaN. */
    public static float toFloat(short bits) {
        int h = bits & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1F;
        int mant = h & 0x3FF;
        if (exp == 0) {
            // Subnormal or zero: value is mant * 2^-24, exactly representable as a float.
            float v = Math.scalb((float) mant, -24);
            return sign != 0 ? -v : v;
        }
        if (exp == 0x1F) {
            // Keep the NaN payload in the top mantissa bits so quiet NaNs stay quiet.
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        // Rebias the exponent from 15 to 127.
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /** Narrows a float to IEEE binary16 bits, rounding to nearest even; overflow gives infinity. */
    public static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xFF;
        int mant = bits & 0x7FFFFF;
        if (exp == 0xFF) {
            // Inf stays Inf; any NaN becomes a quiet NaN (0x200 set) so it cannot turn into Inf.
            return (short) (sign | 0x7C00 | (mant != 0 ? 0x200 | (mant >>> 13) : 0));
        }
        int e = exp - 127 + 15;
        if (e >= 0x1F) {
            return (short) (sign | 0x7C00);
        }
        if (e <= 0) {
            return (short) (sign | subnormal(mant | 0x800000, 14 - e));
        }
        int h = (e << 10) | (mant >>> 13);
        int rem = mant & 0x1FFF;
        // A carry out of the mantissa correctly bumps the exponent (up to Inf at the top).
        if (rem > 0x1000 || (rem == 0x1000 && (h & 1) == 1)) {
            h++;
        }
        return (short) (sign | h);
    }

    // Shifts a 24-bit significand right by `shift`, rounding to nearest even; shift >= 14.
    private static int subnormal(int significand, int shift) {
        if (shift > 24) {
            return 0; // below half the smallest subnormal (2^-25): rounds to zero
        }
        int h = significand >>> shift;
        int rem = significand & ((1 << shift) - 1);
        int halfway = 1 << (shift - 1);
        if (rem > halfway || (rem == halfway && (h & 1) == 1)) {
            h++;
        }
        return h;
    }

    /** Widens bfloat16 bits to float exactly: they are the upper half of a float32. */
    public static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** Narrows a float to bfloat16 bits, rounding to nearest even; NaN stays a quiet NaN. */
    public static short floatToBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if ((bits & 0x7FFFFFFF) > 0x7F800000) {
            return (short) ((bits >>> 16) | 0x0040);
        }
        int roundingBias = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + roundingBias) >>> 16);
    }
}
