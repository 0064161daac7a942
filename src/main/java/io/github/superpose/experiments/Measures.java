package io.github.superpose.experiments;

import io.github.superpose.metrics.Geometry;
import io.github.superpose.metrics.Phases;
import io.github.superpose.metrics.Weights;
import io.github.superpose.sim.ToyModel;

/** Per-instance geometry read off a run, shared by figures and claims. */
public final class Measures {
    private Measures() {
    }

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

    /** Phase code of the last ("extra") feature of instance i: 0 not learned, 1 dedicated, 2 superposition. */
    public static int extraPhase(RunData run, int i) {
        double[][] w = w(run, i);
        int last = w.length - 1;
        return Phases.label(Geometry.norms(w)[last], Geometry.superposition(w)[last]).ordinal();
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
