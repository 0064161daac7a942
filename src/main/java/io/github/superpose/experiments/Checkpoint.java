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

    public static void write(Path file, Saved s) throws IOException {
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
        a.put("log", rows(s.log(), 4));
        a.put("dynamics", rows(s.dynamics(), 6));
        long stall = Long.getLong(STALL_PROPERTY, 0L);
        AtomicFiles.writeAtomically(file, out -> Npz.writeTo(stall > 0 ? new Stalling(out, stall) : out, a, false));
    }

    /** Reads a checkpoint; a missing, truncated or inconsistent file is a {@link SpecException} naming it. */
    public static Saved read(Path file) {
        Map<String, NdArray> a;
        try {
            a = Npz.read(file);
        } catch (IOException | RuntimeException e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new SpecException(msg.startsWith(file.toString()) ? msg : file + ": " + msg);
        }
        try {
            String engine = new String(need(a, "engine", file).toBytes(), StandardCharsets.UTF_8);
            long[] pos = need(a, "position", file).toLongs();
            if (pos.length != 4) {
                throw new SpecException(file + ": 'position' needs 4 values, got " + pos.length);
            }
            boolean boundary = pos[2] == 1;
            Map<String, float[]> weights = boundary ? null : prefixed(a, "weights.");
            List<float[]> moments = new ArrayList<>();
            if (!boundary) {
                for (int k = 0; k < pos[3]; k++) {
                    moments.add(need(a, "moment." + k, file).toFloats());
                }
            }
            Map<String, float[]> best = prefixed(a, "best.");
            TrainState state = new TrainState(engine, (int) pos[0], (int) pos[1], weights, moments,
                    boundary ? null : need(a, "rng", file).toLongs(),
                    boundary ? null : need(a, "last_loss", file).toFloats(),
                    best.isEmpty() ? null : best, need(a, "best_loss", file).toFloats(),
                    ints(need(a, "best_restart", file)), need(a, "final_train", file).toFloats());
            double seconds = need(a, "seconds", file).toDoubles()[0];
            return new Saved(state, unrows(need(a, "log", file), 4, file), unrows(need(a, "dynamics", file), 6, file),
                    seconds);
        } catch (IllegalArgumentException | IllegalStateException | ArrayIndexOutOfBoundsException e) {
            throw new SpecException(file + ": not a checkpoint of this run (" + e.getMessage() + ")");
        }
    }

    private static void putAll(Map<String, NdArray> a, String prefix, Map<String, float[]> weights) {
        weights.forEach((k, v) -> a.put(prefix + k, NdArray.ofFloats(v, v.length)));
    }

    private static Map<String, float[]> prefixed(Map<String, NdArray> a, String prefix) {
        Map<String, float[]> out = new LinkedHashMap<>();
        a.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v.toFloats());
            }
        });
        return out;
    }

    private static NdArray need(Map<String, NdArray> a, String name, Path file) {
        NdArray v = a.get(name);
        if (v == null) {
            throw new SpecException(file + ": missing array '" + name + "'");
        }
        return v;
    }

    private static int[] ints(NdArray a) {
        long[] l = a.toLongs();
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            out[i] = Math.toIntExact(l[i]);
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

    private static List<double[]> unrows(NdArray a, int columns, Path file) {
        long[] shape = a.shape();
        if (shape.length != 2 || shape[1] != columns) {
            throw new SpecException(file + ": record table has shape " + Arrays.toString(shape)
                    + ", expected [rows, " + columns + "]");
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
