package io.github.superpose.experiments;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The loss log and dynamics rows of a run in progress, appended to raw little-endian float64
 * files beside its checkpoint ({@code checkpoint.log.f64}, {@code checkpoint.dynamics.f64});
 * the checkpoint records how many rows belong to it. Rewriting every row at every checkpoint
 * made checkpointing cost grow with steps² (400k steps with log_every = 1: 17 s became 68 s);
 * appending keeps each checkpoint's cost to the rows logged since the last one. Rows past the
 * recorded count (a stop between an append and the checkpoint) are cut off when the run continues.
 *
 * <pre>CheckpointRecords r = CheckpointRecords.open(file, saved); long[] rows = r.append(log, dynamics);</pre>
 */
final class CheckpointRecords {
    static final int LOG_COLUMNS = 4;
    static final int DYNAMICS_COLUMNS = 6;

    private final Path log;
    private final Path dynamics;
    private long logRows;
    private long dynamicsRows;

    private CheckpointRecords(Path checkpoint, long logRows, long dynamicsRows) {
        this.log = logFile(checkpoint);
        this.dynamics = dynamicsFile(checkpoint);
        this.logRows = logRows;
        this.dynamicsRows = dynamicsRows;
    }

    static Path logFile(Path checkpoint) {
        return checkpoint.resolveSibling(stem(checkpoint) + ".log.f64");
    }

    static Path dynamicsFile(Path checkpoint) {
        return checkpoint.resolveSibling(stem(checkpoint) + ".dynamics.f64");
    }

    private static String stem(Path checkpoint) {
        return checkpoint.getFileName().toString().replaceFirst("\\.npz$", "");
    }

    /** Starts appending after the rows of {@code resumed} (null: a fresh run), cutting anything beyond. */
    static CheckpointRecords open(Path checkpoint, Checkpoint.Saved resumed) throws IOException {
        CheckpointRecords r = new CheckpointRecords(
                checkpoint,
                resumed == null ? 0 : resumed.log().size(),
                resumed == null ? 0 : resumed.dynamics().size());
        cut(r.log, r.logRows * LOG_COLUMNS * 8);
        cut(r.dynamics, r.dynamicsRows * DYNAMICS_COLUMNS * 8);
        return r;
    }

    private static void cut(Path file, long bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.truncate(bytes);
        }
    }

    /** Appends the rows not yet on disk and returns {log rows, dynamics rows} now stored. */
    long[] append(List<double[]> logRowsLive, List<double[]> dynamicsLive) throws IOException {
        logRows = appendTo(log, logRowsLive, logRows, LOG_COLUMNS);
        dynamicsRows = appendTo(dynamics, dynamicsLive, dynamicsRows, DYNAMICS_COLUMNS);
        return new long[] {logRows, dynamicsRows};
    }

    private static long appendTo(Path file, List<double[]> rows, long stored, int columns) throws IOException {
        List<double[]> fresh;
        synchronized (rows) {
            fresh = new ArrayList<>(rows.subList((int) stored, rows.size()));
        }
        ByteBuffer buf = ByteBuffer.allocate(fresh.size() * columns * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double[] row : fresh) {
            for (int c = 0; c < columns; c++) {
                buf.putDouble(row[c]);
            }
        }
        buf.flip();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.position(stored * columns * 8);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(false); // on disk before the checkpoint that counts these rows
        }
        return stored + fresh.size();
    }

    /** The first {@code rows} rows of a records file, or null when it holds fewer. */
    static double[] read(Path file, long rows, int columns) throws IOException {
        long bytes = rows * columns * 8;
        if (!Files.isRegularFile(file) || Files.size(file) < bytes) {
            return null;
        }
        double[] out = new double[Math.toIntExact(rows * columns)];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // read until full
            }
            buf.flip();
            buf.asDoubleBuffer().get(out);
        }
        return out;
    }
}
