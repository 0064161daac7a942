package io.github.superpose.experiments;

import static io.github.superpose.experiments.Claims.fmt;

import io.github.superpose.core.JavaBackend;
import io.github.superpose.core.Rng;
import io.github.superpose.core.Tape;
import io.github.superpose.core.Tensor;
import io.github.superpose.metrics.Geometry;
import io.github.superpose.metrics.Neurons;
import io.github.superpose.sim.FeatureGenerator;
import io.github.superpose.sim.ToyModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Claims on hidden neurons: privileged basis (T12), computation in superposition (T13), vulnerability (§4.9). */
final class NeuronClaims {
    private NeuronClaims() {}

    static List<Claim> privileged(RunData run) {
        Spec s = run.spec();
        List<Claim> out = new ArrayList<>();
        double[] dense = Claims.monosemanticity(run, 0);
        double minDense = java.util.Arrays.stream(dense).min().orElse(0);
        out.add(new Claim(
                "T12",
                "1 − S = " + fmt(s.densityOf(0))
                        + ": every neuron monosemantic (largest feature > 0.8 of its excitatory weight)",
                "lowest neuron ratio = " + fmt(minDense),
                minDense > Neurons.MONOSEMANTIC_ABOVE));
        double minSparse = 1;
        for (int i = 0; i < s.instances(); i++) {
            if (s.densityOf(i) <= 0.02) {
                minSparse = Math.min(
                        minSparse,
                        java.util.Arrays.stream(Claims.monosemanticity(run, i))
                                .min()
                                .orElse(1));
            }
        }
        out.add(new Claim(
                "T12",
                "1 − S ≤ 0.02: at least one polysemantic neuron (ratio < 0.6)",
                "lowest neuron ratio = " + fmt(minSparse),
                minSparse < Neurons.POLYSEMANTIC_BELOW));
        int rep = Geometry.representedCount(Measures.w(run, s.instances() - 1));
        out.add(new Claim(
                "T12",
                "sparsest: more features than neurons represented (‖W_f‖ > 0.5)",
                rep + " features for " + s.hidden() + " neurons",
                rep > s.hidden()));
        return out;
    }

    /** Features whose |x| error is below half the predict-the-mean baseline, for instance i. */
    static int computedFeatures(RunData run, int i) {
        Spec s = run.spec();
        int n = s.features();
        int batch = (int) Math.min(50_000, Math.max(4096, 60 / s.densityOf(i)));
        FeatureGenerator gen = Experiment.generatorOf(s);
        float[] x = new float[batch * n];
        gen.sample(Rng.forStream(s.seed(), i, 99), i, batch, x);
        Map<String, float[]> w = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : run.model().weights().entrySet()) {
            int per = e.getValue().length / s.instances();
            w.put(e.getKey(), java.util.Arrays.copyOfRange(e.getValue(), i * per, (i + 1) * per));
        }
        ToyModel one = ToyModel.of(s.model(), 1, n, s.hidden(), w);
        float[] y = one.forward(new Tape(new JavaBackend(1)), Tensor.of(x, 1, batch, n))
                .data();
        int computed = 0;
        for (int f = 0; f < n; f++) {
            double mean = 0;
            for (int k = 0; k < batch; k++) {
                mean += Math.abs(x[k * n + f]);
            }
            mean /= batch;
            double err = 0;
            double base = 0;
            for (int k = 0; k < batch; k++) {
                double t = Math.abs(x[k * n + f]);
                err += (t - y[k * n + f]) * (t - y[k * n + f]);
                base += (t - mean) * (t - mean);
            }
            computed += base > 0 && err < 0.5 * base ? 1 : 0;
        }
        return computed;
    }

    static List<Claim> abs(RunData run) {
        Spec s = run.spec();
        List<Claim> out = new ArrayList<>();
        int dense = computedFeatures(run, 0);
        out.add(new Claim(
                "T13",
                "dense: about m/2 = " + s.hidden() / 2 + " features computed (two neurons each), ± 3",
                dense + " features with error below half the predict-the-mean baseline",
                Math.abs(dense - s.hidden() / 2) <= 3));
        StringBuilder sb = new StringBuilder();
        boolean more = true;
        for (int i = 0; i < s.instances(); i++) {
            if (s.densityOf(i) <= 0.01) {
                int c = computedFeatures(run, i);
                more &= c > s.hidden() / 2;
                sb.append(fmt(s.densityOf(i))).append(": ").append(c).append("  ");
            }
        }
        out.add(new Claim(
                "T13",
                "1 − S ≤ 0.01: more than m/2 features computed in superposition",
                sb.toString().trim(),
                more));
        return out;
    }

    static List<Claim> adversarial(RunData run) {
        double[][] curve = Figures.vulnerabilityCurve(run);
        double[] fpd = curve[0];
        double[] vul = curve[1];
        int levels = vul.length;
        double ratio = vul[levels - 1] / Math.max(1e-12, vul[0]);
        List<Claim> out = new ArrayList<>();
        out.add(new Claim(
                "§4.9",
                "vulnerability (L′ − L)/(L′₀ − L₀) to the analytic optimal L2 attack (norm 0.1 × mean ‖x‖) rises more than 3× as superposition forms",
                "sparsest / densest = " + fmt(ratio),
                ratio > 3));
        double rho = spearman(fpd, vul);
        out.add(new Claim(
                "§4.9",
                "vulnerability tracks features per dimension (Spearman ρ > 0.5)",
                "ρ = " + fmt(rho),
                rho > 0.5));
        return out;
    }

    static double spearman(double[] a, double[] b) {
        double[] ra = ranks(a);
        double[] rb = ranks(b);
        double n = a.length;
        double d2 = 0;
        for (int i = 0; i < a.length; i++) {
            d2 += (ra[i] - rb[i]) * (ra[i] - rb[i]);
        }
        return 1 - 6 * d2 / (n * (n * n - 1));
    }

    static double[] ranks(double[] a) {
        Integer[] idx = new Integer[a.length];
        for (int i = 0; i < a.length; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, (x, y) -> Double.compare(a[x], a[y]));
        double[] r = new double[a.length];
        for (int k = 0; k < a.length; k++) {
            r[idx[k]] = k;
        }
        return r;
    }
}
