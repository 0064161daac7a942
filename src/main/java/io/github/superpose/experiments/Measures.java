package io.github.superpose.experiments;

import io.github.superpose.metrics.ExpectedLoss;
import io.github.superpose.metrics.Geometry;
import io.github.superpose.metrics.Phases;
import io.github.superpose.metrics.Weights;
import io.github.superpose.sim.ModelKind;
import io.github.superpose.sim.ToyModel;

/** Per-instance geometry read off a run, shared by figures and claims. */
public final class Measures {
    private Measures() {}

    /** Instance i's embedding as [features][hidden] (W, or W1 for the abs model). */
    public static double[][] w(RunData run, int i) {
        ToyModel m = run.model();
        return Weights.instance(m.embedding(), i, m.features(), m.hidden());
    }

    public static double[] bias(RunData run, int i) {
        return Weights.bias(run.model().bias(), i, run.model().features());
    }

    /** Which features the model represents (‖W_i‖ above {@link Geometry#REPRESENTED}). */
    public static boolean[] represented(double[] norms) {
        boolean[] out = new boolean[norms.length];
        for (int f = 0; f < norms.length; f++) {
            out[f] = norms[f] > Geometry.REPRESENTED;
        }
        return out;
    }

    /** Hidden-neuron view [hidden][features] of instance i: row h holds every feature's weight on neuron h. */
    public static double[][] byNeuron(RunData run, int i) {
        double[][] w = w(run, i);
        double[][] out = new double[w[0].length][w.length];
        for (int f = 0; f < w.length; f++) {
            for (int h = 0; h < w[0].length; h++) {
                out[h][f] = w[f][h];
            }
        }
        return out;
    }

    /**
     * Index of the kept instance for (relative index, density index): the replicate with the lowest
     * eval loss, as best-of-K keeps the lowest-loss solution.
     */
    public static int best(RunData run, int relIndex, int densityIndex) {
        Spec s = run.spec();
        int base = (relIndex * s.densities().length + densityIndex) * s.replicates();
        int best = base;
        for (int k = 1; k < s.replicates(); k++) {
            if (run.evalLoss()[base + k] < run.evalLoss()[best]) {
                best = base + k;
            }
        }
        return best;
    }

    /**
     * Like {@link #best}, but for small ReLU-output models with uncorrelated features (the phase
     * diagrams) the replicates are ranked by their {@link ExpectedLoss} instead of the sampled
     * eval loss, whose noise at low density exceeds the gap between competing solutions.
     */
    public static int bestByExpectedLoss(RunData run, int relIndex, int densityIndex) {
        Spec s = run.spec();
        boolean exact = s.model() == ModelKind.RELU
                && s.features() <= ExpectedLoss.MAX_FEATURES
                && s.densityFeature() < 0
                && s.correlatedPairs() == 0
                && s.anticorrelatedPairs() == 0
                && "uniform".equals(s.data());
        if (!exact || s.replicates() == 1) {
            return best(run, relIndex, densityIndex);
        }
        int base = (relIndex * s.densities().length + densityIndex) * s.replicates();
        int best = base;
        double bestLoss = Double.MAX_VALUE;
        for (int i = base; i < base + s.replicates(); i++) {
            double loss = ExpectedLoss.reluOutput(
                    w(run, i), bias(run, i), Figures.toDoubles(s.importanceOf(i)), s.densityOf(i));
            if (loss < bestLoss) {
                bestLoss = loss;
                best = i;
            }
        }
        return best;
    }

    /** Phase code of the last ("extra") feature of instance i: 0 not learned, 1 dedicated, 2 superposition. */
    public static int extraPhase(RunData run, int i) {
        double[][] w = w(run, i);
        int last = w.length - 1;
        return Phases.label(Geometry.norms(w)[last], Geometry.superposition(w)[last])
                .ordinal();
    }

    /**
     * Whether instance i holds the 3 → 2 triangle solution, which the theory leaves out: all three
     * features represented (‖W_i‖ &gt; 0.5) and every pair at an obtuse angle (cos &lt; −0.25). The
     * configurations the theory does include always have an orthogonal pair (cos ≈ 0) or a dropped
     * feature, so they are never counted. A regular triangle has cos = −1/2 and s_i = 1/2 exactly,
     * on the superposition threshold, so its phase label is a coin toss.
     */
    public static boolean isTriangle(RunData run, int i) {
        double[][] w = w(run, i);
        if (w.length != 3) {
            return false;
        }
        double[] norms = Geometry.norms(w);
        double[][] g = Geometry.gram(w);
        for (int a = 0; a < 3; a++) {
            if (norms[a] <= Phases.NORM_THRESHOLD) {
                return false;
            }
            for (int b = a + 1; b < 3; b++) {
                if (g[a][b] / (norms[a] * norms[b]) >= -0.25) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Angles (degrees) between consecutive represented feature directions of a 2-D instance, sorted. */
    public static double[] angularGaps(double[][] w, double minNorm) {
        double[] norms = Geometry.norms(w);
        java.util.List<Double> angles = new java.util.ArrayList<>();
        for (int f = 0; f < w.length; f++) {
            if (norms[f] > minNorm) {
                angles.add(Math.toDegrees(Math.atan2(w[f][1], w[f][0])));
            }
        }
        java.util.Collections.sort(angles);
        double[] gaps = new double[angles.size()];
        for (int k = 0; k < angles.size(); k++) {
            double next = k + 1 < angles.size() ? angles.get(k + 1) : angles.get(0) + 360;
            gaps[k] = next - angles.get(k);
        }
        return gaps;
    }
}
