package io.github.superpose.sim.fast;

import java.util.function.IntToDoubleFunction;

/**
 * One fused training job: {@code instances} independent toy models of one kind trained together.
 *
 * <pre>FusedJob job = new FusedJob(7, 20, 5, true, density, importance, 10_000, 1024,
 *     t -> 1e-3, OptimizerKind.ADAMW, 0.9f, 0.999f, 1e-8f, 0.01f, 42L, 2, 100, 0);</pre>
 *
 * @param model      which toy model; weights per instance have {@link FusedModel#weightSize} values
 * @param signed     inputs are U[−1,1) where active and the target is |x| (the abs task); else U[0,1) and x
 * @param sets       correlated / anticorrelated pairs ahead of the independent features, or null
 * @param density    {@code [instances, features]}: probability that a feature is non-zero
 * @param importance {@code [features]} shared by every instance, or {@code [instances, features]}:
 *                   weight of each feature's squared error
 * @param lrAt       learning rate of step t (t from 0)
 * @param threads    worker threads; results do not depend on it
 * @param logEvery   log the loss at steps where {@code t % logEvery == 0} and at the last step; 0 = last only
 * @param hookEvery  call the hook before steps where {@code t % hookEvery == 0}; 0 = never
 */
public record FusedJob(
        int instances,
        int features,
        int hidden,
        FusedModel model,
        boolean signed,
        FeatureSets sets,
        float[] density,
        float[] importance,
        int steps,
        int batch,
        IntToDoubleFunction lrAt,
        OptimizerKind optimizer,
        float beta1,
        float beta2,
        float eps,
        float weightDecay,
        long seed,
        int threads,
        int logEvery,
        int hookEvery) {

    /** A tied job (linear or ReLU output) on non-negative inputs. */
    public FusedJob(
            int instances,
            int features,
            int hidden,
            boolean relu,
            float[] density,
            float[] importance,
            int steps,
            int batch,
            IntToDoubleFunction lrAt,
            OptimizerKind optimizer,
            float beta1,
            float beta2,
            float eps,
            float weightDecay,
            long seed,
            int threads,
            int logEvery,
            int hookEvery) {
        this(
                instances,
                features,
                hidden,
                relu ? FusedModel.RELU : FusedModel.LINEAR,
                false,
                null,
                density,
                importance,
                steps,
                batch,
                lrAt,
                optimizer,
                beta1,
                beta2,
                eps,
                weightDecay,
                seed,
                threads,
                logEvery,
                hookEvery);
    }

    public FusedJob {
        if (model == null) {
            throw new IllegalArgumentException("model is required");
        }
        positive("instances", instances);
        positive("features", features);
        positive("hidden", hidden);
        positive("steps", steps);
        positive("batch", batch);
        positive("threads", threads);
        if (density == null || density.length != instances * features) {
            throw new IllegalArgumentException("density must have shape [instances, features] = [" + instances + ", "
                    + features + "], got length " + (density == null ? 0 : density.length));
        }
        for (float p : density) {
            if (!(p >= 0f && p <= 1f)) {
                throw new IllegalArgumentException("density must lie in [0, 1], got " + p);
            }
        }
        if (importance == null || importance.length != features && importance.length != instances * features) {
            throw new IllegalArgumentException("importance must have shape [features] = [" + features
                    + "] or [instances, features], got length " + (importance == null ? 0 : importance.length));
        }
        if (sets != null && sets.pairedFeatures() > features) {
            throw new IllegalArgumentException(
                    "feature sets need " + sets.pairedFeatures() + " features, job has " + features);
        }
        if (lrAt == null || optimizer == null) {
            throw new IllegalArgumentException("lrAt and optimizer are required");
        }
        if (logEvery < 0 || hookEvery < 0) {
            throw new IllegalArgumentException("logEvery and hookEvery must be >= 0");
        }
    }

    /** Instance i's importance vector [features]. */
    public float[] importanceOf(int instance) {
        if (importance.length == features) {
            return importance;
        }
        return java.util.Arrays.copyOfRange(importance, instance * features, (instance + 1) * features);
    }

    /** The same job with another thread count (results are identical). */
    public FusedJob withThreads(int t) {
        return new FusedJob(
                instances,
                features,
                hidden,
                model,
                signed,
                sets,
                density,
                importance,
                steps,
                batch,
                lrAt,
                optimizer,
                beta1,
                beta2,
                eps,
                weightDecay,
                seed,
                t,
                logEvery,
                hookEvery);
    }

    /** The same job with another step count. */
    public FusedJob withSteps(int s) {
        return new FusedJob(
                instances,
                features,
                hidden,
                model,
                signed,
                sets,
                density,
                importance,
                s,
                batch,
                lrAt,
                optimizer,
                beta1,
                beta2,
                eps,
                weightDecay,
                seed,
                threads,
                logEvery,
                hookEvery);
    }

    /** Weight values per instance (b excluded). */
    public int weightSize() {
        return model.weightSize(features, hidden);
    }

    private static void positive(String name, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + v);
        }
    }
}
