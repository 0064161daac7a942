package io.github.superpose.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses and validates a safetensors JSON header against the real size of the data buffer,
 * following the rules of huggingface/safetensors {@code tensor.rs}: known dtypes, non-negative
 * shapes, offsets inside the buffer matching shape × item size, no overlaps, no holes.
 */
final class SafetensorsHeader {
    static final String METADATA_KEY = "__metadata__";

    // Duplicate keys are refused by the spec, so they must be caught while tokenizing: a tree
    // built by a lenient parser has already dropped one of them.
    static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    final LinkedHashMap<String, TensorInfo> tensors = new LinkedHashMap<>();
    final LinkedHashMap<String, String> metadata = new LinkedHashMap<>();
    private final String src;

    private SafetensorsHeader(String src) {
        this.src = src;
    }

    /** Item size in bytes of a safetensors dtype this package reads, or -1. */
    static int itemSize(String dtype) {
        switch (dtype) {
            case "F64":
            case "I64":
                return 8;
            case "F32":
            case "I32":
                return 4;
            case "F16":
            case "BF16":
                return 2;
            case "U8":
            case "BOOL":
                return 1;
            default:
                return -1;
        }
    }

    /** Parses {@code json} for a file whose data buffer holds {@code bufferLen} bytes. */
    static SafetensorsHeader parse(byte[] json, long bufferLen, String src) throws FormatException {
        if (json.length == 0 || json[0] != '{') {
            throw new FormatException(src, "header must be a JSON object starting with '{'");
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new FormatException(src, "header is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new FormatException(src, "header is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new FormatException(src, "header must be a JSON object");
        }
        SafetensorsHeader h = new SafetensorsHeader(src);
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getKey().equals(METADATA_KEY)) {
                h.readMetadata(f.getValue());
            } else {
                h.tensors.put(f.getKey(), h.tensor(f.getKey(), f.getValue(), bufferLen));
            }
        }
        h.checkCoverage(bufferLen);
        return h;
    }

    private void readMetadata(JsonNode node) throws FormatException {
        if (node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            throw new FormatException(src, "__metadata__ must be an object of strings");
        }
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new FormatException(src, "__metadata__ value of '" + e.getKey() + "' must be a string");
            }
            metadata.put(e.getKey(), e.getValue().textValue());
        }
    }

    private TensorInfo tensor(String name, JsonNode t, long bufferLen) throws FormatException {
        String where = "tensor '" + name + "'";
        if (!t.isObject()) {
            throw new FormatException(src, where + " must be an object with dtype, shape, data_offsets");
        }
        JsonNode dt = t.get("dtype");
        if (dt == null || !dt.isTextual()) {
            throw new FormatException(src, where + " has no string dtype");
        }
        int item = itemSize(dt.textValue());
        if (item < 0) {
            throw new FormatException(
                    src,
                    where + " has unknown or unsupported dtype '" + dt.textValue()
                            + "'; expected F32, F16, BF16, F64, I32, I64, U8 or BOOL");
        }
        long[] shape = longs(t.get("shape"), -1, where + " shape");
        long[] off = longs(t.get("data_offsets"), 2, where + " data_offsets [begin, end]");
        if (off[0] > off[1] || off[1] > bufferLen) {
            throw new FormatException(
                    src,
                    where + " data_offsets " + Arrays.toString(off) + " must satisfy begin <= end <= " + bufferLen
                            + " (the data buffer length)");
        }
        long nbytes = byteCount(shape, item, where);
        if (off[1] - off[0] != nbytes) {
            throw new FormatException(
                    src,
                    where + " shape " + Arrays.toString(shape) + " of "
                            + dt.textValue() + " needs " + nbytes + " bytes but data_offsets span "
                            + (off[1] - off[0]));
        }
        return new TensorInfo(name, dt.textValue(), shape, off[0], off[1]);
    }

    private long byteCount(long[] shape, int item, String where) throws FormatException {
        try {
            long n = item;
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
            return n;
        } catch (ArithmeticException e) {
            throw new FormatException(
                    src, where + " shape " + Arrays.toString(shape) + " overflows a 64-bit byte count");
        }
    }

    // Reads an array of non-negative integers (of length `len` unless len < 0).
    private long[] longs(JsonNode node, int len, String what) throws FormatException {
        if (node == null || !node.isArray() || (len >= 0 && node.size() != len)) {
            throw new FormatException(
                    src, what + " must be an array" + (len >= 0 ? " of " + len + " integers" : " of integers"));
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
                throw new FormatException(src, what + " must hold non-negative integers, found " + v);
            }
            out[i] = v.longValue();
        }
        return out;
    }

    // The spec requires the tensors to tile the buffer exactly: no overlaps, no holes.
    private void checkCoverage(long bufferLen) throws FormatException {
        List<TensorInfo> byOffset = new ArrayList<>(tensors.values());
        byOffset.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long cursor = 0;
        TensorInfo previous = null;
        for (TensorInfo t : byOffset) {
            if (t.begin() < cursor) {
                throw new FormatException(
                        src, "tensors '" + previous.name() + "' and '" + t.name() + "' overlap in the data buffer");
            }
            if (t.begin() > cursor) {
                throw new FormatException(
                        src, "data buffer bytes [" + cursor + ", " + t.begin() + ") are not covered by any tensor");
            }
            cursor = t.end();
            previous = t;
        }
        if (cursor != bufferLen) {
            throw new FormatException(
                    src,
                    "data buffer bytes [" + cursor + ", " + bufferLen + ") at the end are not covered by any tensor");
        }
    }
}
