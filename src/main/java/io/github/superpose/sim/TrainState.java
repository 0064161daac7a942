package io.github.superpose.sim;

import java.util.List;
import java.util.Map;

/**
 * Where training stands between two steps: enough to continue bit-for-bit. Restarts train in
 * chunks (see {@link Trainer}); the state names the chunk, the steps done in it and the live
 * weights, optimizer moments and random streams of its instances, plus the best restart kept so
 * far per instance from earlier chunks.
 *
 * @param engine     {@link Engine#key()} of the engine that wrote it: a state resumes only on that engine
 * @param chunk      restart chunk in progress (equal to the chunk count when training is done)
 * @param step       steps done in that chunk; 0 with null weights at a chunk boundary
 * @param weights    live weights of the chunk's model (null at a boundary)
 * @param moments    optimizer moments m, v per parameter in parameter order, the same for both engines
 *                   (empty for SGD)
 * @param rng        two state words per instance of the chunk's model
 * @param lastLoss   last logged loss per instance of the chunk's model
 * @param best       best weights kept per instance (null before the first chunk ends)
 * @param bestLoss   evaluation loss of the kept weights
 * @param bestRestart restart the kept weights came from
 * @param finalTrain last logged training loss of the kept restart
 */
public record TrainState(
        String engine,
        int chunk,
        int step,
        Map<String, float[]> weights,
        List<float[]> moments,
        long[] rng,
        float[] lastLoss,
        Map<String, float[]> best,
        float[] bestLoss,
        int[] bestRestart,
        float[] finalTrain) {

    /** True when no chunk is in progress (at the start of a chunk, or after the last one). */
    public boolean atBoundary() {
        return weights == null;
    }
}
