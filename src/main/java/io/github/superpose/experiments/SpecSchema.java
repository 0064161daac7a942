package io.github.superpose.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every key a spec may hold, declared once: its table, its meaning, and for plain integers its
 * default and range. {@link SpecParser} reads through these declarations (unknown keys, integer
 * ranges), the {@code [quick]} table accepts exactly the same keys, config.json's spec object
 * ({@link SpecJson}) writes only these keys, and a test checks the README's spec reference names
 * each of them. Rules that depend on other fields (density.feature below features, warmup at most
 * steps) stay in {@link SpecParser}, next to the fields they relate.
 *
 * <pre>long steps = fields.integer(SpecSchema.STEPS);</pre>
 */
final class SpecSchema {
    /** A key of one table; {@code min..max} and {@code dflt} apply to integer keys. */
    record Key(String table, String name, String doc, long dflt, long min, long max) {
        String path() {
            return table.isEmpty() ? name : table + "." + name;
        }
    }

    private static final Map<String, List<Key>> TABLES = new LinkedHashMap<>();

    static final Key NAME = key("", "name", "a file stem naming the run (default: the spec file's stem)");
    static final Key DESCRIPTION = key("", "description", "one line shown in the gallery");
    static final Key MODEL = key("", "model", "linear | relu | hidden-relu | abs");
    static final Key FEATURES = integer("", "features", "n, the number of features", -1, 1, SpecParser.MAX_FEATURES);
    static final Key HIDDEN = integer("", "hidden", "m, the hidden dimensions", -1, 1, SpecParser.MAX_HIDDEN);
    static final Key STEPS = integer("", "steps", "training steps", 10_000, 1, SpecParser.MAX_STEPS);
    static final Key BATCH = integer("", "batch", "samples per step and instance", 1024, 1, SpecParser.MAX_BATCH);
    static final Key SEED = integer("", "seed", "the random seed", 0, Long.MIN_VALUE, Long.MAX_VALUE);
    static final Key RESTARTS = integer("", "restarts", "best-of-K restarts per instance", 1, 1, 100_000);
    static final Key REPLICATES = integer("", "replicates", "instances per (importance, density) cell", 1, 1, 100_000);
    static final Key FIGURES = key("", "figures", "figure names to render");
    static final Key LOG_EVERY = integer("", "log_every", "steps between loss-log rows", 100, 1, SpecParser.MAX_STEPS);
    static final Key HOOK_EVERY =
            integer("", "hook_every", "steps between dynamics records (0: none)", 0, 0, SpecParser.MAX_STEPS);
    static final Key EVAL_BATCH =
            integer("", "eval_batch", "samples in the fixed evaluation batch", 8192, 1, 10_000_000);

    static {
        for (String t : List.of("importance", "density", "data", "optimizer", "schedule", "quick")) {
            key("", t, "the [" + t + "] table");
        }
        key("importance", "kind", "geometric | log-spaced | uniform | list");
        key("importance", "base", "geometric: I_i = base^i");
        key("importance", "last", "log-spaced: the last feature's importance");
        key("importance", "values", "list: one importance per feature");
        key("importance", "relative", "multipliers of the last feature's importance");
        key("importance", "relative_from", "a log-spaced sweep of those multipliers: from");
        key("importance", "relative_to", "to");
        integer("importance", "relative_count", "count", 10, 1, 100_000);
        key("density", "values", "densities 1 − S, one instance group each");
        key("density", "sweep_from", "a log-spaced density sweep: from");
        key("density", "sweep_to", "to");
        integer("density", "sweep_count", "count", 10, 1, 100_000);
        key("density", "feature", "vary only this feature's density");
        key("density", "base", "the other features' density when feature is set");
        key("data", "kind", "uniform | signed | correlated | dataset (a fixed training set per instance)");
        key("data", "correlated_pairs", "pairs of features that fire together");
        key("data", "anticorrelated_pairs", "pairs of features that never fire together");
        key("data", "convention", "paper | arena: how correlated sets are drawn");
        key("data", "train_points", "dataset: training-set sizes T, one instance group each");
        key("data", "train_points_from", "a log-spaced sweep of T (rounded to integers): from");
        key("data", "train_points_to", "to");
        integer("data", "train_points_count", "count", 10, 1, 10_000);
        key("data", "normalize", "dataset: unit (each point rescaled to unit norm) | none");
        key("optimizer", "kind", "adamw | adam | sgd");
        key("optimizer", "lr", "learning rate");
        key("optimizer", "beta1", "first-moment decay");
        key("optimizer", "beta2", "second-moment decay");
        key("optimizer", "eps", "denominator epsilon");
        key("optimizer", "weight_decay", "decoupled weight decay (adamw)");
        key("schedule", "kind", "constant | linear | cosine");
        key("schedule", "warmup", "linear warmup steps, at most steps");
    }

    private SpecSchema() {}

    private static Key key(String table, String name, String doc) {
        return add(new Key(table, name, doc, 0, 0, 0));
    }

    private static Key integer(String table, String name, String doc, long dflt, long min, long max) {
        return add(new Key(table, name, doc, dflt, min, max));
    }

    private static Key add(Key k) {
        TABLES.computeIfAbsent(k.table(), t -> new ArrayList<>()).add(k);
        return k;
    }

    /** The keys a table may hold ("" for the top level). */
    static Set<String> keys(String table) {
        Set<String> out = new LinkedHashSet<>();
        for (Key k : TABLES.getOrDefault(table, List.of())) {
            out.add(k.name());
        }
        return out;
    }

    /** Every declared key, tables in declaration order. */
    static List<Key> all() {
        List<Key> out = new ArrayList<>();
        TABLES.values().forEach(out::addAll);
        return out;
    }
}
