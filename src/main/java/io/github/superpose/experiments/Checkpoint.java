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

    private Checkpoint() {}

    /** A persisted state with the run's records up to it. */
    public record Saved(TrainState state, List<double[]> log, List<double[]> dynamics, double seconds) {}

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
        a.put(
                "position",
                NdArray.ofLongs(
                        new long[] {
                            t.chunk(),
                            t.step(),
                            t.atBoundary() ? 1 : 0,
                            t.moments().size()
                        },
                        4));
        a.put("seconds", NdArray.ofDoubles(new double[] {s.seconds()}, 1));
        if (!t.atBoundary()) {
            putAll(a, "weights.", t.weights());
            for (int k = 0; k < t.moments().size(); k++) {
                a.put(
                        "moment." + k,
                        NdArray.ofFloats(t.moments().get(k), t.moments().get(k).length));
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
        return CheckpointReader.read(file, null, 0);
    }

    /**
     * Reads the checkpoint of a run of {@code spec} training {@code instances} models; see
     * {@link CheckpointReader} for what is checked.
     */
    public static Saved read(Path file, Spec spec, int instances) {
        return CheckpointReader.read(file, spec, instances);
    }

    private static void putAll(Map<String, NdArray> a, String prefix, Map<String, float[]> weights) {
        weights.forEach((k, v) -> a.put(prefix + k, NdArray.ofFloats(v, v.length)));
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
