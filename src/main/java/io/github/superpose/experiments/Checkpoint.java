package io.github.superpose.experiments;

import io.github.superpose.io.AtomicFiles;
import io.github.superpose.io.NdArray;
import io.github.superpose.io.Npz;
import io.github.superpose.sim.TrainState;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's checkpoint file: the {@link TrainState} plus the loss log and dynamics rows recorded so
 * far and the training seconds spent, as one numpy-readable {@code checkpoint.npz} replaced
 * atomically (a kill mid-write leaves the previous checkpoint intact).
 *
 * <pre>Checkpoint.write(dir.resolve(Checkpoint.FILE), new Checkpoint.Saved(state, log, dynamics, 12.5));
 * Checkpoint.Saved s = Checkpoint.read(dir.resolve(Checkpoint.FILE));</pre>
 */
public final class Checkpoint {
    public static final String FILE = "checkpoint.npz";
    /**
     * Testing aid: when set (milliseconds), a checkpoint write pauses after its first bytes, so a
     * test can kill the process while a checkpoint is being written.
     */
    static final String STALL_PROPERTY = "superpose.checkpoint.stallMs";

    private Checkpoint() {
    }

    /** A persisted state with the run's records up to it. */
    public record Saved(TrainState state, List<double[]> log, List<double[]> dynamics, double seconds) {
    }

    /** Writes a self-contained checkpoint: the records are arrays inside it (tests and tools). */
    public static void write(Path file, Saved s) throws IOException {
        Map<String, NdArray> a = state(s);
        a.put("log", rows(s.log(), 4));
        a.put("dynamics", rows(s.dynamics(), 6));
        writeNpz(file, a);
    }

    /**
     * Writes a run's checkpoint, its records appended to the files of {@code records} first, so
     * the cost of a checkpoint does not grow with the rows logged before it.
     */
    static void write(Path file, Saved s, CheckpointRecords records) throws IOException {
        long[] counts = records.append(s.log(), s.dynamics());
        Map<String, NdArray> a = state(s);
        a.put("records", NdArray.ofLongs(counts, 2));
        writeNpz(file, a);
    }

    private static void writeNpz(Path file, Map<String, NdArray> a) throws IOException {
        long stall = Long.getLong(STALL_PROPERTY, 0L);
        AtomicFiles.writeAtomically(file, out -> Npz.writeTo(stall > 0 ? new Stalling(out, stall) : out, a, false));
    }

    private static Map<String, NdArray> state(Saved s) {
        TrainState t = s.state();
        Map<String, NdArray> a = new LinkedHashMap<>();
        byte[] engine = t.engine().getBytes(StandardCharsets.UTF_8);
        a.put("engine", NdArray.ofBytes(engine, engine.length));
        a.put("position", NdArray.ofLongs(new long[] {t.chunk(), t.step(), t.atBoundary() ? 1 : 0,
            t.moments().size()}, 4));
        a.put("seconds", NdArray.ofDoubles(new double[] {s.seconds()}, 1));
        if (!t.atBoundary()) {
            putAll(a, "weights.", t.weights());
            for (int k = 0; k < t.moments().size(); k++) {
                a.put("moment." + k, NdArray.ofFloats(t.moments().get(k), t.moments().get(k).length));
            }
            a.put("rng", NdArray.ofLongs(t.rng(), t.rng().length));
            a.put("last_loss", NdArray.ofFloats(t.lastLoss(), t.lastLoss().length));
        }
        if (t.best() != null) {
            putAll(a, "best.", t.best());
        }
        a.put("best_loss", NdArray.ofFloats(t.bestLoss(), t.bestLoss().length));
        a.put("best_restart", NdArray.ofInts(t.bestRestart(), t.bestRestart().length));
        a.put("final_train", NdArray.ofFloats(t.finalTrain(), t.finalTrain().length));
        return a;
    }

    /**
     * Reads a checkpoint without checking it against a run (tests and tools); every array must
     * still have the dtype it was written with and every number must be finite.
     */
    public static Saved read(Path file) {
        return read(file, null, 0);
    }

    /**
     * Reads the checkpoint of a run of {@code spec} training {@code instances} models. A missing,
     * corrupted (zip CRC), truncated or inconsistent file, a position outside the run, a
     * non-finite number or more records than the run can log is a {@link SpecException} naming
     * the file; a checkpoint is never half-trusted.
     */
    public static Saved read(Path file, Spec spec, int instances) {
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
        TrainState state = new TrainState(engine, chunk, step, weights, moments,
                boundary ? null : r.array("rng", LONGS).toLongs(),
                boundary ? null : r.floats("last_loss"),
                best.isEmpty() ? null : best, r.floats("best_loss"),
                ints(r.array("best_restart", INTS), r), r.floats("final_train"));
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
            long[] bounds = spec == null ? new long[] {Integer.MAX_VALUE / 4, Integer.MAX_VALUE / 6}
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
        return new Saved(state, log, dynamics, seconds[0]);
    }

    static long maxLogRows(Spec spec, int instances) {
        return (long) spec.restarts() * instances * (spec.steps() / spec.logEvery() + 2);
    }

    static long maxDynamicsRows(Spec spec, int instances) {
        return spec.hookEvery() == 0 ? 0
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
            throw new SpecException(file + ": holds fewer than the " + rows + " rows " + checkpoint.getFileName()
                    + " counts");
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
    private static void checkRecords(List<double[]> log, List<double[]> dynamics, Spec spec, int instances,
                                     Reader r) {
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

    private static void putAll(Map<String, NdArray> a, String prefix, Map<String, float[]> weights) {
        weights.forEach((k, v) -> a.put(prefix + k, NdArray.ofFloats(v, v.length)));
    }

    private static int[] ints(NdArray a, Reader r) {
        long[] l = a.toLongs();
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            out[i] = r.count(l[i], "best_restart[" + i + "]", Integer.MAX_VALUE);
        }
        return out;
    }

    private static NdArray rows(List<double[]> rows, int columns) {
        List<double[]> copy;
        synchronized (rows) {
            copy = new ArrayList<>(rows);
        }
        double[] flat = new double[copy.size() * columns];
        for (int r = 0; r < copy.size(); r++) {
            System.arraycopy(copy.get(r), 0, flat, r * columns, columns);
        }
        return NdArray.ofDoubles(flat, copy.size(), columns);
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

    /** Passes bytes through, sleeping once after the first 256 bytes. */
    private static final class Stalling extends FilterOutputStream {
        private final long millis;
        private long written;
        private boolean stalled;

        Stalling(OutputStream out, long millis) {
            super(out);
            this.millis = millis;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            written += len;
            if (!stalled && written > 256) {
                stalled = true;
                out.flush();
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
