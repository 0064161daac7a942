package io.github.superpose.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NdArrayTest {
    @Test
    void factoriesKeepShapeDtypeAndValues() {
        NdArray f = NdArray.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertEquals("f4", f.dtype());
        assertArrayEquals(new long[] {2, 3}, f.shape());
        assertEquals(6, f.size());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, f.toDoubles());
        assertArrayEquals(
                new long[] {-3, 5}, NdArray.ofInts(new int[] {-3, 5}, 2).toLongs());
        assertArrayEquals(
                new float[] {255f, 1f}, NdArray.ofBytes(new byte[] {-1, 1}, 2).toFloats());
        assertArrayEquals(
                new float[] {1f, 0f},
                NdArray.ofBools(new boolean[] {true, false}, 2).toFloats());
        assertArrayEquals(
                new long[] {Long.MIN_VALUE},
                NdArray.ofLongs(new long[] {Long.MIN_VALUE}, 1).toLongs());
        assertEquals(1, NdArray.ofDoubles(new double[] {2.5}).size()); // a scalar has shape ()
    }

    @Test
    void f2ConvertsThroughHalf() {
        NdArray h = NdArray.ofRaw("f2", new byte[] {0x00, 0x3C, 0x01, 0x00}, 2);
        assertArrayEquals(new float[] {1f, 0x1p-24f}, h.toFloats());
        assertEquals(h, NdArray.ofFloats(new float[] {1f, 0x1p-24f}, 2).astype("f2"));
    }

    @Test
    void isImmutable() {
        float[] data = {1, 2};
        long[] shape = {2};
        NdArray a = NdArray.ofFloats(data, shape);
        data[0] = 99;
        shape[0] = 7;
        a.shape()[0] = 5;
        a.toFloats()[1] = 42;
        assertEquals(NdArray.ofFloats(new float[] {1, 2}, 2), a);
    }

    @Test
    void refusesBadShapesWithClearMessages() {
        assertThrows(IllegalArgumentException.class, () -> NdArray.ofFloats(new float[3], 2, 2));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NdArray.elementCount(1L << 40, 1L << 40))
                .getMessage()
                .contains("long"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NdArray.elementCount(1L << 16, 1L << 16))
                .getMessage()
                .contains("in-memory"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NdArray.elementCount(3, -1))
                .getMessage()
                .contains("negative"));
        assertThrows(IllegalArgumentException.class, () -> NdArray.ofRaw("c8", new byte[8], 1));
    }

    @Test
    void astypeConvertsLikeNumpy() {
        NdArray a = NdArray.ofDoubles(new double[] {-1.7, 0, 2.9, Double.NaN}, 4);
        assertArrayEquals(new long[] {-1, 0, 2, 0}, a.astype("i8").toLongs());
        assertEquals(NdArray.ofBools(new boolean[] {true, false, true, true}, 4), a.astype("b1"));
        assertArrayEquals(
                new long[] {255}, NdArray.ofInts(new int[] {-1}, 1).astype("u1").toLongs());
    }

    @Test
    void equalityIsByDtypeShapeAndBytes() {
        NdArray a = NdArray.ofFloats(new float[] {1, 2}, 2);
        assertNotEquals(a, NdArray.ofFloats(new float[] {1, 2}, 1, 2));
        assertNotEquals(a, NdArray.ofInts(new int[] {1, 2}, 2));
        assertEquals(a.hashCode(), NdArray.ofFloats(new float[] {1, 2}, 2).hashCode());
    }
}
