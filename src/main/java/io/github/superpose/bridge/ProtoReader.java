package io.github.superpose.bridge;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A protobuf wire-format cursor over one message's bytes: enough to walk ONNX's ModelProto without
 * generated classes. Each call to {@link #next()} reads one field key; the caller then reads the
 * value with the method matching the wire type, or calls {@link #skip()}.
 *
 * <pre>
 * ProtoReader r = new ProtoReader(buf, 0, buf.length);
 * while (r.next()) { if (r.field() == 7) graph = r.message(); else r.skip(); }
 * </pre>
 */
final class ProtoReader {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LEN = 2;
    static final int FIXED32 = 5;

    private final byte[] buf;
    private int pos;
    private final int end;
    private int field;
    private int wireType;

    ProtoReader(byte[] buf, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > buf.length) {
            throw new IllegalArgumentException("message range [" + offset + ", " + (offset + length)
                    + ") outside buffer of " + buf.length + " bytes");
        }
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
    }

    /** Advances to the next field key; false at the end of the message. */
    boolean next() {
        if (pos >= end) {
            return false;
        }
        long key = varint();
        field = (int) (key >>> 3);
        wireType = (int) (key & 7);
        return true;
    }

    int field() {
        return field;
    }

    int wireType() {
        return wireType;
    }

    long varint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw new IllegalStateException("truncated varint at byte " + pos);
            }
            byte b = buf[pos++];
            result |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw new IllegalStateException("varint longer than 10 bytes at byte " + pos);
    }

    /** The value of a length-delimited field as a sub-reader (a nested message or packed array). */
    ProtoReader message() {
        int len = length();
        ProtoReader sub = new ProtoReader(buf, pos, len);
        pos += len;
        return sub;
    }

    String string() {
        int len = length();
        String s = new String(buf, pos, len, java.nio.charset.StandardCharsets.UTF_8);
        pos += len;
        return s;
    }

    /** A little-endian view of a length-delimited field's bytes (raw_data), no copy. */
    ByteBuffer bytes() {
        int len = length();
        ByteBuffer b = ByteBuffer.wrap(buf, pos, len).slice().order(ByteOrder.LITTLE_ENDIAN);
        pos += len;
        return b;
    }

    float fixed32Float() {
        float f = ByteBuffer.wrap(buf, pos, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
        pos += 4;
        return f;
    }

    boolean atEnd() {
        return pos >= end;
    }

    void skip() {
        switch (wireType) {
            case VARINT -> varint();
            case FIXED64 -> pos += 8;
            case LEN -> {
                int len = length(); // not "pos += length()": that reads pos before length() advances it
                pos += len;
            }
            case FIXED32 -> pos += 4;
            default ->
                throw new IllegalStateException(
                        "unsupported wire type " + wireType + " for field " + field + " at byte " + pos);
        }
        if (pos > end) {
            throw new IllegalStateException("field " + field + " runs past the end of its message");
        }
    }

    private int length() {
        long len = varint();
        if (len < 0 || pos + len > end) {
            throw new IllegalStateException(
                    "field " + field + " of length " + len + " runs past the end of its message");
        }
        return (int) len;
    }
}
