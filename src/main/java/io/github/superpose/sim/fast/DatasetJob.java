package io.github.superpose.sim.fast;

import java.util.function.IntToDoubleFunction;

/**
 * One finite-data training job for {@link DatasetTrainer}: the ReLU-output model trained on a
 * fixed set of points per instance (full batch when {@code batch} ≥ the set's size, else
 * minibatches drawn with replacement from the instance's stream).
 *
 * @param train      each instance's training points
 * @param importance {@code [features]} shared, or {@code [instances, features]}
 * @param lr         learning rate at step t (t from 0)
 */
public record DatasetJob(
        int instances,
        int features,
        int hidden,
        SparsePoints[] train,
        float[] importance,
        int steps,
        int batch,
        IntToDoubleFunction lr,
        OptimizerKind optimizer,
        float beta1,
        float beta2,
        float eps,
        float weightDecay,
        int threads,
        int logEvery,
        int hookEvery) {
    public DatasetJob {
        if (train.length != instances) {
            throw new IllegalArgumentException(
                    "need one training set per instance (" + instances + "), got " + train.length);
        }
        if (importance.length != features && importance.length != instances * features) {
            throw new IllegalArgumentException("importance needs " + features + " or " + instances * features
                    + " values, got " + importance.length);
        }
    }

    /** Offset of instance i's importance vector. */
    int importanceOffset(int i) {
        return importance.length == features ? 0 : i * features;
    }

    /** Points one step of instance i trains on. */
    int stepPoints(int i) {
        return Math.min(batch, train[i].size());
    }
}
