package io.github.superpose.sim.fast;

import io.github.superpose.core.Rng;
import io.github.superpose.core.WorkerPool;

/**
 * Everything one instance owns while training: its random stream, batch, parameters, gradients,
 * optimizer moments and kernel. Instances share nothing, so any thread can step any instance
 * and the result is the same, with one exception: instances whose batches are drawn from the
 * same stream (restarts of one configuration) may form a cohort. Its leader draws each batch
 * once and steps its followers on it, which share the leader's stream, sampler and kernel (so
 * the batch is also laid out once). A follower computes exactly what it would alone, since
 * its own stream would have drawn the same batches.
 */
final class InstanceRun {
    final int index;
    final float[] W;
    final float[] b;
    private final float[] dW;
    private final float[] db;
    private final Rng rng;
    private final BatchSampler sampler;
    private final GradKernel kernel;
    private final ParamUpdate updateW;
    private final ParamUpdate updateB;
    /** Loss in the forward pass of the last completed step. */
    float lastLoss = Float.NaN;
    /** Steps done (the next step's index). */
    int stepsDone;
    /** Step at which the loss or a parameter stopped being finite, or -1. */
    int divergedAt = -1;

    String divergedWhat;
    /** Nanoseconds spent, for balancing instances over threads. */
    long nanos;
    /** Time and steps of this instance in the latest segment (the compiled-code cost). */
    long segmentNanos;

    int segmentSteps;
    /** Cost-model units per step (the whole cohort's, for a leader), used before any time is measured. */
    double estimatedCost;
    /** Instances stepped on this one's batches (empty unless this leads a cohort). */
    private InstanceRun[] followers = new InstanceRun[0];
    /** Whether this instance is stepped by a cohort's leader. */
    boolean follower;

    InstanceRun(FusedJob job, int index, float[] W0, float[] b0) {
        this(job, index, FusedState.initial(job, W0, b0), null);
    }

    /**
     * Instance {@code index} of a job, continuing from {@code start}; {@code runner} (or null)
     * lends threads to a kernel that splits its batch.
     */
    InstanceRun(FusedJob job, int index, FusedState start, WorkerPool runner) {
        this(job, index, start, runner, null);
    }

    /**
     * As above; with a {@code leader} (whose stream, density and importance equal this
     * instance's, checked by {@link #canLead}) this instance joins the leader's cohort.
     */
    InstanceRun(FusedJob job, int index, FusedState start, WorkerPool runner, InstanceRun leader) {
        int n = job.features();
        int m = job.hidden();
        int nm = job.weightSize();
        this.index = index;
        this.W = java.util.Arrays.copyOfRange(start.W(), index * nm, (index + 1) * nm);
        this.b = java.util.Arrays.copyOfRange(start.b(), index * n, (index + 1) * n);
        this.dW = new float[nm];
        this.db = new float[n];
        this.stepsDone = start.step();
        this.lastLoss = start.lastLoss()[index];
        float[] density = java.util.Arrays.copyOfRange(job.density(), index * n, (index + 1) * n);
        if (leader != null) {
            this.rng = leader.rng;
            this.sampler = leader.sampler;
        } else {
            this.rng = Rng.fromState(new long[] {start.rng()[2 * index], start.rng()[2 * index + 1]});
            this.sampler = new BatchSampler(rng, job.batch(), density, job.signed(), job.sets());
        }
        FusedModel model = job.model();
        // the Gram form needs the tied linear map x -> WᵀW x, which a ReLU hidden layer breaks
        boolean gram = !model.reluHidden() && !job.signed() && useGram(n, m, sampler.meanDensity());
        float[] importance = job.importanceOf(index);
        if (leader != null) {
            this.kernel = leader.kernel;
        } else if (model.reluHidden() || job.signed()) {
            this.kernel = BlockKernel.fits(model, n, m, job.batch())
                    ? new BlockKernel(model, job.signed(), n, m, job.batch(), importance)
                    : new PanelKernel(
                            model, job.signed(), n, m, job.batch(), importance, sampler.meanDensity(), runner);
        } else if (gram) {
            this.kernel = new GramKernel(n, m, job.batch(), model.reluOut(), importance);
        } else if (BlockKernel.fits(n, m, job.batch())) {
            this.kernel = new BlockKernel(n, m, job.batch(), model.reluOut(), importance);
        } else {
            this.kernel = new PanelKernel(n, m, job.batch(), model.reluOut(), importance, runner);
        }
        double cost = gram ? gramCost(n, sampler.meanDensity()) : blockCost(n, m) * (nm / (n * m));
        if (model.reluHidden()) {
            // only non-empty samples go through the passes
            cost *= nonEmptyShare(density);
        }
        this.estimatedCost = job.batch() * cost;
        this.updateW = new ParamUpdate(job.optimizer(), job.beta1(), job.beta2(), job.eps(), job.weightDecay(), nm);
        this.updateB = new ParamUpdate(job.optimizer(), job.beta1(), job.beta2(), job.eps(), job.weightDecay(), n);
        float[][] mo = start.moments();
        if (mo != null) {
            updateW.restoreMoments(mo[0], mo[1], index * nm);
            updateB.restoreMoments(mo[2], mo[3], index * n);
        }
    }

