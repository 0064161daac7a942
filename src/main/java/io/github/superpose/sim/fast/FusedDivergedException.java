package io.github.superpose.sim.fast;

/**
 * Thrown by {@link FusedTrainer} at the earliest (step, instance) whose loss or parameters stopped
 * being finite. The caller in {@code sim} turns it into its own divergence error, so this package
 * needs nothing from {@code sim}.
 */
public final class FusedDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int instance;
    private final int step;
    private final String what;

    public FusedDivergedException(int instance, int step, String what) {
        super("training diverged: " + what + " is not finite in instance " + instance + " at step " + step);
        this.instance = instance;
        this.step = step;
        this.what = what;
    }

    public int instance() {
        return instance;
    }

    public int step() {
        return step;
    }

    /** "loss" or "parameter". */
    public String what() {
        return what;
    }
}
