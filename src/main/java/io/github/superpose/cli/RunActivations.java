package io.github.superpose.cli;

import io.github.superpose.bridge.ActivationSet;
import io.github.superpose.core.Rng;
import io.github.superpose.experiments.Experiment;
import io.github.superpose.experiments.RunData;
import io.github.superpose.experiments.RunReader;
import io.github.superpose.experiments.SpecException;
import io.github.superpose.sim.FeatureGenerator;
import io.github.superpose.sim.ModelKind;
import java.nio.file.Path;

/**
 * A toy run's hidden activations for an SAE: fresh inputs x from the run's own spec (its densities
 * and generator, on a seed stream the run's training never used), h = W x for one instance (ReLU(W x)
 * for the hidden-relu model), and the true feature directions: the columns W_f of the features the
 * model represents (‖W_f‖ > 0.5, the paper's cut), which an SAE on h should find again.
 *
 * <pre>RunActivations a = RunActivations.sample(Path.of("runs/intro-5-in-2-…"), 0, 40_000, 7);</pre>
 */
record RunActivations(ActivationSet acts, double[][] directions, int represented, int features, String name) {
    /** Norm above which a feature counts as represented. */
    static final double REPRESENTED = 0.5;

    static RunActivations sample(Path dir, int instance, int rows, long seed) {
        RunData run = RunReader.load(dir);
        int inst = run.spec().instances();
        if (instance < 0 || instance >= inst) {
            throw new SpecException("--instance: " + instance + " is outside 0.." + (inst - 1) + " (" + dir + " has "
                    + inst + " instance" + (inst == 1 ? "" : "s") + ")");
        }
        int n = run.model().features();
        int m = run.model().hidden();
        float[] w = run.model().embedding();
        FeatureGenerator gen = Experiment.generatorOf(run.spec());
        Rng rng = Rng.forStream(seed, 1_000_003L + instance);
        float[] h = new float[rows * m];
        float[] x = new float[Math.min(rows, 4096) * n];
        boolean relu = run.model().kind() == ModelKind.HIDDEN_RELU;
        for (int r0 = 0; r0 < rows; r0 += 4096) {
            int b = Math.min(4096, rows - r0);
            gen.sample(rng, instance, b, x);
            for (int r = 0; r < b; r++) {
                for (int f = 0; f < n; f++) {
                    float v = x[r * n + f];
                    if (v != 0f) {
                        for (int k = 0; k < m; k++) {
                            h[(r0 + r) * m + k] += v * w[(instance * n + f) * m + k];
                        }
                    }
                }
                for (int k = 0; relu && k < m; k++) {
                    h[(r0 + r) * m + k] = Math.max(0f, h[(r0 + r) * m + k]);
                }
            }
        }
        java.util.List<double[]> dirs = new java.util.ArrayList<>();
        for (int f = 0; f < n; f++) {
            double[] d = new double[m];
            double norm = 0;
            for (int k = 0; k < m; k++) {
                d[k] = w[(instance * n + f) * m + k];
                norm += d[k] * d[k];
            }
            if (Math.sqrt(norm) > REPRESENTED) {
                dirs.add(d);
            }
        }
        return new RunActivations(
                ActivationSet.of(h, rows, m),
                dirs.toArray(new double[0][]),
                dirs.size(),
                n,
                run.spec().name());
    }
}
