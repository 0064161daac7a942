package io.github.superpose.io;

import java.util.Arrays;

/**
 * One entry of a safetensors header: dtype name as in the file ({@code "F32"}, {@code "BF16"},
 * ...), shape, and the byte range {@code [begin, end)} relative to the start of the data buffer.
 *
 * <p>Usage: {@code long[] shape = file.info("h.0.mlp.c_fc.weight").shape();}
 */
public record TensorInfo(String name, String dtype, long[] shape, long begin, long end) {
    /** Copies {@code shape} so the record stays immutable. */
    public TensorInfo {
        shape = shape.clone();
    }

    /** A copy of the dims. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Bytes the tensor occupies in the file. */
    public long byteSize() {
        return end - begin;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo
                && ((TensorInfo) o).name.equals(name)
                && ((TensorInfo) o).dtype.equals(dtype)
                && Arrays.equals(((TensorInfo) o).shape, shape)
                && ((TensorInfo) o).begin == begin
                && ((TensorInfo) o).end == end;
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + dtype.hashCode()) * 31
                + Arrays.hashCode(shape)
                + Long.hashCode(begin * 31 + end);
    }

    @Override
    public String toString() {
        return name + " " + dtype + " " + Arrays.toString(shape) + " @[" + begin + ", " + end + ")";
    }
}
