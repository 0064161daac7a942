package io.github.superpose.experiments;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A spec as the same keys its TOML uses, every default filled in and importance written as an
 * explicit list: config.json's "spec" object, which {@link SpecParser} reads back unchanged.
 */
final class SpecJson {
    private SpecJson() {}

    static Map<String, Object> of(Spec s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("description", s.description());
        m.put("model", s.model().key());
        m.put("features", s.features());
        m.put("hidden", s.hidden());
        m.put("steps", s.steps());
        m.put("batch", s.batch());
        m.put("seed", s.seed());
        m.put("restarts", s.restarts());
        m.put("replicates", s.replicates());
        m.put("log_every", s.logEvery());
        m.put("hook_every", s.hookEvery());
        m.put("eval_batch", s.evalBatch());
        m.put("figures", s.figures());
        Map<String, Object> imp = new LinkedHashMap<>();
        imp.put("kind", "list");
        double[] values = new double[s.features()];
        for (int i = 0; i < values.length; i++) {
            values[i] = s.importance()[i];
        }
        imp.put("values", values);
        imp.put("relative", s.relative());
        m.put("importance", imp);
        Map<String, Object> den = new LinkedHashMap<>();
        den.put("values", s.densities());
        if (s.densityFeature() >= 0) {
            den.put("feature", s.densityFeature());
            den.put("base", s.baseDensity());
        }
        m.put("density", den);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("kind", s.data());
        if ("correlated".equals(s.data())) {
            data.put("correlated_pairs", s.correlatedPairs());
            data.put("anticorrelated_pairs", s.anticorrelatedPairs());
            data.put("convention", s.convention().name().toLowerCase());
        }
        if (s.finite()) {
            data.put("train_points", s.trainPoints());
            data.put("normalize", s.normalize());
        }
        m.put("data", data);
        Map<String, Object> opt = new LinkedHashMap<>();
        opt.put("kind", s.optimizer().kind().name().toLowerCase());
        opt.put("lr", (double) s.optimizer().lr());
        opt.put("beta1", (double) s.optimizer().beta1());
        opt.put("beta2", (double) s.optimizer().beta2());
        opt.put("eps", (double) s.optimizer().eps());
        opt.put("weight_decay", (double) s.optimizer().weightDecay());
        m.put("optimizer", opt);
        Map<String, Object> sch = new LinkedHashMap<>();
        sch.put("kind", s.schedule());
        sch.put("warmup", s.warmup());
        m.put("schedule", sch);
        return m;
    }
}
