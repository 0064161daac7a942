package io.github.superpose.io;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes Hugging Face safetensors files: a u64 little-endian header length N, N bytes
 * of JSON header, then the tensors' little-endian C-order bytes.
 *
 * <p>Reading validates the header completely against the real file size before any tensor is
 * touched; every problem is a one-line {@link FormatException} naming the file. Writing is
 * deterministic (names sorted) and atomic.
 *
 * <p>Usage: {@code try (SafetensorsFile f = Safetensors.read(Path.of("model.safetensors"))) {...}}
 */
public final class Safetensors {
    /** The reference implementation's limit on the header size. */
    public static final long MAX_HEADER_BYTES = 100_000_000;

    private Safetensors() {}

    /** Opens and validates {@code path}; close the result to release the file. */
    public static SafetensorsFile read(Path path) throws IOException {
        String src = path.toString();
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            long size = ch.size();
            if (size < 8) {
                throw new FormatException(
                        src, "file has " + size + " bytes, shorter than the 8-byte" + " header length");
            }
            long n = readFully(ch, 0, 8, src).order(ByteOrder.LITTLE_ENDIAN).getLong();
            // n is unsigned in the file; a negative long is a claim above 2^63, far over the limit.
            if (n < 0 || n > MAX_HEADER_BYTES) {
                throw new FormatException(
                        src,
                        "header length " + Long.toUnsignedString(n) + " exceeds the limit of " + MAX_HEADER_BYTES
                                + " bytes");
            }
            if (n > size - 8) {
                throw new FormatException(
                        src,
                        "header length " + n + " is larger than the " + (size - 8) + " bytes after the length field");
            }
            byte[] json = readFully(ch, 8, (int) n, src).array();
            SafetensorsHeader header = SafetensorsHeader.parse(json, size - 8 - n, src);
            return new SafetensorsFile(src, ch, 8 + n, header);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static ByteBuffer readFully(FileChannel ch, long pos, int len, String src) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(len);
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) {
                throw new FormatException(src, "file ends early while reading the header");
            }
        }
        return b.flip();
    }

    /**
     * Writes {@code tensors} in their own dtypes (f4→F32, f2→F16, f8→F64, i4→I32, i8→I64,
     * u1→U8, b1→BOOL). Usage: {@code Safetensors.write(p, Map.of("W", w), Map.of());}
     */
    public static void write(Path path, Map<String, NdArray> tensors, Map<String, String> metadata) throws IOException {
        write(path, tensors, metadata, null);
    }

    /** Writes with every floating tensor stored as BF16 (rounded to nearest even). */
    public static void writeBf16(Path path, Map<String, NdArray> tensors, Map<String, String> metadata)
            throws IOException {
        write(path, tensors, metadata, "BF16");
    }

    /**
     * Writes with floating tensors stored as {@code floatDtype} ("F32", "F16", "BF16", "F64", or
     * null to keep each tensor's dtype); integer and bool tensors keep theirs. Names are sorted.
     * Usage: {@code Safetensors.write(p, tensors, Map.of("format", "pt"), "F16");}
     */
    public static void write(Path path, Map<String, NdArray> tensors, Map<String, String> metadata, String floatDtype)
            throws IOException {
        if (floatDtype != null && !List.of("F32", "F16", "BF16", "F64").contains(floatDtype)) {
            throw new IllegalArgumentException("floatDtype must be F32, F16, BF16, F64 or null, got " + floatDtype);
        }
        ObjectNode root = SafetensorsHeader.JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = root.putObject(SafetensorsHeader.METADATA_KEY);
            new TreeMap<>(metadata).forEach(meta::put);
        }
        List<byte[]> blobs = layOut(root, tensors, floatDtype);
        byte[] header = paddedHeader(root);
        AtomicFiles.writeAtomically(path, out -> {
            out.write(ByteBuffer.allocate(8)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(header.length)
                    .array());
            out.write(header);
            for (byte[] b : blobs) {
                out.write(b);
            }
        });
    }

    // Adds one header entry per tensor in name order and returns their bytes in the same order.
    private static List<byte[]> layOut(ObjectNode root, Map<String, NdArray> tensors, String floatDtype) {
        List<byte[]> blobs = new ArrayList<>();
        long offset = 0;
        for (Map.Entry<String, NdArray> e : new TreeMap<>(tensors).entrySet()) {
            if (e.getKey().equals(SafetensorsHeader.METADATA_KEY)) {
                throw new IllegalArgumentException("'__metadata__' is reserved and cannot name a tensor");
            }
            NdArray a = e.getValue();
            String dtype = a.type().floating && floatDtype != null ? floatDtype : a.type().safetensorsName;
            byte[] bytes = encode(a, dtype);
            ObjectNode t = root.putObject(e.getKey());
            t.put("dtype", dtype);
            ArrayNode shape = t.putArray("shape");
            for (long d : a.shape()) {
                shape.add(d);
            }
            t.putArray("data_offsets").add(offset).add(offset + bytes.length);
            offset += bytes.length;
            blobs.add(bytes);
        }
        return blobs;
    }

    private static byte[] encode(NdArray a, String dtype) {
        switch (dtype) {
            case "F32":
                return a.astype("f4").rawBytes();
            case "F16":
                return a.astype("f2").rawBytes();
            case "F64":
                return a.astype("f8").rawBytes();
            case "BF16":
                float[] v = a.toFloats();
                ByteBuffer b = ByteBuffer.allocate(2 * v.length).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < v.length; i++) {
                    b.putShort(2 * i, Half.floatToBf16(v[i]));
                }
                return b.array();
            default:
                return a.rawBytes();
        }
    }

    // The spec allows trailing spaces; padding to 8 keeps the data buffer 8-byte aligned.
    private static byte[] paddedHeader(ObjectNode root) throws IOException {
        byte[] json = SafetensorsHeader.JSON.writeValueAsBytes(root);
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = new byte[padded];
        System.arraycopy(json, 0, out, 0, json.length);
        for (int i = json.length; i < padded; i++) {
            out[i] = ' ';
        }
        return out;
    }
}
