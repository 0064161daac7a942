package io.github.superpose.bridge;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of an ONNX model a weight reader needs: float32 initializers and the node list (op type,
 * name, inputs, outputs), parsed from the protobuf wire format with {@link ProtoReader}. Field numbers
 * are those of onnx.proto: ModelProto.graph = 7; GraphProto.node = 1, initializer = 5;
 * NodeProto input = 1, output = 2, name = 3, op_type = 4; TensorProto dims = 1, data_type = 2,
 * float_data = 4, name = 8, raw_data = 9, data_location = 14.
 *
 * <pre>OnnxGraph g = OnnxGraph.read(Path.of("model.onnx")); float[] w = g.floats("embeddings.LayerNorm.weight");</pre>
 */
public final class OnnxGraph {
    /** TensorProto.DataType FLOAT. */
    static final int FLOAT = 1;

    /** One initializer; {@code data} is null unless the type is float32. */
    public record Initializer(String name, long[] dims, int dataType, float[] data) {}

    /** One graph node; {@code value} is a Constant node's float32 tensor, else null. */
    public record Node(String opType, String name, List<String> inputs, List<String> outputs, Initializer value) {}

    private final Map<String, Initializer> initializers;
    private final List<Node> nodes;

    private OnnxGraph(Map<String, Initializer> initializers, List<Node> nodes) {
        this.initializers = initializers;
        this.nodes = nodes;
    }

    public static OnnxGraph read(Path file) {
        try {
            return parse(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new BridgeInputException(file, "cannot read ONNX file: " + e.getMessage(), e);
        }
    }

    /** Reads a classpath resource such as {@code /all-minilm-l6-v2.onnx}. */
    public static OnnxGraph readResource(String resource) {
        try (InputStream in = OnnxGraph.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new BridgeInputException(resource, "resource not on the classpath");
            }
            return parse(in.readAllBytes(), resource);
        } catch (IOException e) {
            throw new BridgeInputException(resource, "cannot read ONNX resource: " + e.getMessage(), e);
        }
    }

    static OnnxGraph parse(byte[] bytes, String source) {
        try {
            ProtoReader model = new ProtoReader(bytes, 0, bytes.length);
            while (model.next()) {
                if (model.field() == 7 && model.wireType() == ProtoReader.LEN) {
                    return parseGraph(model.message());
                }
                model.skip();
            }
        } catch (IllegalStateException e) {
            throw new BridgeInputException(source, "not a valid ONNX protobuf: " + e.getMessage(), e);
        }
        throw new BridgeInputException(source, "not an ONNX model: no graph (field 7) found");
    }

    private static OnnxGraph parseGraph(ProtoReader g) {
        Map<String, Initializer> inits = new LinkedHashMap<>();
        List<Node> nodes = new ArrayList<>();
        while (g.next()) {
            if (g.field() == 1 && g.wireType() == ProtoReader.LEN) {
                nodes.add(parseNode(g.message()));
            } else if (g.field() == 5 && g.wireType() == ProtoReader.LEN) {
                Initializer t = parseTensor(g.message());
                inits.put(t.name(), t);
            } else {
                g.skip();
            }
        }
        return new OnnxGraph(inits, nodes);
    }

    private static Node parseNode(ProtoReader r) {
        List<String> in = new ArrayList<>();
        List<String> out = new ArrayList<>();
        String name = "";
        String op = "";
        Initializer value = null;
        while (r.next()) {
            switch (r.field()) {
                case 1 -> in.add(r.string());
                case 2 -> out.add(r.string());
                case 3 -> name = r.string();
                case 4 -> op = r.string();
                case 5 -> value = parseAttribute(r.message(), value);
                default -> r.skip();
            }
        }
        return new Node(op, name, List.copyOf(in), List.copyOf(out), value);
    }

    /** AttributeProto name = 1, t = 5: keeps the tensor of a Constant's "value" attribute. */
    private static Initializer parseAttribute(ProtoReader r, Initializer previous) {
        String name = "";
        Initializer t = null;
        while (r.next()) {
            if (r.field() == 1 && r.wireType() == ProtoReader.LEN) {
                name = r.string();
            } else if (r.field() == 5 && r.wireType() == ProtoReader.LEN) {
                t = parseTensor(r.message());
            } else {
                r.skip();
            }
        }
        return "value".equals(name) && t != null ? t : previous;
    }

    private static Initializer parseTensor(ProtoReader r) {
        List<Long> dims = new ArrayList<>();
        int type = 0;
        String name = "";
        ByteBuffer raw = null;
        List<Float> floatData = new ArrayList<>();
        while (r.next()) {
            switch (r.field()) {
                case 1 -> readLongs(r, dims);
                case 2 -> type = (int) r.varint();
                case 4 -> readFloats(r, floatData);
                case 8 -> name = r.string();
                case 9 -> raw = r.bytes();
                case 14 -> {
                    if (r.varint() != 0) {
                        throw new IllegalStateException("initializer " + name + " stores its data externally");
                    }
                }
                default -> r.skip();
            }
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        float[] data = null;
        if (type == FLOAT) {
            long n = Arrays.stream(shape).reduce(1, Math::multiplyExact);
            data = new float[Math.toIntExact(n)];
            if (raw != null) {
                if (raw.remaining() != 4L * n) {
                    throw new IllegalStateException("initializer " + name + " has " + raw.remaining()
                            + " raw bytes for shape " + Arrays.toString(shape));
                }
                raw.asFloatBuffer().get(data);
            } else if (floatData.size() == n) {
                for (int i = 0; i < n; i++) {
                    data[i] = floatData.get(i);
                }
            } else {
                throw new IllegalStateException(
                        "initializer " + name + " has no data for shape " + Arrays.toString(shape));
            }
        }
        return new Initializer(name, shape, type, data);
    }

    private static void readLongs(ProtoReader r, List<Long> out) {
        if (r.wireType() == ProtoReader.LEN) {
            ProtoReader packed = r.message();
            while (!packed.atEnd()) {
                out.add(packed.varint());
            }
        } else {
            out.add(r.varint());
        }
    }

    private static void readFloats(ProtoReader r, List<Float> out) {
        if (r.wireType() == ProtoReader.LEN) {
            ByteBuffer b = r.bytes();
            while (b.remaining() >= 4) {
                out.add(b.getFloat());
            }
        } else {
            out.add(r.fixed32Float());
        }
    }

    public Map<String, Initializer> initializers() {
        return initializers;
    }

    public List<Node> nodes() {
        return nodes;
    }

    /** The float32 data of initializer {@code name}, checked against {@code expectedShape}. */
    public float[] floats(String name, long... expectedShape) {
        Initializer t = initializers.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no initializer named " + name);
        }
        if (t.data() == null) {
            throw new IllegalArgumentException("initializer " + name + " is not float32 (type " + t.dataType() + ")");
        }
        if (expectedShape.length > 0 && !Arrays.equals(t.dims(), expectedShape)) {
            throw new IllegalArgumentException("initializer " + name + " has shape " + Arrays.toString(t.dims())
                    + ", expected " + Arrays.toString(expectedShape));
        }
        return t.data();
    }
}
