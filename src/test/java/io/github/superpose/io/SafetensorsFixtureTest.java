package io.github.superpose.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hand-built safetensors files: u64 LE header length, JSON header, data buffer. */
class SafetensorsFixtureTest {
    @TempDir
    Path dir;

    @Test
    void paddedHeaderWithMetadataAndHalfFloats() throws IOException {
        // F16 [5]: 1.0, 2^-24 (smallest subnormal), +Inf, NaN, -2.0; BF16 [2]: 1.0, -Inf.
        String json = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"h\":{\"dtype\":\"F16\",\"shape\":[5],\"data_offsets\":[0,10]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[10,14]}}";
        Path p = file(
                "ok.safetensors",
                json,
                8,
                0x00,
                0x3C,
                0x01,
                0x00,
                0x00,
                0x7C,
                0x00,
                0x7E,
                0x00,
                0xC0, // F16, little-endian
                0x80,
                0x3F,
                0x80,
                0xFF); // BF16 0x3F80, 0xFF80
        try (SafetensorsFile f = Safetensors.read(p)) {
            assertEquals(List.of("h", "b"), f.names());
            assertEquals(Map.of("format", "pt"), f.metadata());
            float[] h = f.floats("h");
            assertEquals(1.0f, h[0]);
            assertEquals(0x1p-24f, h[1]);
            assertEquals(Float.POSITIVE_INFINITY, h[2]);
            assertTrue(Float.isNaN(h[3]));
            assertEquals(-2.0f, h[4]);
            assertArrayEquals(new float[] {1.0f, Float.NEGATIVE_INFINITY}, f.floats("b"));
            assertEquals("f2", f.get("h").dtype()); // F16 keeps its bits
            assertEquals("f4", f.get("b").dtype()); // numpy has no bfloat16
            assertArrayEquals(new long[] {5}, f.info("h").shape());
            assertEquals(10, f.info("b").begin());
        }
    }

    @Test
    void scalarsEmptyTensorsAndIntegers() throws IOException {
        String json = "{\"s\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]},"
                + "\"e\":{\"dtype\":\"F32\",\"shape\":[0,3],\"data_offsets\":[8,8]},"
                + "\"i\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
        Path p = file(
                "ints.safetensors", json, 1, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x00, 0x00, 0x00);
        try (SafetensorsFile f = Safetensors.read(p)) {
            assertArrayEquals(new long[] {-2}, f.get("s").toLongs());
            assertEquals(0, f.get("e").size());
            assertArrayEquals(new long[] {0, 3}, f.get("e").shape());
            assertArrayEquals(new float[] {7f}, f.floats("i"));
        }
    }

    @Test
    void fileShorterThanEightBytes() throws IOException {
        assertRefused(
                ByteFixture.bytes().u8(1, 2, 3).writeTo(dir.resolve("tiny.safetensors")), "shorter than the 8-byte");
    }

    @Test
    void headerLengthLargerThanFile() throws IOException {
        Path p = ByteFixture.bytes().u64le(500).ascii("{}").writeTo(dir.resolve("len.safetensors"));
        assertRefused(p, "larger than the 2 bytes");
    }

    @Test
    void hundredMegabyteHeaderClaimIsRefusedWithoutAllocating() throws IOException {
        // 2^62 would need an impossible allocation; 100,000,001 is one past the limit.
        for (long claim : new long[] {1L << 62, 100_000_001L, -1L}) {
            Path p = ByteFixture.bytes().u64le(claim).ascii("{}").writeTo(dir.resolve("huge.st"));
            assertRefused(p, "exceeds the limit");
        }
    }

    @Test
    void malformedHeaders() throws IOException {
        String f4 = "{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}";
        assertRefused(file("json.st", "{\"a\":", 1, 0, 0, 0, 0), "not valid JSON");
        assertRefused(file("arr.st", "[1,2]", 1), "starting with '{'");
        assertRefused(file("dup.st", "{\"a\":" + f4 + ",\"a\":" + f4 + "}", 1, 0, 0, 0, 0), "Duplicate field 'a'");
        assertRefused(
                file("dtype.st", "{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[1]," + "\"data_offsets\":[0,1]}}", 1, 0),
                "unknown or unsupported dtype 'F8_E4M3'");
        assertRefused(
                file("neg.st", "{\"a\":{\"dtype\":\"F32\",\"shape\":[-1]," + "\"data_offsets\":[0,4]}}", 1, 0, 0, 0, 0),
                "non-negative");
        assertRefused(
                file(
                        "range.st",
                        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1]," + "\"data_offsets\":[0,8]}}",
                        1,
                        0,
                        0,
                        0,
                        0),
                "begin <= end <= 4");
        assertRefused(
                file("size.st", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2]," + "\"data_offsets\":[0,4]}}", 1, 0, 0, 0, 0),
                "needs 8 bytes but data_offsets span 4");
        assertRefused(file("meta.st", "{\"__metadata__\":{\"k\":1}}", 1), "must be a string");
    }

    @Test
    void overlapsAndHolesAreRefused() throws IOException {
        String overlap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
        assertRefused(file("overlap.st", overlap, 1, new int[8]), "'a' and 'b' overlap");
        String hole = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
        assertRefused(file("hole.st", hole, 1, new int[8]), "bytes [0, 4) are not covered");
        String tail = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        assertRefused(file("tail.st", tail, 1, new int[6]), "bytes [4, 6) at the end");
    }

    private void assertRefused(Path p, String expected) {
        FormatException e =
                assertThrows(FormatException.class, () -> Safetensors.read(p).close());
        String name = p.getFileName().toString();
        assertTrue(
                e.getMessage().contains(name) && e.getMessage().contains(expected),
                () -> "message '" + e.getMessage() + "' should name " + name + " and say " + expected);
        assertEquals(-1, e.getMessage().indexOf('\n'));
    }

    // u64 LE length | JSON padded with spaces to a multiple of `align` | data bytes
    private Path file(String name, String json, int align, int... data) throws IOException {
        byte[] j = json.getBytes(StandardCharsets.UTF_8);
        int padded = (j.length + align - 1) / align * align;
        ByteFixture f = ByteFixture.bytes().u64le(padded).utf8(json);
        for (int i = j.length; i < padded; i++) {
            f.u8(' ');
        }
        return f.u8(data).writeTo(dir.resolve(name));
    }
}
