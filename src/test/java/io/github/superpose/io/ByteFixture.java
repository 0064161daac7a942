package io.github.superpose.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds test files byte by byte, so each fixture documents its own layout. */
final class ByteFixture {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static ByteFixture bytes() {
        return new ByteFixture();
    }

    ByteFixture u8(int... values) {
        for (int v : values) {
            out.write(v);
        }
        return this;
    }

    ByteFixture u16le(int v) {
        return u8(v & 0xFF, (v >>> 8) & 0xFF);
    }

    ByteFixture u32le(long v) {
        return put(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v));
    }

    ByteFixture u64le(long v) {
        return put(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v));
    }

    ByteFixture f32le(float... values) {
        for (float v : values) {
            put(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(v));
        }
        return this;
    }

    ByteFixture f64be(double... values) {
        for (double v : values) {
            put(ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putDouble(v));
        }
        return this;
    }

    ByteFixture ascii(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
        return this;
    }

    ByteFixture utf8(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** Spaces until the total length is a multiple of {@code align}, then a newline. */
    ByteFixture padNewline(int align) {
        while ((out.size() + 1) % align != 0) {
            out.write(' ');
        }
        out.write('\n');
        return this;
    }

    int size() {
        return out.size();
    }

    private ByteFixture put(ByteBuffer b) {
        out.writeBytes(b.array());
        return this;
    }

    byte[] build() {
        return out.toByteArray();
    }

    Path writeTo(Path file) throws IOException {
        return Files.write(file, build());
    }

    /**
     * An npy preamble for {@code dict}: magic, version, header length (2 bytes for v1, 4 for
     * v2/v3), then the dict padded with spaces and a newline to a multiple of 64.
     */
    static ByteFixture npy(int major, String dict) {
        int lenBytes = major == 1 ? 2 : 4;
        byte[] d = dict.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int prefix = 8 + lenBytes;
        int total = d.length + 1;
        while ((prefix + total) % 64 != 0) {
            total++;
        }
        ByteFixture f = bytes().u8(0x93).ascii("NUMPY").u8(major, 0);
        f = major == 1 ? f.u16le(total) : f.u32le(total);
        f.out.writeBytes(d);
        return f.padNewline(64);
    }
}
