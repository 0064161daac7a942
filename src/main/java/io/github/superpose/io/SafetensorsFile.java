package io.github.superpose.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * An open, validated safetensors file. Tensors are memory-mapped one at a time on request, so a
 * 500 MB checkpoint costs only the tensors actually read.
 *
 * <p>Usage: {@code try (SafetensorsFile f = Safetensors.read(p)) { float[] w = f.floats("W"); }}
 */
public final class SafetensorsFile implements AutoCloseable {
    private final String src;
    private final FileChannel channel;
    private final long dataStart;
    private final SafetensorsHeader header;

    SafetensorsFile(String src, FileChannel channel, long dataStart, SafetensorsHeader header) {
        this.src = src;
        this.channel = channel;
        this.dataStart = dataStart;
        this.header = header;
    }

    /** Tensor names in header order ({@code __metadata__} excluded). */
    public List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(header.tensors.keySet()));
    }

    /** The {@code __metadata__} string map; empty when the file has none. */
    public Map<String, String> metadata() {
        return Collections.unmodifiableMap(header.metadata);
    }

    /** Whether the file holds a tensor called {@code name}. */
    public boolean contains(String name) {
        return header.tensors.containsKey(name);
    }

    /** Dtype, shape and offsets of {@code name}. Usage: {@code f.info("wte.weight").shape()}. */
    public TensorInfo info(String name) {
        TensorInfo t = header.tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor '" + name + "' in " + src);
        }
        return t;
    }

    /**
     * The tensor as an {@link NdArray}: F32/F16/F64/I32/I64/U8/BOOL keep their type, BF16 (which
     * numpy lacks) is widened exactly to f4. Usage: {@code NdArray w = f.get("W_in");}
     */
    public NdArray get(String name) throws IOException {
        TensorInfo t = info(name);
        ByteBuffer b = map(t);
        if (t.dtype().equals("BF16")) {
            float[] v = bf16(b, (int) (t.byteSize() / 2));
            return NdArray.ofFloats(v, t.shape());
        }
        byte[] bytes = new byte[(int) t.byteSize()];
        b.get(bytes);
        return NdArray.wrap(dtypeOf(t.dtype()), t.shape(), bytes);
    }

    /** The tensor converted to floats (exactly for F16 and BF16), row-major. */
    public float[] floats(String name) throws IOException {
        TensorInfo t = info(name);
        ByteBuffer b = map(t);
        if (t.dtype().equals("BF16")) {
            return bf16(b, (int) (t.byteSize() / 2));
        }
        Dtype d = dtypeOf(t.dtype());
        return ElementConversions.toFloats(d, b, (int) (t.byteSize() / d.itemSize));
    }

    /** Same as {@link #get}; kept for code that reads "tensor" more naturally. */
    public NdArray tensor(String name) throws IOException {
        return get(name);
    }

    private ByteBuffer map(TensorInfo t) throws IOException {
        if (t.byteSize() > NdArray.MAX_BYTES) {
            throw new FormatException(
                    src,
                    "tensor '" + t.name() + "' has " + t.byteSize() + " bytes, more than an in-memory array holds");
        }
        if (t.byteSize() == 0) {
            return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
        }
        // One mapping per tensor: a single MappedByteBuffer cannot exceed 2 GiB, files can.
        return channel.map(FileChannel.MapMode.READ_ONLY, dataStart + t.begin(), t.byteSize())
                .order(ByteOrder.LITTLE_ENDIAN);
    }

    private static float[] bf16(ByteBuffer b, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = Half.bf16ToFloat(b.getShort(2 * i));
        }
        return out;
    }

    private static Dtype dtypeOf(String safetensorsName) {
        for (Dtype d : Dtype.values()) {
            if (d.safetensorsName.equals(safetensorsName)) {
                return d;
            }
        }
        throw new IllegalStateException("header validation let through dtype " + safetensorsName);
    }

    /** Closes the file; arrays already returned stay valid. */
    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return "SafetensorsFile[" + src + ", " + header.tensors.size() + " tensors]";
    }
}
