package io.github.superpose.experiments;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.superpose.io.NdArray;
import io.github.superpose.io.Npz;
import io.github.superpose.sim.ToyModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The run folder: config.json, results.json, weights.npz, metrics.csv (and dynamics.csv, figures).
 * Everything is written into a hidden temporary folder beside the target, which is renamed into
 * place at the end, so a run folder either exists whole or not at all.
 *
 * <pre>Path tmp = RunStore.reserve(target); ... RunStore.commit(tmp, target);</pre>
 */
public final class RunStore {
    public static final String VERSION = "0.1.0";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunStore() {}

    /** Pretty JSON of a value (maps, lists, arrays, numbers). */
    public static String toJson(Object value) throws IOException {
        return JSON.writeValueAsString(value);
    }

    /** runs/NAME-yyyyMMdd-HHmmss (with a numeric suffix if taken). */
    public static Path defaultFolder(Path runsRoot, String name) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path p = runsRoot.resolve(name + "-" + stamp);
        for (int k = 2; Files.exists(p); k++) {
            p = runsRoot.resolve(name + "-" + stamp + "-" + k);
        }
        return p;
    }

    /**
     * Checks the target can be written and creates the temporary folder, before any training, so an
     * unwritable or taken output fails fast.
     */
    public static Path reserve(Path target) {
        Path abs = target.toAbsolutePath().normalize();
        if (Files.exists(abs)) {
            throw new SpecException(target + ": output folder already exists (choose another --out)");
        }
        Path parent = abs.getParent();
        try {
            Files.createDirectories(parent);
            TempFolders.cleanDead(parent);
            while (true) {
                // Files.createDirectory, not createTempDirectory: the folder keeps the umask's permissions
                // (0755 under umask 022), so a group sharing a cluster filesystem can read it.
                // Digits only after ".tmp-": isTemporaryOf tells this run's folders from a sibling's
                Path tmp = parent.resolve("." + abs.getFileName() + ".tmp-" + Long.toUnsignedString(RANDOM.nextLong()));
                try {
                    // a folder is made with its owner's lock held (TempFolders), so what a killed
                    // process left is told from a live sibling's folder, and deleted here
                    TempFolders.create(tmp);
                    return tmp;
                } catch (FileAlreadyExistsException taken) {
                    // another attempt drew the same number; draw again
                }
            }
        } catch (IOException | SecurityException e) {
            throw new SpecException(target + ": cannot create output folder ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** True when {@code p} is named as a temporary folder {@link #reserve} makes ({@code .NAME.tmp-DIGITS}). */
    static boolean isTemporary(Path p) {
        return p.getFileName().toString().matches("\\..+\\.tmp-[0-9]+");
    }

    /** True when {@code p} is a temporary folder {@link #reserve} made for {@code target}. */
    public static boolean isTemporaryOf(Path p, Path target) {
        String name = p.getFileName().toString();
        String prefix = "." + target.toAbsolutePath().normalize().getFileName() + ".tmp-";
        return name.startsWith(prefix)
                && name.length() > prefix.length()
                && name.substring(prefix.length()).chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** Renames the finished temporary folder into place. */
    public static void commit(Path tmp, Path target) {
        try {
            Files.move(tmp, target.toAbsolutePath().normalize(), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            discard(tmp);
            throw new SpecException(target + ": cannot move the finished run into place: " + e.getMessage());
        }
        TempFolders.release(tmp);
    }

    /** Deletes a temporary folder and everything in it (after a failure). */
    public static void discard(Path tmp) {
        if (tmp == null) {
            return;
        }
        try {
            deleteTree(tmp);
        } finally {
            TempFolders.release(tmp);
        }
    }

    /** Deletes a folder and everything in it, if it exists. */
    static void deleteTree(Path tmp) {
        if (!Files.exists(tmp)) {
            return;
        }
        try (Stream<Path> s = Files.walk(tmp)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes config.json, results.json, weights.npz, metrics.csv and dynamics.csv into {@code dir}. */
    public static void write(Path dir, RunResult run) throws IOException {
        Spec spec = run.spec();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("version", VERSION);
        config.put("spec", SpecJson.of(spec));
        config.put("seed", spec.seed());
        config.put("backend", run.options().backend());
        config.put("threads", run.options().threads());
        config.put("engine", run.options().engine());
        config.put("quick", run.options().quick());
        config.put("instances", spec.instances());
        if (run.sharded()) {
            // a shard folder: `./sim merge` joins shards back into the whole run
            config.put("shard_instances", run.slice().ids());
        }
        JSON.writeValue(dir.resolve("config.json").toFile(), config);
        JSON.writeValue(dir.resolve("results.json").toFile(), Results.of(run));
        writeWeights(dir.resolve("weights.npz"), run.train().model());
        Csv.write(dir.resolve("metrics.csv"), "restart,step,instance,loss", run.lossLog());
        if (!run.dynamics().isEmpty()) {
            Csv.write(dir.resolve("dynamics.csv"), "restart,step,instance,feature,norm,dimensionality", run.dynamics());
        }
    }

    static void writeWeights(Path file, ToyModel model) throws IOException {
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : model.weights().entrySet()) {
            int[] shape = model.shapeOf(e.getKey());
            long[] ls = new long[shape.length];
            for (int i = 0; i < shape.length; i++) {
                ls[i] = shape[i];
            }
            arrays.put(e.getKey(), NdArray.ofFloats(e.getValue().clone(), ls));
        }
        Npz.write(file, arrays);
    }
}
