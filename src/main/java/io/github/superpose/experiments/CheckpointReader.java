package io.github.superpose.experiments;

import io.github.superpose.io.NdArray;
import io.github.superpose.io.Npz;
import io.github.superpose.sim.TrainState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@link Checkpoint} files and trusts nothing in them: every array must have the dtype it
 * was written with, every number must be finite, the position must lie inside the run, and the
 * loss-log and dynamics rows must fit the run (no more rows than it logs, every field in range).
 * Zip CRC-32s are checked by {@link Npz}. Any failure is one {@link SpecException} naming the file.
 */
final class CheckpointReader {
    private CheckpointReader() {}

    /**
     * Reads the checkpoint of a run of {@code spec} training {@code instances} models. A missing,
     * corrupted (zip CRC), truncated or inconsistent file, a position outside the run, a
     * non-finite number or more records than the run can log is a {@link SpecException} naming
     * the file; a checkpoint is never half-trusted.
     */
    static Checkpoint.Saved read(Path file, Spec spec, int instances) {
        Map<String, NdArray> a;
        try {
            a = Npz.read(file);
        } catch (IOException e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new SpecException(msg.startsWith(file.toString()) ? msg : file + ": " + msg);
        }
        Reader r = new Reader(a, file);
        String engine = new String(r.array("engine", BYTES).toBytes(), StandardCharsets.UTF_8);
        long[] pos = r.array("position", LONGS).toLongs();
        if (pos.length != 4) {
            throw r.bad("'position' needs 4 values, got " + pos.length);
        }
        int chunk = r.count(pos[0], "the restart chunk", spec == null ? Integer.MAX_VALUE : spec.restarts());
        int step = r.count(pos[1], "the step", spec == null ? Integer.MAX_VALUE : spec.steps());
        if (pos[2] != 0 && pos[2] != 1) {
            throw r.bad("'position' marks a chunk boundary with " + pos[2] + ", expected 0 or 1");
        }
        int momentCount = r.count(pos[3], "the optimizer moment count", 8);
        boolean boundary = pos[2] == 1;
        Map<String, float[]> weights = boundary ? null : r.floatsPrefixed("weights.");
        List<float[]> moments = new ArrayList<>();
        if (!boundary) {
            for (int k = 0; k < momentCount; k++) {
                moments.add(r.floats("moment." + k));
            }
        }
        Map<String, float[]> best = r.floatsPrefixed("best.");
        TrainState state = new TrainState(
                engine,
                chunk,
                step,
                weights,
                moments,
                boundary ? null : r.array("rng", LONGS).toLongs(),
                boundary ? null : r.floats("last_loss"),
                best.isEmpty() ? null : best,
                r.floats("best_loss"),
                ints(r.array("best_restart", INTS), r),
                r.floats("final_train"));
        double[] seconds = r.array("seconds", DOUBLES).toDoubles();
        if (seconds.length != 1 || !(seconds[0] >= 0) || Double.isInfinite(seconds[0])) {
            throw r.bad("'seconds' must be one finite number >= 0");
        }
        List<double[]> log;
        List<double[]> dynamics;
        if (a.containsKey("records")) {
            long[] counts = r.array("records", LONGS).toLongs();
            if (counts.length != 2) {
                throw r.bad("'records' needs 2 counts, got " + counts.length);
            }
            long[] bounds = spec == null
                    ? new long[] {Integer.MAX_VALUE / 4, Integer.MAX_VALUE / 6}
                    : new long[] {maxLogRows(spec, instances), maxDynamicsRows(spec, instances)};
            log = appended(file, CheckpointRecords.logFile(file), counts[0], bounds[0], 4, r);
            dynamics = appended(file, CheckpointRecords.dynamicsFile(file), counts[1], bounds[1], 6, r);
        } else {
            log = unrows(r.array("log", DOUBLES), 4, r);
            dynamics = unrows(r.array("dynamics", DOUBLES), 6, r);
        }
        if (spec != null) {
            checkRecords(log, dynamics, spec, instances, r);
        }
        return new Checkpoint.Saved(state, log, dynamics, seconds[0]);
    }

    static long maxLogRows(Spec spec, int instances) {
        return (long) spec.restarts() * instances * (spec.steps() / spec.logEvery() + 2);
    }

    static long maxDynamicsRows(Spec spec, int instances) {
        return spec.hookEvery() == 0
                ? 0
                : (long) spec.restarts() * instances * spec.features() * (spec.steps() / spec.hookEvery() + 2);
    }

