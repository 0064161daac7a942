package io.github.superpose.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An immutable n-dimensional array as stored in npy, npz and safetensors files.
 *
 * <p>{@code dtype} is numpy's type code without byte order: one of f2, f4, f8, i4, i8, u1, b1.
 * Elements are held as little-endian bytes in C (row-major) order, so files are written without
 * conversion and f2 keeps its exact bits. Arrays live on the heap, so an array may hold at most
 * {@link Integer#MAX_VALUE} elements and at most {@link #MAX_BYTES} bytes.
 *
 * <p>Usage: {@code NdArray w = NdArray.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);}
 */
public final class NdArray {
    /** Largest byte size of an in-memory array: the largest Java byte array the JVM allows. */
    public static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    private final Dtype dtype;
    private final long[] shape;
    private final byte[] data;

    // Takes ownership of `data`; callers pass a fresh array.
    private NdArray(Dtype dtype, long[] shape, byte[] data) {
        this.dtype = dtype;
        this.shape = shape;
        this.data = data;
    }

    /** An f4 array; {@code shape} must match {@code data.length} (a scalar has no dims). */
    public static NdArray ofFloats(float[] data, long... shape) {
        ByteBuffer b = allocate(Dtype.F4, data.length, shape);
        b.asFloatBuffer().put(data);
        return new NdArray(Dtype.F4, shape.clone(), b.array());
    }

    /** An f8 array. Usage: {@code NdArray.ofDoubles(new double[] {0.5}, 1)}. */
    public static NdArray ofDoubles(double[] data, long... shape) {
        ByteBuffer b = allocate(Dtype.F8, data.length, shape);
        b.asDoubleBuffer().put(data);
        return new NdArray(Dtype.F8, shape.clone(), b.array());
    }

    /** An i4 array. Usage: {@code NdArray.ofInts(new int[] {1, 2}, 2)}. */
    public static NdArray ofInts(int[] data, long... shape) {
        ByteBuffer b = allocate(Dtype.I4, data.length, shape);
        b.asIntBuffer().put(data);
        return new NdArray(Dtype.I4, shape.clone(), b.array());
    }

    /** An i8 array, e.g. token ids. Usage: {@code NdArray.ofLongs(new long[] {50256}, 1)}. */
    public static NdArray ofLongs(long[] data, long... shape) {
        ByteBuffer b = allocate(Dtype.I8, data.length, shape);
        b.asLongBuffer().put(data);
        return new NdArray(Dtype.I8, shape.clone(), b.array());
    }

    /** A u1 array; bytes are read as unsigned 0..255. */
    public static NdArray ofBytes(byte[] data, long... shape) {
        allocate(Dtype.U1, data.length, shape);
        return new NdArray(Dtype.U1, shape.clone(), data.clone());
    }

    /** A b1 array, stored as one byte 0 or 1 per element as numpy does. */
    public static NdArray ofBools(boolean[] data, long... shape) {
        byte[] bytes = allocate(Dtype.B1, data.length, shape).array();
        for (int i = 0; i < data.length; i++) {
            bytes[i] = (byte) (data[i] ? 1 : 0);
        }
        return new NdArray(Dtype.B1, shape.clone(), bytes);
    }

    /**
     * An array from raw little-endian C-order bytes of the given dtype; the bytes are copied.
     * Usage: {@code NdArray.ofRaw("f2", new byte[] {0x00, 0x3C}, 1)} is [1.0] in half precision.
     */
    public static NdArray ofRaw(String dtype, byte[] littleEndian, long... shape) {
        Dtype d = Dtype.require(dtype);
        long n = elementCount(shape);
        if (n * d.itemSize != littleEndian.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " of " + d.code + " needs "
                    + n * d.itemSize + " bytes, got " + littleEndian.length);
        }
        return new NdArray(d, shape.clone(), littleEndian.clone());
    }

    // For readers that have just allocated `littleEndian` themselves: skips the defensive copy.
    static NdArray wrap(Dtype dtype, long[] shape, byte[] littleEndian) {
        return new NdArray(dtype, shape.clone(), littleEndian);
    }

    /**
     * The number of elements of {@code shape}, refusing negative dims and counts an in-memory
     * array cannot hold. Usage: {@code long n = NdArray.elementCount(2, 3);} gives 6.
     */
    public static long elementCount(long... shape) {
        long n = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative dim");
            }
            try {
                n = Math.multiplyExact(n, dim);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException(
                        "shape " + Arrays.toString(shape) + " has more elements than a long can count");
            }
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has " + n
                    + " elements, more than an in-memory array holds (" + Integer.MAX_VALUE + ")");
        }
        return n;
    }

    private static ByteBuffer allocate(Dtype d, int length, long[] shape) {
        long n = elementCount(shape);
        if (n != length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " has " + n + " elements but data has " + length);
        }
        if (n * d.itemSize > MAX_BYTES) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " of " + d.code + " needs "
                    + n * d.itemSize + " bytes, more than an in-memory array holds");
        }
        return ByteBuffer.allocate((int) n * d.itemSize).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** numpy's type code without byte order, e.g. {@code "f4"}. */
    public String dtype() {
        return dtype.code;
    }

    Dtype type() {
        return dtype;
    }

    /** The dims, outermost first; empty for a scalar. Returns a copy. */
    public long[] shape() {
        return shape.clone();
    }

    /** The number of dims. */
    public int rank() {
        return shape.length;
    }

    /** The number of elements (1 for a scalar). */
    public long size() {
        return data.length / dtype.itemSize;
    }

    /** Bytes per element. */
    public int itemSize() {
        return dtype.itemSize;
    }

    /** A copy of the elements as little-endian C-order bytes, exactly as files store them. */
    public byte[] toBytes() {
        return data.clone();
    }

    // Read-only little-endian view for writers, avoiding a copy of large tensors.
    ByteBuffer buffer() {
        return ByteBuffer.wrap(data).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    // The backing bytes without a copy, for writers; callers must not modify them.
    byte[] rawBytes() {
        return data;
    }

    /** The elements as floats, converting any dtype (f2 exactly, f8 and i8 with rounding). */
    public float[] toFloats() {
        return ElementConversions.toFloats(dtype, buffer(), (int) size());
    }

    /** The elements as doubles (exact for every dtype except large i8 values). */
    public double[] toDoubles() {
        return ElementConversions.toDoubles(dtype, buffer(), (int) size());
    }

    /** The elements as longs; floating values are truncated toward zero, as a cast would. */
    public long[] toLongs() {
        return ElementConversions.toLongs(dtype, buffer(), (int) size());
    }

    /**
     * This array converted to another dtype with the same shape. Float narrowing rounds to
     * nearest even. Usage: {@code NdArray half = weights.astype("f2");}
     */
    public NdArray astype(String target) {
        Dtype t = Dtype.require(target);
        if (t == dtype) {
            return this;
        }
        return new NdArray(t, shape, ElementConversions.convert(this, t));
    }

    /** Equal when dtype, shape and bytes are equal (so NaN payloads count, and -0.0 != 0.0). */
    @Override
    public boolean equals(Object o) {
        return o instanceof NdArray
                && ((NdArray) o).dtype == dtype
                && Arrays.equals(((NdArray) o).shape, shape)
                && Arrays.equals(((NdArray) o).data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "NdArray[" + dtype.code + " " + Arrays.toString(shape) + "]";
    }
}
