package io.github.superpose.sim;

/** Thrown when a loss or parameter becomes NaN or infinite; names the instance and the step. */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int instance;
    private final int step;

    public TrainingDivergedException(int instance, int step, String what) {
        super("training diverged: " + what + " is not finite in instance " + instance + " at step " + step);
        this.instance = instance;
        this.step = step;
    }

    public int instance() {
        return instance;
    }

    public int step() {
        return step;
    }
}
