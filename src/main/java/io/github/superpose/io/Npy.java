package io.github.superpose.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes numpy {@code .npy} files (format versions 1.0, 2.0 and 3.0).
 *
 * <p>Reading accepts little- and big-endian data and Fortran order, and always returns a
 * little-endian C-order {@link NdArray}. Writing produces exactly the bytes {@code numpy.save}
 * writes (version 1.0, {@code '<'}, C order, header padded to a multiple of 64).
 *
 * <p>Usage: {@code NdArray acts = Npy.read(Path.of("hook_post.npy"));}
 */
public final class Npy {
    /** numpy refuses headers above this size too (as a guard against hostile files). */
    static final int MAX_HEADER_BYTES = 100_000_000;

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;
    // numpy leaves room for the growth axis to reach this many digits, so files can be appended to.
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;

    private Npy() {}

    /** Reads an npy file. Usage: {@code NdArray a = Npy.read(path);} */
    public static NdArray read(Path path) throws IOException {
        long size = Files.size(path);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            return read(in, path.toString(), size, true);
        }
    }

    /**
     * Reads one npy array from {@code in}, which must end right after the data. {@code maxBytes}
     * bounds the stream's total length: header claims beyond it are refused before anything is
     * allocated. Usage: {@code Npy.read(in, "acts.npy", Files.size(p))}.
     */
    public static NdArray read(InputStream in, String sourceName, long maxBytes) throws IOException {
        return read(in, sourceName, maxBytes, false);
    }

    // `exact` says maxBytes is the true stream length, allowing a precise size mismatch message.
    static NdArray read(InputStream in, String src, long maxBytes, boolean exact) throws IOException {
        byte[] pre = in.readNBytes(8);
        if (pre.length < 8 || !startsWithMagic(pre)) {
            throw new FormatException(
                    src, "not an npy file: expected magic \\x93NUMPY followed by a" + " version in the first 8 bytes");
        }
        int major = pre[6];
        if ((major < 1 || major > 3) || pre[7] != 0) {
            throw new FormatException(
                    src,
                    "unsupported npy version " + (pre[6] & 0xFF) + "." + (pre[7] & 0xFF)
                            + "; expected 1.0, 2.0 or 3.0");
        }
        int lenBytes = major == 1 ? 2 : 4;
        long headerLen = readUnsigned(in, lenBytes, src);
        long consumed = 8 + lenBytes;
        if (headerLen > MAX_HEADER_BYTES) {
            throw new FormatException(
                    src, "header length " + headerLen + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
        }
        if (headerLen > maxBytes - consumed) {
            throw new FormatException(
                    src,
                    "header length " + headerLen + " is longer than the " + Math.max(0, maxBytes - consumed)
                            + " bytes left in the file");
        }
        byte[] header = in.readNBytes((int) headerLen);
        if (header.length != headerLen) {
            throw new FormatException(src, "file ends inside the " + headerLen + "-byte header");
        }
        NpyHeader h = NpyHeader.parse(decode(header, major, src), src);
        return readData(in, src, h, maxBytes - consumed - headerLen, exact);
    }

    private static NdArray readData(InputStream in, String src, NpyHeader h, long available, boolean exact)
            throws IOException {
        boolean bigEndian = h.descr.startsWith(">");
        Dtype d = dtypeOf(h.descr, src);
        long count;
        try {
            count = NdArray.elementCount(h.shape);
        } catch (IllegalArgumentException e) {
            throw new FormatException(src, e.getMessage());
        }
        long nbytes = count * d.itemSize;
        if (nbytes > NdArray.MAX_BYTES) {
            throw new FormatException(
                    src,
                    "data of " + nbytes + " bytes is too large for an" + " in-memory array (limit " + NdArray.MAX_BYTES
                            + ")");
        }
        if (nbytes > available || (exact && nbytes != available)) {
            throw new FormatException(
                    src,
                    "shape " + java.util.Arrays.toString(h.shape) + " of "
                            + d.code + " needs " + nbytes + " data bytes but the file has "
                            + (exact ? "" : "at most ") + available);
        }
        byte[] data = in.readNBytes((int) nbytes); // grows as bytes arrive, never trusts the claim
        if (data.length != nbytes) {
            throw new FormatException(src, "file ends after " + data.length + " of " + nbytes + " data bytes");
        }
        if (in.read() != -1) {
            throw new FormatException(src, "unexpected bytes after the " + nbytes + " data bytes");
        }
        if (bigEndian && d.itemSize > 1) {
            swapBytes(data, d.itemSize);
        }
        if (h.fortranOrder) {
            data = fortranToC(data, h.shape, d.itemSize);
        }
        return NdArray.wrap(d, h.shape, data);
    }

    /** Maps a descr such as {@code '<f4'}, {@code '>f8'} or {@code '|b1'} to a dtype. */
    static Dtype dtypeOf(String descr, String src) throws FormatException {
        String code = descr;
        // '|' means "byte order not applicable"; '=' means native, which is little-endian on every
        // platform numpy files realistically come from.
        if (!code.isEmpty() && "<>|=".indexOf(code.charAt(0)) >= 0) {
            code = code.substring(1);
        }
        if (code.startsWith("O")) {
            throw new FormatException(
                    src,
                    "object arrays (descr '" + descr + "', pickled Python"
                            + " objects) are not supported; save a numeric dtype");
        }
        Dtype d = Dtype.ofCode(code);
        if (d == null) {
            throw new FormatException(
                    src,
                    "unsupported dtype descr '" + descr + "'; expected one of " + Dtype.NUMPY_CODES
                            + " with byte order <, >, | or =");
        }
        return d;
    }

    private static boolean startsWithMagic(byte[] pre) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (pre[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static long readUnsigned(InputStream in, int n, String src) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new FormatException(src, "file ends inside the header length field");
        }
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        return v;
    }

    // Versions 1 and 2 are latin-1 (numpy's choice); version 3 exists to allow UTF-8 field names.
    private static String decode(byte[] header, int major, String src) throws FormatException {
        if (major < 3) {
            return new String(header, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(header))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new FormatException(src, "version 3.0 header is not valid UTF-8");
        }
    }

    private static void swapBytes(byte[] data, int item) {
        for (int base = 0; base < data.length; base += item) {
            for (int i = 0, j = item - 1; i < j; i++, j--) {
                byte t = data[base + i];
                data[base + i] = data[base + j];
                data[base + j] = t;
            }
        }
    }

    /** Reorders Fortran-order (first axis fastest) bytes into C order (last axis fastest). */
    static byte[] fortranToC(byte[] src, long[] shape, int item) {
        int rank = shape.length;
        int n = src.length / item;
        if (rank <= 1 || n == 0) {
            return src;
        }
        long[] fStride = new long[rank];
        fStride[0] = 1;
        for (int k = 1; k < rank; k++) {
            fStride[k] = fStride[k - 1] * shape[k - 1];
        }
        byte[] dst = new byte[src.length];
        long[] idx = new long[rank];
        long off = 0; // Fortran-order element offset of the C-order index `idx`
        for (int i = 0; i < n; i++) {
            System.arraycopy(src, (int) (off * item), dst, i * item, item);
            for (int k = rank - 1; k >= 0; k--) { // odometer step, last axis fastest
                idx[k]++;
                off += fStride[k];
                if (idx[k] < shape[k]) {
                    break;
                }
                off -= fStride[k] * shape[k];
                idx[k] = 0;
            }
        }
        return dst;
    }

    /** Writes {@code a} atomically. Usage: {@code Npy.write(Path.of("w.npy"), w);} */
    public static void write(Path path, NdArray a) throws IOException {
        AtomicFiles.writeAtomically(path, out -> write(out, a));
    }

    /** Writes {@code a} as npy bytes to {@code out} (not closed). */
    public static void write(OutputStream out, NdArray a) throws IOException {
        out.write(header(a));
        out.write(a.rawBytes());
    }

    /** The preamble and header numpy 1.24+ writes for {@code a}: magic, version, length, dict. */
    static byte[] header(NdArray a) {
        long[] shape = a.shape();
        StringBuilder dict = new StringBuilder("{'descr': '")
                .append(a.type().littleEndianDescr())
                .append("', 'fortran_order': False, 'shape': ")
                .append(shapeRepr(shape))
                .append(", }");
        if (shape.length > 0) {
            dict.append(" "
                    .repeat(Math.max(
                            0, GROWTH_AXIS_MAX_DIGITS - Long.toString(shape[0]).length())));
        }
        int hlen = dict.length() + 1; // + the final newline
        int major = 10 + hlen + pad(10 + hlen) <= 10 + 65535 ? 1 : 2;
        int prefix = major == 1 ? 10 : 12;
        int total = hlen + pad(prefix + hlen);
        ByteBuffer b = ByteBuffer.allocate(prefix + total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            b.putShort((short) total);
        } else {
            b.putInt(total);
        }
        b.put(dict.toString().getBytes(StandardCharsets.ISO_8859_1));
        b.put(" ".repeat(pad(prefix + hlen)).getBytes(StandardCharsets.ISO_8859_1))
                .put((byte) '\n');
        return b.array();
    }

    // numpy pads with 1..64 spaces (never 0): ARRAY_ALIGN - (len % ARRAY_ALIGN).
    private static int pad(int len) {
        return ALIGN - (len % ALIGN);
    }

    private static String shapeRepr(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)"; // Python's 1-tuple
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return sb.append(')').toString();
    }
}
