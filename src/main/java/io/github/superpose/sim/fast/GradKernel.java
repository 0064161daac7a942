package io.github.superpose.sim.fast;

/**
 * Forward and backward pass of one instance over one batch.
 * Shapes: W {@code [features, hidden]}, b {@code [features]}, dW and db the same; the
 * gradients are overwritten (not accumulated).
 */
interface GradKernel {
    /** Writes dL/dW and dL/db and returns the loss, mean over batch and features of I·(x − x')². */
    double lossAndGrad(float[] W, float[] b, BatchSampler batch, float[] dW, float[] db);
}
