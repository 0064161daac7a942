package io.github.superpose.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
        return Files.exists(dir.resolve("model.safetensors")) || Files.exists(dir.resolve("model.safetensors.index.json"));
    }

    /** The folder's config.json as a tree; unreadable or malformed JSON names the file. */
    static JsonNode config(Path dir) {
        Path cfgFile = dir.resolve("config.json");
        try {
            return new ObjectMapper().readTree(cfgFile.toFile());
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
                throw new BridgeInputException(f, name + " has shape " + Arrays.toString(got) + ", config.json implies "
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
                for (Iterator<JsonNode> it = map.elements(); it.hasNext(); ) {
                    names.add(it.next().asText());
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
