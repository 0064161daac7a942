package io.github.superpose.sim;

/**
 * Receives training states to persist. {@link Trainer} offers one after every {@link #every()}
 * steps within a restart chunk and one after each chunk ends; the state's arrays are fresh copies.
 */
public interface CheckpointSink {
    /** Steps between in-chunk checkpoints; 0 = only at chunk ends. */
    int every();

    void save(TrainState state);

    CheckpointSink NONE = new CheckpointSink() {
        @Override
        public int every() {
            return 0;
        }

        @Override
        public void save(TrainState state) {}
    };
}
