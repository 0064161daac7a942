package io.github.superpose.experiments;

import io.github.superpose.sim.CorrelatedSets;
import io.github.superpose.sim.ModelKind;
import io.github.superpose.sim.OptimizerConfig;
import java.util.List;

/**
 * A fully resolved experiment spec: every default filled in, every value validated.
 * One instance is trained per (training-set size, relative importance, density, replicate), in that
 * nesting order; the training-set size T applies to finite data only ({@code data = "dataset"}).
 *
 * @param importance   base importance vector [features]
 * @param relative     multipliers of the last feature's importance (phase diagrams); {1} when unused
 * @param densities    the density sweep, one value per instance group
 * @param densityFeature -1: the density applies to every feature; else only this feature's density
 *                       varies and the others keep {@code baseDensity}
 * @param trainPoints  finite data: the training-set sizes T swept (empty for fresh samples every step)
 * @param normalize    finite data: "unit" (each point rescaled to unit norm) or "none"
 */
public record Spec(
        String name,
        String description,
        ModelKind model,
        int features,
        int hidden,
        int steps,
        int batch,
        long seed,
        int restarts,
        int replicates,
        String importanceKind,
        float[] importance,
        double[] relative,
        double[] densities,
        int densityFeature,
        double baseDensity,
        String data,
        int correlatedPairs,
        int anticorrelatedPairs,
        CorrelatedSets.Convention convention,
        OptimizerConfig optimizer,
        String schedule,
        int warmup,
        int logEvery,
        int hookEvery,
        int evalBatch,
        List<String> figures,
        int[] trainPoints,
        String normalize) {

    /** Number of independent models trained together. */
    public int instances() {
        return relative.length * densities.length * replicates * Math.max(1, trainPoints.length);
    }

    /** True when every instance trains on its own fixed training set. */
    public boolean finite() {
        return trainPoints.length > 0;
    }

    /** The training-set size T of instance i (finite data only). */
    public int trainPointsOf(int instance) {
        return trainPoints[instance / (replicates * densities.length * relative.length)];
    }

    /** The density sweep value of instance i. */
    public double densityOf(int instance) {
        return densities[(instance / replicates) % densities.length];
    }

    /** The relative importance (of the last feature) of instance i. */
    public double relativeOf(int instance) {
        return relative[(instance / (replicates * densities.length)) % relative.length];
    }

    /** The importance vector of instance i. */
    public float[] importanceOf(int instance) {
        float[] imp = importance.clone();
        imp[features - 1] = (float) (imp[features - 1] * relativeOf(instance));
        return imp;
    }

    /** Density of every feature of instance i. */
    public float[] featureDensityOf(int instance) {
        float[] d = new float[features];
        double p = densityOf(instance);
        for (int f = 0; f < features; f++) {
            d[f] = (float) (densityFeature < 0 || f == densityFeature ? p : baseDensity);
        }
        return d;
    }

    public Spec withSteps(int s) {
        return new Spec(
                name,
                description,
                model,
                features,
                hidden,
                s,
                batch,
                seed,
                restarts,
                replicates,
                importanceKind,
                importance,
                relative,
                densities,
                densityFeature,
                baseDensity,
                data,
                correlatedPairs,
                anticorrelatedPairs,
                convention,
                optimizer,
                schedule,
                warmup,
                logEvery,
                hookEvery,
                evalBatch,
                figures,
                trainPoints,
                normalize);
    }

    public Spec withSeed(long s) {
        return new Spec(
                name,
                description,
                model,
                features,
                hidden,
                steps,
                batch,
                s,
                restarts,
                replicates,
                importanceKind,
                importance,
                relative,
                densities,
                densityFeature,
                baseDensity,
                data,
                correlatedPairs,
                anticorrelatedPairs,
                convention,
                optimizer,
                schedule,
                warmup,
                logEvery,
                hookEvery,
                evalBatch,
                figures,
                trainPoints,
                normalize);
    }

    /** The same experiment drawing other figures (re-plotting a saved run). */
    public Spec withFigures(List<String> names) {
        return new Spec(
                name,
                description,
                model,
                features,
                hidden,
                steps,
                batch,
                seed,
                restarts,
                replicates,
                importanceKind,
                importance,
                relative,
                densities,
                densityFeature,
                baseDensity,
                data,
                correlatedPairs,
                anticorrelatedPairs,
                convention,
                optimizer,
                schedule,
                warmup,
                logEvery,
                hookEvery,
                evalBatch,
                List.copyOf(names),
                trainPoints,
                normalize);
    }
}
