package io.github.superpose.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hand-built npy files, each laid out byte by byte in the test. */
class NpyFixtureTest {
    @TempDir
    Path dir;

    @Test
    void minimalV1Float32() throws IOException {
        // 0x93 'NUMPY' | major 1, minor 0 | u16 LE header length 118 | dict padded to byte 128 | data
        byte[] file = ByteFixture.bytes()
                .u8(0x93)
                .ascii("NUMPY")
                .u8(1, 0)
                .u16le(118)
                .ascii("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }")
                .padNewline(64)
                .f32le(1.5f, -2f, 0.25f)
                .build();
        assertEquals(128 + 12, file.length); // 10-byte preamble + 118-byte header, then 3 x 4 bytes
        NdArray a = Npy.read(new ByteArrayInputStream(file), "min.npy", file.length);
        assertEquals("f4", a.dtype());
        assertArrayEquals(new long[] {3}, a.shape());
        assertArrayEquals(new float[] {1.5f, -2f, 0.25f}, a.toFloats());
    }

    @Test
    void version2And3Headers() throws IOException {
        // v2: u32 header length; v3: same layout, UTF-8 header (double quotes are valid Python too)
        byte[] v2 = ByteFixture.npy(2, "{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }")
                .u64le(7)
                .u64le(-9)
                .build();
        byte[] v3 = ByteFixture.npy(3, "{\"descr\": \"<i4\", \"fortran_order\": False, \"shape\": ()}")
                .u32le(42)
                .build();
        assertArrayEquals(new long[] {7, -9}, read(v2, "v2.npy").toLongs());
        NdArray scalar = read(v3, "v3.npy");
        assertEquals(0, scalar.rank());
        assertArrayEquals(new long[] {42}, scalar.toLongs());
    }

    @Test
    void fortranOrder2x3IsReadAsCOrder() throws IOException {
        // Logical [[1,2,3],[4,5,6]] stored column by column: 1 4 2 5 3 6
        byte[] f = ByteFixture.npy(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }")
                .f32le(1, 4, 2, 5, 3, 6)
                .build();
        NdArray a = read(f, "fortran.npy");
        assertArrayEquals(new long[] {2, 3}, a.shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, a.toFloats());
    }

    @Test
    void bigEndianFloat64IsConverted() throws IOException {
        byte[] f = ByteFixture.npy(1, "{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }")
                .f64be(Math.PI, -1e300)
                .build();
        NdArray a = read(f, "be.npy");
        assertEquals("f8", a.dtype());
        assertArrayEquals(new double[] {Math.PI, -1e300}, a.toDoubles());
    }

    @Test
    void boolAndUint8() throws IOException {
        byte[] b = ByteFixture.npy(1, "{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }")
                .u8(1, 0, 1)
                .build();
        byte[] u = ByteFixture.npy(1, "{'descr': '|u1', 'fortran_order': False, 'shape': (2,), }")
                .u8(255, 7)
                .build();
        assertEquals(NdArray.ofBools(new boolean[] {true, false, true}, 3), read(b, "b.npy"));
        assertArrayEquals(new long[] {255, 7}, read(u, "u.npy").toLongs());
    }

    @Test
    void objectDtypeIsRefused() {
        byte[] f = ByteFixture.npy(1, "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }")
                .u8(0x80, 0x04, 0x95)
                .build(); // the start of a pickle, which must never be evaluated
        FormatException e = assertThrows(FormatException.class, () -> read(f, "obj.npy"));
        assertTrue(e.getMessage().startsWith("obj.npy: object arrays"), e.getMessage());
    }

    @Test
    void structuredAndUnknownDtypesAreRefused() {
        byte[] s = ByteFixture.npy(1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }")
                .f32le(1)
                .build();
        byte[] c = ByteFixture.npy(1, "{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }")
                .f32le(1, 2)
                .build();
        assertTrue(assertThrows(FormatException.class, () -> read(s, "s.npy"))
                .getMessage()
                .contains("structured"));
        assertTrue(assertThrows(FormatException.class, () -> read(c, "c.npy"))
                .getMessage()
                .contains("'<c8'"));
    }

    @Test
    void headerLongerThanFileIsRefused() throws IOException {
        // Claims a 60,000-byte header in a 40-byte file.
        Path p = ByteFixture.bytes()
                .u8(0x93)
                .ascii("NUMPY")
                .u8(1, 0)
                .u16le(60_000)
                .ascii("{'descr': '<f4', 'fortran_order': False, ")
                .writeTo(dir.resolve("short.npy"));
        FormatException e = assertThrows(FormatException.class, () -> Npy.read(p));
        assertTrue(e.getMessage().contains("short.npy") && e.getMessage().contains("60000"), e.getMessage());
    }

    @Test
    void hugeHeaderClaimIsRefusedWithoutReading() {
        // v2 header length 0xFFFFFFF0 (~4 GB) with a stream limit the claim cannot fit in.
        byte[] f = ByteFixture.bytes()
                .u8(0x93)
                .ascii("NUMPY")
                .u8(2, 0)
                .u32le(0xFFFFFFF0L)
                .build();
        FormatException e = assertThrows(FormatException.class, () -> read(f, "big.npy"));
        assertTrue(e.getMessage().contains("exceeds the limit"), e.getMessage());
    }

    @Test
    void dataSizeMismatchIsRefused() throws IOException {
        // shape (2, 3) of f4 needs 24 bytes; the file carries 20 and, in the second case, 28.
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
        Path shortData = ByteFixture.npy(1, dict).f32le(1, 2, 3, 4, 5).writeTo(dir.resolve("a.npy"));
        Path longData = ByteFixture.npy(1, dict).f32le(1, 2, 3, 4, 5, 6, 7).writeTo(dir.resolve("b.npy"));
        assertTrue(assertThrows(FormatException.class, () -> Npy.read(shortData))
                .getMessage()
                .contains("needs 24 data bytes but the file has 20"));
        assertTrue(assertThrows(FormatException.class, () -> Npy.read(longData))
                .getMessage()
                .contains("needs 24 data bytes but the file has 28"));
    }

    @Test
    void malformedHeadersAreRefused() {
        String[] bad = {
            "{'descr': '<f4', 'fortran_order': False, 'shape': (3), }", // (3) is an int
            "{'descr': '<f4', 'fortran_order': False, 'shape': (-3,), }",
            "{'descr': '<f4', 'fortran_order': False, }",
            "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (3,), }",
            "{'descr': '<f4', 'fortran_order': 0, 'shape': (3,), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), 'x': 1}",
            "__import__('os').system('true')",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), } trailing",
        };
        for (String dict : bad) {
            byte[] f = ByteFixture.npy(1, dict).f32le(1, 2, 3).build();
            assertThrows(FormatException.class, () -> read(f, "bad.npy"), dict);
        }
    }

    @Test
    void badMagicAndVersionAreRefused() {
        byte[] magic = ByteFixture.bytes().ascii("PK\3\4NUMPY").build();
        byte[] version =
                ByteFixture.bytes().u8(0x93).ascii("NUMPY").u8(4, 0).u16le(0).build();
        assertTrue(assertThrows(FormatException.class, () -> read(magic, "m.npy"))
                .getMessage()
                .contains("magic"));
        assertTrue(assertThrows(FormatException.class, () -> read(version, "v.npy"))
                .getMessage()
                .contains("version 4.0"));
    }

    private static NdArray read(byte[] file, String name) throws IOException {
        return Npy.read(new ByteArrayInputStream(file), name, file.length);
    }
}
