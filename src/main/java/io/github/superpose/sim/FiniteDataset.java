package io.github.superpose.sim;

import io.github.superpose.core.Rng;
import io.github.superpose.sim.fast.SparsePoints;

/**
 * Finite data (Henighan et al. 2023, "Superposition, Memorization, and Double Descent"): each
 * instance trains on its own fixed set of T points, drawn once from its own stream, and is
 * tested on fresh points of the same distribution. A point has every feature active with the
 * instance's density, values in U[0,1), and is rescaled to unit norm when {@code unit}.
 * {@link #sample} draws fresh points (the test distribution); {@link #trainingSet} the fixed set.
 *
 * <pre>FiniteDataset d = new FiniteDataset(10_000, new float[] {0.001f}, new int[] {100}, true, seed, new long[] {0});</pre>
 */
public final class FiniteDataset implements FeatureGenerator {
    /** Sub-stream of each instance's stream that draws its training set. */
    static final long TRAIN_STREAM = 11;
    /** Points per gradient task of the finite-data trainer (for memory plans). */
    public static final int CHUNK_POINTS = io.github.superpose.sim.fast.DatasetTrainer.CHUNK;

    private final int features;
    private final float[] density;
    private final int[] trainPoints;
    private final boolean unit;
    private final long seed;
    private final long[] streams;

    /**
     * @param density     per instance, shared by all features
     * @param trainPoints T per instance
     * @param streams     each instance's global index (its training set depends only on seed and this)
     */
    public FiniteDataset(int features, float[] density, int[] trainPoints, boolean unit, long seed, long[] streams) {
        if (density.length != trainPoints.length || density.length != streams.length) {
            throw new IllegalArgumentException("density, trainPoints and streams need one value per instance");
        }
        this.features = features;
        this.density = density.clone();
        this.trainPoints = trainPoints.clone();
        this.unit = unit;
        this.seed = seed;
        this.streams = streams.clone();
    }

    @Override
    public int features() {
        return features;
    }

    public int instances() {
        return density.length;
    }

    /** T of instance i. */
    public int trainPoints(int instance) {
        return trainPoints[instance];
    }

    public boolean unit() {
        return unit;
    }

    /** Instance i's fixed training set: the same on every call, every thread count and every shard. */
    public SparsePoints trainingSet(int instance) {
        return SparsePoints.draw(
                Rng.forStream(seed, streams[instance], TRAIN_STREAM),
                trainPoints[instance],
                features,
                density[instance],
                unit);
    }

    /** {@code count} fresh points of instance i's distribution drawn from {@code rng}. */
    public SparsePoints fresh(Rng rng, int instance, int count) {
        return SparsePoints.draw(rng, count, features, density[instance], unit);
    }

    /** Fresh points, dense: what a test batch looks like to the tape. */
    @Override
    public void sample(Rng rng, int instance, int batch, float[] out) {
        fresh(rng, instance, batch).dense(0, batch, out);
    }

    /** The hidden vectors h_t = W x_t [T][m] of instance i's training points, for w [features][m]. */
    public double[][] hidden(int instance, double[][] w) {
        SparsePoints pts = trainingSet(instance);
        int m = w.length == 0 ? 0 : w[0].length;
        double[][] out = new double[pts.size()][m];
        for (int t = 0; t < pts.size(); t++) {
            for (int e = pts.start(t); e < pts.end(t); e++) {
                double x = pts.value(e);
                double[] row = w[pts.feature(e)];
                for (int d = 0; d < m; d++) {
                    out[t][d] += x * row[d];
                }
            }
        }
        return out;
    }

    /**
     * Instance i's test points: {@code samples} fresh points from the evaluation stream the
     * trainer tests on, so a run's test loss can be recomputed from its weights.
     */
    public SparsePoints testSet(int instance, int samples) {
        return fresh(Rng.forStream(seed, streams[instance], Trainer.EVAL_STREAM), instance, samples);
    }

    /**
     * Each instance's mean loss on its whole training set (mean over points and features,
     * importance-weighted), with the exact sparse kernel.
     *
     * @param w          {@code [instances, features, hidden]}
     * @param b          {@code [instances, features]}
     * @param importance {@code [instances, features]}
     */
    public float[] trainLoss(int hidden, float[] w, float[] b, float[] importance, int threads) {
        SparsePoints[] sets = new SparsePoints[instances()];
        for (int i = 0; i < sets.length; i++) {
            sets[i] = trainingSet(i);
        }
        return io.github.superpose.sim.fast.DatasetTrainer.meanLoss(
                features, hidden, w, b, importance, features, sets, threads);
    }

    /** As {@link #trainLoss}, on each instance's {@link #testSet} of {@code samples} points: the run's test loss. */
    public float[] testLoss(int hidden, float[] w, float[] b, float[] importance, int samples, int threads) {
        SparsePoints[] sets = new SparsePoints[instances()];
        for (int i = 0; i < sets.length; i++) {
            sets[i] = testSet(i, samples);
        }
        return io.github.superpose.sim.fast.DatasetTrainer.meanLoss(
                features, hidden, w, b, importance, features, sets, threads);
    }
}
