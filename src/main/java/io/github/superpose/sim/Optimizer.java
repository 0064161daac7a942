package io.github.superpose.sim;

import io.github.superpose.core.Tensor;
import java.util.List;

/**
 * Updates parameters from their gradients; the one place besides decoder renormalisation where
 * training mutates, hence the {@code InPlace} name. Updates are elementwise, so each instance of a
 * batched model keeps its own effective learning rate.
 */
public interface Optimizer {
    /** One update of every parameter with learning rate {@code lr}; gradients are read, not cleared. */
    void stepInPlace(List<Tensor> params, double lr);

    /** Number of updates done so far. */
    int steps();

    /**
     * The optimizer's state for a checkpoint: per parameter in {@code params} order, its moment
     * arrays (Adam: m then v; zeros for a parameter not yet updated; SGD: none).
     */
    List<float[]> exportState(List<Tensor> params);

    /** Restores {@link #exportState} output and the update count, so the next update continues exactly. */
    void importState(List<Tensor> params, List<float[]> state, int steps);
}
