package io.github.superpose.sim.fast;

/**
 * Final parameters and the last logged loss.
 *
 * @param W         {@code [instances, features, hidden]} after the last step
 * @param b         {@code [instances, features]} after the last step
 * @param finalLoss {@code [instances]}, loss in the forward pass of the last logged step
 */
public record FusedResult(float[] W, float[] b, float[] finalLoss) {}
