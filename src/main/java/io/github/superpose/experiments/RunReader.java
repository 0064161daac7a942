package io.github.superpose.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.superpose.io.NdArray;
import io.github.superpose.io.Npz;
import io.github.superpose.sim.ToyModel;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads a run folder back (for re-plotting and re-measuring without training). Missing or
 * malformed files are refused with one line naming the file.
 *
 * <pre>RunData run = RunReader.load(Path.of("runs/intro-5-in-2-20261127-101500"));</pre>
 */
public final class RunReader {
    private RunReader() {}

    public static RunData load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new SpecException(dir + ": not a run folder");
        }
        Spec spec = spec(dir.resolve("config.json"));
        if (json(dir.resolve("config.json")).has("shard_instances")) {
            throw new SpecException(dir + ": holds one shard of a sweep; join the shards with ./sim merge first");
        }
        ToyModel model = model(dir.resolve("weights.npz"), spec);
        float[] loss = evalLoss(dir.resolve("results.json"), spec.instances());
        List<double[]> log = csv(dir.resolve("metrics.csv"), 4, true);
        List<double[]> dyn = csv(dir.resolve("dynamics.csv"), 6, false);
        return new RunData(spec, model, loss, log, dyn);
    }

    /** Training seconds recorded in a run folder's results.json (0 when absent). */
    public static double seconds(Path dir) {
        JsonNode v = json(dir.resolve("results.json")).get("seconds");
        return v != null && v.isNumber() ? v.asDouble() : 0;
    }

    /** True when the run in {@code dir} was made from exactly this resolved spec. */
    public static boolean madeFrom(Path dir, Spec spec) {
        try {
            return RunStore.toJson(SpecJson.of(spec(dir.resolve("config.json"))))
                    .equals(RunStore.toJson(SpecJson.of(spec)));
        } catch (SpecException | IOException e) {
            return false;
        }
    }

    static Spec spec(Path config) {
        JsonNode root = json(config);
        JsonNode spec = root.get("spec");
        if (spec == null || !spec.isObject()) {
            throw new SpecException(config + ": missing the \"spec\" object");
        }
        return SpecParser.parse(config.toString(), "run", spec);
    }

    static JsonNode json(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new SpecException(file + ": missing from the run folder");
        }
        try {
            return RunStore.JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new SpecException(file + ": not valid JSON (" + e.getMessage().split("\n")[0] + ")");
        }
    }

    static ToyModel model(Path file, Spec spec) {
        return model(file, spec, spec.instances());
    }

    /** The weights of {@code instances} models of the spec's shape (a shard holds fewer than the spec). */
    static ToyModel model(Path file, Spec spec, int instances) {
        if (!Files.isRegularFile(file)) {
            throw new SpecException(file + ": missing from the run folder");
        }
        Map<String, NdArray> arrays;
        try {
            arrays = Npz.read(file);
        } catch (IOException e) {
            throw new SpecException(
                    e.getMessage().startsWith(file.toString()) ? e.getMessage() : file + ": " + e.getMessage());
        }
        ToyModel blank = ToyModel.create(spec.model(), instances, spec.features(), spec.hidden(), 0);
        Map<String, float[]> weights = new LinkedHashMap<>();
        for (String name : blank.weights().keySet()) {
            NdArray a = arrays.get(name);
            long[] want = Arrays.stream(blank.shapeOf(name)).asLongStream().toArray();
            if (a == null) {
                throw new SpecException(file + ": missing array '" + name + "'");
            }
            if (!Arrays.equals(a.shape(), want)) {
                throw new SpecException(file + ": array '" + name + "' has shape " + Arrays.toString(a.shape())
                        + ", config.json implies " + Arrays.toString(want));
            }
            if (!a.dtype().equals(NdArray.ofFloats(new float[0], 0).dtype())) {
                throw new SpecException(file + ": array '" + name + "' has dtype " + a.dtype() + ", expected float32");
            }
            float[] v = a.toFloats();
            for (int i = 0; i < v.length; i++) {
                // a run folder holds only finite weights (training stops at the first non-finite loss)
                if (!Float.isFinite(v[i])) {
                    throw new SpecException(file + ": array '" + name + "' holds " + v[i] + " at index " + i
                            + " (weights must be finite)");
                }
            }
            weights.put(name, v);
        }
        return ToyModel.of(spec.model(), instances, spec.features(), spec.hidden(), weights);
    }

    static float[] evalLoss(Path file, int instances) {
        JsonNode rows = json(file).get("results");
        if (rows == null || !rows.isArray() || rows.size() != instances) {
            throw new SpecException(file + ": expected \"results\" with " + instances + " instances");
        }
        float[] out = new float[instances];
        for (int i = 0; i < instances; i++) {
            JsonNode v = rows.get(i).get("eval_loss");
            if (v == null || !v.isNumber()) {
                throw new SpecException(file + ": results[" + i + "].eval_loss is missing or not a number");
            }
            out[i] = (float) v.asDouble();
        }
        return out;
    }

    static List<double[]> csv(Path file, int columns, boolean required) {
        List<double[]> rows = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            if (required) {
                throw new SpecException(file + ": missing from the run folder");
            }
            return rows;
        }
        try (BufferedReader r = Files.newBufferedReader(file)) {
            String line = r.readLine();
            int lineNo = 1;
            while ((line = r.readLine()) != null) {
                lineNo++;
                String[] parts = line.split(",");
                if (parts.length != columns) {
                    throw new SpecException(
                            file + ": line " + lineNo + " has " + parts.length + " columns, expected " + columns);
                }
                double[] row = new double[columns];
                for (int i = 0; i < columns; i++) {
                    row[i] = Double.parseDouble(parts[i]);
                }
                rows.add(row);
            }
        } catch (NumberFormatException e) {
            throw new SpecException(file + ": not a number (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new SpecException(file + ": cannot read (" + e.getMessage() + ")");
        }
        return rows;
    }
}
