package io.github.superpose.sim;

/**
 * The outcome of training: the kept model (per instance, the best restart), each instance's
 * evaluation loss on the fixed evaluation batch, and which restart it came from.
 */
public record TrainResult(ToyModel model, float[] evalLoss, int[] bestRestart, float[] finalTrainLoss) {}
