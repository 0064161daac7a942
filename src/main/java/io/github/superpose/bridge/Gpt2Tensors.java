package io.github.superpose.bridge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.superpose.io.FormatException;
import io.github.superpose.io.Safetensors;
import io.github.superpose.io.SafetensorsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The tensors of a Hugging Face checkpoint folder under canonical names: model.safetensors, or the
 * shards listed in model.safetensors.index.json, with an optional {@code transformer.} key prefix
 * stripped (save_pretrained writes it, the distributed GPT-2 file does not). Shards are opened once
 * and memory-mapped tensor by tensor; every read checks the shape the caller expects.
 *
 * <pre>try (Gpt2Tensors t = Gpt2Tensors.open(dir)) { float[] wte = t.floats("wte.weight", 50257, 768); }</pre>
 */
final class Gpt2Tensors implements AutoCloseable {
    private static final String PREFIX = "transformer.";

    private final Path dir;
    private final Map<String, Path> shardOf;
    private final Map<Path, SafetensorsFile> open = new LinkedHashMap<>();

    private Gpt2Tensors(Path dir, Map<String, Path> shardOf) {
        this.dir = dir;
        this.shardOf = shardOf;
    }

    /** Whether the folder holds model.safetensors or model.safetensors.index.json. */
    static boolean hasWeights(Path dir) {
        return Files.exists(dir.resolve("model.safetensors"))
                || Files.exists(dir.resolve("model.safetensors.index.json"));
    }

    /**
     * The folder's config.json as a tree; unreadable or malformed JSON names the file and line.
     * NaN and Infinity (which Python's json module writes) are read as numbers, so the field
     * checks can name the field that holds one.
     */
    static JsonNode config(Path dir) {
        Path cfgFile = dir.resolve("config.json");
        if (!Files.isRegularFile(cfgFile)) {
            throw new BridgeInputException(cfgFile, "not found; a GPT-2 folder needs config.json beside its weights");
        }
        try {
            return JsonMapper.builder()
                    .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                    .build()
                    .readTree(cfgFile.toFile());
        } catch (JsonProcessingException e) {
            String where =
                    e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new BridgeInputException(cfgFile, "not valid JSON" + where + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new BridgeInputException(cfgFile, "cannot read GPT-2 config: " + e.getMessage(), e);
        }
    }

    static Gpt2Tensors open(Path dir) {
        return new Gpt2Tensors(dir, shards(dir));
    }

    boolean has(String key) {
        return shardOf.containsKey(key);
    }

    /** The float32 values of tensor {@code key} (canonical name), which must have exactly {@code shape}. */
    float[] floats(String key, long... shape) {
        Path f = shardOf.get(key);
        if (f == null) {
            throw new BridgeInputException(dir, "no tensor " + key + " (with or without the transformer. prefix)");
        }
        try {
            SafetensorsFile s = open.get(f);
            if (s == null) {
                s = Safetensors.read(f);
                open.put(f, s);
            }
            String name = s.contains(key) ? key : PREFIX + key;
            long[] got = s.info(name).shape();
            if (!Arrays.equals(got, shape)) {
                throw new BridgeInputException(
                        f,
                        name + " has shape " + Arrays.toString(got) + ", config.json implies "
                                + Arrays.toString(shape));
            }
            return s.floats(name);
        } catch (FormatException e) {
            throw new BridgeInputException(e.source(), e.problem(), e);
        } catch (IOException e) {
            throw new BridgeInputException(f, "cannot read: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        for (SafetensorsFile f : open.values()) {
            try {
                f.close();
            } catch (IOException ignored) {
                // read-only mapping; nothing to flush
            }
        }
        open.clear();
    }

    /**
     * A weight_map entry must name a .safetensors file directly inside the model folder: a path
     * that climbs out of it or is absolute is refused (before anything is opened, so no other
     * file's contents can surface in a message).
     */
    private static String shardName(Path index, String key, JsonNode value) {
        String name = value.isTextual() ? value.asText() : "";
        Path p = Path.of(name.isEmpty() ? "." : name);
        if (!value.isTextual()
                || p.isAbsolute()
                || p.getNameCount() != 1
                || name.contains("/")
                || name.contains("\\")
                || !name.endsWith(".safetensors")
                || name.startsWith(".")) {
            throw new BridgeInputException(
                    index,
                    "weight_map entry for '" + key + "' must be a .safetensors file"
                            + " name inside the model folder (no folders, no '..'), got " + shorten(value.toString()));
        }
        return name;
    }

    private static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    /** Canonical key (no "transformer." prefix) → the shard file holding it, under either key style. */
    private static Map<String, Path> shards(Path dir) {
        Path index = dir.resolve("model.safetensors.index.json");
        List<Path> files = new ArrayList<>();
        if (Files.exists(index)) {
            try {
                JsonNode map = new ObjectMapper().readTree(index.toFile()).path("weight_map");
                if (!map.isObject() || map.isEmpty()) {
                    throw new BridgeInputException(index, "no weight_map object");
                }
                TreeSet<String> names = new TreeSet<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    names.add(shardName(index, e.getKey(), e.getValue()));
                }
                names.forEach(n -> files.add(dir.resolve(n)));
            } catch (IOException e) {
                throw new BridgeInputException(index, "cannot read shard index: " + e.getMessage(), e);
            }
        } else if (Files.exists(dir.resolve("model.safetensors"))) {
            files.add(dir.resolve("model.safetensors"));
        } else {
            throw new BridgeInputException(dir, "no model.safetensors or model.safetensors.index.json");
        }
        Map<String, Path> out = new LinkedHashMap<>();
        for (Path f : files) {
            try (SafetensorsFile s = Safetensors.read(f)) {
                for (String name : s.names()) {
                    out.put(name.startsWith(PREFIX) ? name.substring(PREFIX.length()) : name, f);
                }
            } catch (FormatException e) {
                throw new BridgeInputException(e.source(), e.problem(), e);
            } catch (IOException e) {
                throw new BridgeInputException(f, "cannot read: " + e.getMessage(), e);
            }
        }
        return out;
    }
}