    /** The random stream's state words (the sampler draws from it). */
    long[] rngState() {
        return rng.state();
    }

    /** Moments {m_W, v_W, m_b, v_b} (live arrays), or null for SGD. */
    float[][] moments() {
        float[][] w = updateW.moments();
        float[][] bb = updateB.moments();
        return w == null ? null : new float[][] {w[0], w[1], bb[0], bb[1]};
    }

    /**
     * Cost model (fixed, never timed, so the choice and hence the result never depends on the
     * machine): Gram work ~ 3n per active entry (two scalar passes over n plus the scatter and
     * gather around them) + 2n per non-empty sample; block work ~ 5nm per sample in 8-wide SIMD.
     * For n = 20, m = 5 this puts the switch near density 0.08.
     */
    static boolean useGram(int n, int m, double meanDensity) {
        return gramCost(n, meanDensity) < blockCost(n, m);
    }

    /** Probability that a sample has at least one active feature. */
    static double nonEmptyShare(float[] density) {
        double none = 1;
        for (float p : density) {
            none *= 1.0 - p;
        }
        return Math.max(1.0 - none, 1e-3);
    }

    static double gramCost(int n, double meanDensity) {
        double nonEmpty = 1.0 - Math.pow(1.0 - meanDensity, n);
        return 3.0 * n * n * meanDensity + 2.0 * n * nonEmpty;
    }

    static double blockCost(int n, int m) {
        return 5.0 * n * m / 8.0 * 2.0;
    }

    /**
     * Whether instance {@code index} of the job may join this one's cohort: this leads no more
     * than {@code maxSize - 1} followers, its kernel lays out a batch once for all, and the two
     * draw the same batches (same stream state, densities and importances).
     */
    boolean canLead(FusedJob job, int index, FusedState start, int maxSize) {
        if (follower || followers.length + 1 >= maxSize || !(kernel instanceof BlockKernel)) {
            return false;
        }
        int n = job.features();
        long[] words = start.rng();
        return words[2 * index] == words[2 * this.index]
                && words[2 * index + 1] == words[2 * this.index + 1]
                && java.util.Arrays.equals(
                        job.density(), index * n, (index + 1) * n, job.density(), this.index * n, (this.index + 1) * n)
                && java.util.Arrays.equals(job.importanceOf(index), job.importanceOf(this.index));
    }

    /** Adds a follower (built with this as its leader). */
    void lead(InstanceRun f) {
        f.follower = true;
        followers = java.util.Arrays.copyOf(followers, followers.length + 1);
        followers[followers.length - 1] = f;
        estimatedCost += f.estimatedCost;
    }

    /**
     * Runs step {@code t} of this instance and its followers on one batch; returns false when
     * the loss or a parameter of any of them is not finite (each records its own divergence).
     */
    boolean stepCohort(int t, double lr) {
        sampler.sample();
        boolean ok = stepDrawn(t, lr);
        for (InstanceRun f : followers) {
            ok &= f.stepDrawn(t, lr);
        }
        return ok;
    }

    /** Runs step {@code t}; returns false when the loss or a parameter is not finite. */
    boolean step(int t, double lr) {
        sampler.sample();
        return stepDrawn(t, lr);
    }

    /** Step {@code t} on the batch the sampler holds. */
    private boolean stepDrawn(int t, double lr) {
        double loss = kernel.lossAndGrad(W, b, sampler, dW, db);
        lastLoss = (float) loss;
        if (!Float.isFinite(lastLoss)) {
            return diverged(t, "loss");
        }
        boolean ok = updateW.stepInPlace(W, dW, lr, t + 1);
        ok &= updateB.stepInPlace(b, db, lr, t + 1);
        stepsDone = t + 1;
        return ok || diverged(t, "parameter");
    }

    private boolean diverged(int t, String what) {
        divergedAt = t;
        divergedWhat = what;
        return false;
    }

    /** Test access: one forward/backward pass on a fresh batch without updating. */
    double gradientOnly(float[] dWOut, float[] dbOut) {
        sampler.sample();
        return kernel.lossAndGrad(W, b, sampler, dWOut, dbOut);
    }
}
