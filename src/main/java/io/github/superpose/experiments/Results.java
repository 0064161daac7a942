package io.github.superpose.experiments;

import io.github.superpose.metrics.Neurons;
import io.github.superpose.metrics.PointDimensionality;
import io.github.superpose.metrics.Summary;
import io.github.superpose.metrics.Weights;
import io.github.superpose.sim.FiniteDataset;
import io.github.superpose.sim.ToyModel;
import io.github.superpose.sim.TrainResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** results.json: per instance its settings, losses and superposition measures. */
final class Results {
    private Results() {}

    static Map<String, Object> of(RunResult run) {
        Spec spec = run.spec();
        TrainResult tr = run.train();
        ToyModel model = tr.model();
        int n = spec.features();
        int m = spec.hidden();
        List<Map<String, Object>> rows = new ArrayList<>();
        FiniteDataset data = spec.finite() ? (FiniteDataset) Experiment.generatorOf(spec, run.slice()) : null;
        for (int i = 0; i < run.slice().size(); i++) {
            int id = run.slice().id(i);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("instance", id);
            r.put("density", spec.densityOf(id));
            r.put("feature_density", toDoubles(spec.featureDensityOf(id)));
            r.put("relative_importance", spec.relativeOf(id));
            r.put("importance", toDoubles(spec.importanceOf(id)));
            r.put("restarts", spec.restarts());
            r.put("best_restart", tr.bestRestart()[i]);
            r.put("eval_loss", (double) tr.evalLoss()[i]);
            r.put("train_loss", (double) tr.finalTrainLoss()[i]);
            double[][] w = Weights.instance(model.embedding(), i, n, m);
            if (spec.finite()) {
                r.put("train_points", spec.trainPointsOf(id));
                r.put("test_loss", (double) tr.evalLoss()[i]);
                r.put("test_samples", spec.evalBatch());
                r.put("finite", finite(data, i, w, spec.trainPointsOf(id)));
                rows.add(r);
                continue;
            }
            Summary.InstanceSummary s = Summary.of(w, Weights.bias(model.bias(), i, n));
            r.put("metrics", snake(s.toMap()));
            if (Experiment.hasNeurons(spec.model())) {
                r.put("neurons", neurons(w, s.norms()));
            }
            rows.add(r);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", spec.name());
        out.put("model", spec.model().key());
        out.put("features", n);
        out.put("hidden", m);
        out.put("instances", spec.instances());
        out.put("seconds", run.seconds());
        out.put("results", rows);
        return out;
    }

    /**
     * Finite data: feature and data-point dimensionalities with their squared-norm-weighted
     * means, the feature norms, and (for T up to {@link FiniteMeasures#MAX_LISTED_POINTS}) each
     * training point's D_t and hidden vector h_t. The n × n measures of fresh-data runs are left
     * out: at n = 10,000 their Gram matrices alone would take 800 MB per instance.
     */
    static Map<String, Object> finite(FiniteDataset data, int i, double[][] w, int trainPoints) {
        double[][] h = data.hidden(i, w);
        double[] dPoint = PointDimensionality.of(h);
        double[] dFeature = PointDimensionality.of(w);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mean_feature_dimensionality", PointDimensionality.weightedMean(w, dFeature));
        out.put("mean_point_dimensionality", PointDimensionality.weightedMean(h, dPoint));
        out.put("represented_features", io.github.superpose.metrics.Geometry.representedCount(w));
        out.put("feature_norms", io.github.superpose.metrics.Geometry.norms(w));
        out.put("feature_dimensionality", dFeature);
        if (trainPoints <= FiniteMeasures.MAX_LISTED_POINTS) {
            out.put("point_dimensionality", dPoint);
            out.put("hidden_vectors", h);
        }
        return out;
    }

    /**
     * Per hidden neuron: max_f |W_fn| / Σ_f |W_fn|, the excitatory share of its largest represented
     * feature, and the number of features above 0.1 of the max.
     */
    static Map<String, Object> neurons(double[][] w, double[] norms) {
        int n = w.length;
        int m = w[0].length;
        double[][] byNeuron = new double[m][n];
        for (int f = 0; f < n; f++) {
            for (int h = 0; h < m; h++) {
                byNeuron[h][f] = w[f][h];
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("monosemanticity", Neurons.monosemanticity(byNeuron));
        out.put("excitatory_monosemanticity", Neurons.excitatoryMonosemanticity(byNeuron, Measures.represented(norms)));
        out.put("features_above_tenth", Neurons.featuresAbove(byNeuron, 0.1));
        return out;
    }

    static double[] toDoubles(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    static Map<String, Object> snake(Map<String, Object> in) {
        Map<String, Object> out = new LinkedHashMap<>();
        in.forEach((k, v) -> out.put(k.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(), v));
        return out;
    }
}
