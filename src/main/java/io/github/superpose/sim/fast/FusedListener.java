package io.github.superpose.sim.fast;

/**
 * Receives logs, hooks and progress from {@link FusedTrainer}; every call comes on the caller's
 * thread, and the arrays are fresh copies the listener may keep.
 */
public interface FusedListener {
    /** Loss of each instance in the forward pass of step {@code step}, {@code [instances]}. */
    default void onLog(int step, float[] lossPerInstance) {}

    /** Parameters as used by the forward pass of step {@code step}: W {@code [I, n, m]}, b {@code [I, n]}. */
    default void onHook(int step, float[] W, float[] b) {}

    default void onProgress(int stepsDone, int steps) {}

    /** A state to persist, offered between steps when checkpoints are asked for. */
    default void onCheckpoint(FusedState state) {}
}
