package io.github.superpose.sim;

/** Observes training: logged losses, periodic hooks (learning dynamics), progress. */
public interface TrainListener {
    /**
     * Per-instance training loss (mean over batch and features, importance-weighted) at a logged step.
     * Restarts train side by side as extra instances: entry j belongs to restart
     * {@code restart + j / instances} and instance {@code j % instances}. Hooks see the same layout.
     */
    default void onLog(int restart, int step, float[] lossPerInstance) {}

    /** Called every {@code hookEvery} steps with the live model (read it, do not keep it). */
    default void onHook(int restart, int step, ToyModel model) {}

    /** Work done out of total (steps summed over restarts). */
    default void onProgress(long done, long total) {}

    TrainListener NONE = new TrainListener() {};
}
