package io.github.superpose.cli;

import io.github.superpose.sim.TrainListener;
import java.io.PrintStream;

/**
 * A progress bar on stderr: redrawn in place on a terminal, one line per 10% otherwise (logs, CI).
 * Shows steps done, steps per second and the time left.
 */
final class Progress implements TrainListener {
    private static final int WIDTH = 30;
    private final PrintStream err;
    private final String label;
    private final boolean quiet;
    private final boolean terminal;
    private long start;
    private long lastDraw;
    /** Steps already done when this process started (a resumed run): not part of this process's rate. */
    private long firstDone = -1;

    private int lastDecile = -1;

    Progress(String label, boolean quiet) {
        this.err = System.err;
        this.label = label;
        this.quiet = quiet;
        this.terminal = System.console() != null;
    }

    @Override
    public void onProgress(long done, long total) {
        if (quiet || total <= 0) {
            return;
        }
        long now = System.nanoTime();
        mark(done, now);
        double frac = (double) done / total;
        int decile = (int) (frac * 10);
        boolean finished = done >= total;
        if (terminal) {
            if (!finished && now - lastDraw < 100_000_000L) {
                return;
            }
            lastDraw = now;
            err.print("\r" + line(done, total, now) + (finished ? "\n" : ""));
            err.flush();
        } else if (decile != lastDecile || finished) {
            if (decile == lastDecile && finished && decile == 10) {
                return;
            }
            lastDecile = decile;
            err.println(line(done, total, now));
        }
    }

    /** Remembers where this process started counting (the first report). */
    void mark(long done, long now) {
        if (firstDone < 0) {
            firstDone = done;
            start = now;
        }
    }

    /** Steps per second done by this process since its first report. */
    double rate(long done, long now) {
        double secs = (now - start) / 1e9;
        return (done - firstDone) / Math.max(secs, 1e-9);
    }

    String line(long done, long total, long now) {
        double rate = rate(done, now);
        String left = rate > 0 ? clock((total - done) / rate) : "?";
        int filled = (int) Math.round(WIDTH * (double) done / total);
        return String.format(
                "%s [%s%s] %3d%% %d/%d steps, %.0f steps/s, %s left",
                label,
                "#".repeat(filled),
                ".".repeat(WIDTH - filled),
                (int) (100.0 * done / total),
                done,
                total,
                rate,
                left);
    }

    static String clock(double s) {
        long t = Math.round(s);
        return t >= 3600
                ? String.format("%dh%02dm", t / 3600, (t % 3600) / 60)
                : t >= 60 ? String.format("%dm%02ds", t / 60, t % 60) : t + "s";
    }
}
