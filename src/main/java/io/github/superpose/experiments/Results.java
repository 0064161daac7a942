package io.github.superpose.experiments;

import io.github.superpose.metrics.Neurons;
import io.github.superpose.metrics.Summary;
import io.github.superpose.metrics.Weights;
import io.github.superpose.sim.ToyModel;
import io.github.superpose.sim.TrainResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** results.json: per instance its settings, losses and superposition measures. */
final class Results {
    private Results() {
    }

    static Map<String, Object> of(RunResult run) {
        Spec spec = run.spec();
        TrainResult tr = run.train();
        ToyModel model = tr.model();
        int n = spec.features();
        int m = spec.hidden();
        List<Map<String, Object>> rows = new ArrayList<>();
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