    /** The first {@code rows} rows of an appended records file, refused when out of bounds or missing. */
    private static List<double[]> appended(Path checkpoint, Path file, long rows, long max, int columns, Reader r) {
        if (rows < 0 || rows > max) {
            throw r.bad("counts " + rows + " rows of " + file.getFileName() + ", outside [0, " + max + "]");
        }
        double[] flat;
        try {
            flat = CheckpointRecords.read(file, rows, columns);
        } catch (IOException e) {
            throw new SpecException(file + ": cannot read (" + e.getMessage() + ")");
        }
        if (flat == null) {
            throw new SpecException(
                    file + ": holds fewer than the " + rows + " rows " + checkpoint.getFileName() + " counts");
        }
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            out.add(Arrays.copyOfRange(flat, i * columns, (i + 1) * columns));
        }
        return out;
    }

    private static final String BYTES = NdArray.ofBytes(new byte[0], 0).dtype();
    private static final String INTS = NdArray.ofInts(new int[0], 0).dtype();
    private static final String LONGS = NdArray.ofLongs(new long[0], 0).dtype();
    private static final String FLOATS = NdArray.ofFloats(new float[0], 0).dtype();
    private static final String DOUBLES = NdArray.ofDoubles(new double[0], 0).dtype();

    /**
     * The loss log holds (restart, step, instance, loss) rows and the dynamics (restart, step,
     * instance, feature, norm, D_i): each field inside the run and no more rows than the run logs.
     */
    private static void checkRecords(List<double[]> log, List<double[]> dynamics, Spec spec, int instances, Reader r) {
        long logged = maxLogRows(spec, instances);
        long hooked = maxDynamicsRows(spec, instances);
        if (log.size() > logged) {
            throw r.bad("holds " + log.size() + " loss-log rows, more than this run logs (" + logged + ")");
        }
        if (dynamics.size() > hooked) {
            throw r.bad("holds " + dynamics.size() + " dynamics rows, more than this run records (" + hooked + ")");
        }
        double[] logMax = {spec.restarts() - 1, spec.steps(), spec.instances() - 1};
        for (int i = 0; i < log.size(); i++) {
            r.row("log", i, log.get(i), logMax);
        }
        double[] dynMax = {spec.restarts() - 1, spec.steps(), spec.instances() - 1, spec.features() - 1};
        for (int i = 0; i < dynamics.size(); i++) {
            r.row("dynamics", i, dynamics.get(i), dynMax);
        }
    }

    /** Typed, checked access to the arrays of one checkpoint file. */
    private static final class Reader {
        private final Map<String, NdArray> arrays;
        private final Path file;

        Reader(Map<String, NdArray> arrays, Path file) {
            this.arrays = arrays;
            this.file = file;
        }

        SpecException bad(String problem) {
            return new SpecException(file + ": not a usable checkpoint: " + problem);
        }

        NdArray array(String name, String dtype) {
            NdArray v = arrays.get(name);
            if (v == null) {
                throw bad("missing array '" + name + "'");
            }
            if (!v.dtype().equals(dtype)) {
                throw bad("array '" + name + "' has dtype " + v.dtype() + ", expected " + dtype);
            }
            return v;
        }

        float[] floats(String name) {
            return finite(name, array(name, FLOATS).toFloats());
        }

        Map<String, float[]> floatsPrefixed(String prefix) {
            Map<String, float[]> out = new LinkedHashMap<>();
            for (String k : arrays.keySet()) {
                if (k.startsWith(prefix)) {
                    out.put(k.substring(prefix.length()), floats(k));
                }
            }
            return out;
        }

        float[] finite(String name, float[] v) {
            for (int i = 0; i < v.length; i++) {
                if (!Float.isFinite(v[i])) {
                    throw bad("array '" + name + "' holds " + v[i] + " at index " + i);
                }
            }
            return v;
        }

        int count(long v, String what, long max) {
            if (v < 0 || v > max) {
                throw bad(what + " is " + v + ", outside [0, " + max + "]");
            }
            return (int) v;
        }

        void row(String table, int index, double[] row, double[] max) {
            for (int c = 0; c < row.length; c++) {
                double v = row[c];
                boolean ok = c < max.length ? v >= 0 && v <= max[c] && v == Math.rint(v) : Double.isFinite(v);
                if (!ok) {
                    throw bad(table + " row " + index + " column " + c + " is " + v);
                }
            }
        }
    }

    private static int[] ints(NdArray a, Reader r) {
        long[] l = a.toLongs();
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            out[i] = r.count(l[i], "best_restart[" + i + "]", Integer.MAX_VALUE);
        }
        return out;
    }

    private static List<double[]> unrows(NdArray a, int columns, Reader reader) {
        long[] shape = a.shape();
        if (shape.length != 2 || shape[1] != columns) {
            throw reader.bad("record table has shape " + Arrays.toString(shape) + ", expected [rows, " + columns + "]");
        }
        double[] flat = a.toDoubles();
        List<double[]> out = new ArrayList<>();
        for (int r = 0; r < shape[0]; r++) {
            out.add(Arrays.copyOfRange(flat, r * columns, (r + 1) * columns));
        }
        return out;
    }
}
