package io.github.superpose.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Element-wise conversions between dtypes, shared by {@link NdArray} and the safetensors reader.
 *
 * <p>These are the hot loops of this package: one switch per array, then a tight loop per dtype.
 */
final class ElementConversions {
    private ElementConversions() {}

    /** Reads {@code n} elements of {@code d} from little-endian {@code b} as floats. */
    static float[] toFloats(Dtype d, ByteBuffer b, int n) {
        float[] out = new float[n];
        switch (d) {
            case F4:
                b.asFloatBuffer().get(out);
                break;
            case F2:
                for (int i = 0; i < n; i++) {
                    out[i] = Half.toFloat(b.getShort(2 * i));
                }
                break;
            case U1:
                for (int i = 0; i < n; i++) {
                    out[i] = b.get(i) & 0xFF;
                }
                break;
            case B1:
                for (int i = 0; i < n; i++) {
                    out[i] = b.get(i) != 0 ? 1f : 0f;
                }
                break;
            default:
                double[] wide = toDoubles(d, b, n);
                for (int i = 0; i < n; i++) {
                    out[i] = (float) wide[i];
                }
        }
        return out;
    }

    /** Reads {@code n} elements of {@code d} as doubles. */
    static double[] toDoubles(Dtype d, ByteBuffer b, int n) {
        double[] out = new double[n];
        switch (d) {
            case F8:
                b.asDoubleBuffer().get(out);
                break;
            case I4:
                for (int i = 0; i < n; i++) {
                    out[i] = b.getInt(4 * i);
                }
                break;
            case I8:
                for (int i = 0; i < n; i++) {
                    out[i] = b.getLong(8 * i);
                }
                break;
            default:
                float[] narrow = toFloats(d, b, n);
                for (int i = 0; i < n; i++) {
                    out[i] = narrow[i];
                }
        }
        return out;
    }

    /** Reads {@code n} elements as longs; floats are truncated toward zero like a Java cast. */
    static long[] toLongs(Dtype d, ByteBuffer b, int n) {
        long[] out = new long[n];
        switch (d) {
            case I8:
                b.asLongBuffer().get(out);
                break;
            case I4:
                for (int i = 0; i < n; i++) {
                    out[i] = b.getInt(4 * i);
                }
                break;
            case U1:
            case B1:
                float[] small = toFloats(d, b, n);
                for (int i = 0; i < n; i++) {
                    out[i] = (long) small[i];
                }
                break;
            default:
                double[] wide = toDoubles(d, b, n);
                for (int i = 0; i < n; i++) {
                    out[i] = (long) wide[i];
                }
        }
        return out;
    }

    /** The bytes of {@code a} converted to dtype {@code t}, little-endian. */
    static byte[] convert(NdArray a, Dtype t) {
        int n = (int) a.size();
        ByteBuffer out = ByteBuffer.allocate(n * t.itemSize).order(ByteOrder.LITTLE_ENDIAN);
        if (t == Dtype.F4 || t == Dtype.F2) {
            // f8 -> f2 goes through float; the double rounding this allows is below f2's resolution
            // except in rare ties, which we accept for a format without a direct double path.
            float[] v = a.toFloats();
            for (int i = 0; i < n; i++) {
                if (t == Dtype.F4) {
                    out.putFloat(4 * i, v[i]);
                } else {
                    out.putShort(2 * i, Half.fromFloat(v[i]));
                }
            }
        } else if (t == Dtype.F8 || t == Dtype.B1) {
            double[] v = a.toDoubles();
            for (int i = 0; i < n; i++) {
                if (t == Dtype.F8) {
                    out.putDouble(8 * i, v[i]);
                } else {
                    out.put(i, (byte) (v[i] != 0 ? 1 : 0)); // NaN is truthy, as in numpy
                }
            }
        } else {
            long[] v = a.toLongs();
            for (int i = 0; i < n; i++) {
                putInteger(out, t, i, v[i]);
            }
        }
        return out.array();
    }

    // Integer narrowing wraps around, matching numpy's astype without overflow checks.
    private static void putInteger(ByteBuffer out, Dtype t, int i, long v) {
        switch (t) {
            case I8:
                out.putLong(8 * i, v);
                break;
            case I4:
                out.putInt(4 * i, (int) v);
                break;
            default:
                out.put(i, (byte) v);
        }
    }
}
