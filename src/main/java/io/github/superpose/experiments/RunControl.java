package io.github.superpose.experiments;

import io.github.superpose.sim.InstanceSlice;
import java.nio.file.Path;

/**
 * How {@link Experiment#run} fits into an interruptible or distributed job: which instances to
 * train, a checkpoint to continue from, and where to write checkpoints.
 *
 * @param slice           the spec's instances trained here
 * @param resume          a checkpoint to continue from, or null
 * @param checkpoint      the checkpoint file to write, or null for none
 * @param checkpointEvery steps between checkpoints within a restart chunk (0 = only at chunk ends)
 */
public record RunControl(InstanceSlice slice, Checkpoint.Saved resume, Path checkpoint, int checkpointEvery) {
    /** Every instance, from scratch, no checkpoints. */
    public static RunControl plain(Spec spec) {
        return new RunControl(InstanceSlice.all(spec.instances()), null, null, 0);
    }
}
