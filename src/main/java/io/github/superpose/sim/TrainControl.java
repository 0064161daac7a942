package io.github.superpose.sim;

/**
 * How a training call fits into a larger, interruptible job: which instances of the sweep it
 * trains, the state it continues from, and where it sends checkpoints.
 *
 * <pre>Trainer.train(..., new TrainControl(InstanceSlice.shard(0, 4, 100), null, sink));</pre>
 *
 * @param slice       the instances trained (global indices, for random streams)
 * @param resume      a state from {@link CheckpointSink} to continue from, or null for a fresh start
 * @param checkpoints receives states between steps
 */
public record TrainControl(InstanceSlice slice, TrainState resume, CheckpointSink checkpoints) {
    public TrainControl {
        if (slice == null || checkpoints == null) {
            throw new IllegalArgumentException("slice and checkpoints are required");
        }
    }

    /** All {@code instances}, from scratch, no checkpoints. */
    public static TrainControl plain(int instances) {
        return new TrainControl(InstanceSlice.all(instances), null, CheckpointSink.NONE);
    }
}
