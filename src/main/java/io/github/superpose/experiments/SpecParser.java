package io.github.superpose.experiments;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.github.superpose.sim.CorrelatedSets;
import io.github.superpose.sim.Importance;
import io.github.superpose.sim.ModelKind;
import io.github.superpose.sim.OptimizerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Reads a TOML experiment spec into a validated {@link Spec}. Unknown keys, wrong types and
 * out-of-range values are refused with one line naming the file and the field.
 *
 * <pre>Spec s = SpecParser.parse(Path.of("experiments/intro-5-in-2.toml"));</pre>
 */
public final class SpecParser {
    // Sizes beyond these are refused before anything is allocated.
    /**
     * Every measure of a run (D_i, interference, phases) uses the features × features Gram matrix,
     * and the fused kernel keeps one too: it must fit one Java array.
     */
    static final long MAX_FEATURES = 32_767;

    static final long MAX_HIDDEN = 100_000;
    static final long MAX_STEPS = 100_000_000;
    static final long MAX_BATCH = 1_000_000;
    /** Training-set points per instance (finite data); the memory plan bounds the whole run further. */
    static final long MAX_TRAIN_POINTS = 100_000_000;
    /** relative × densities × replicates; beyond this no machine this toolkit targets can train them. */
    static final long MAX_INSTANCES = 1_000_000;
    /** Run folders are NAME-TIMESTAMP and figures NAME-FIGURE.svg: the stem leaves room in a 255-byte file name. */
    static final int MAX_NAME = 100;
    /** A safe file stem: no path separators, no leading dot (so never "." or ".." or hidden), no spaces. */
    static final String NAME_RULE = "[A-Za-z0-9][A-Za-z0-9._-]*";

    private SpecParser() {}

    public static Spec parse(Path file) {
        return parse(file, false);
    }

    /**
     * @param quick apply the spec's {@code [quick]} table: the same experiment at reduced scale
     *              (any keys of the spec, e.g. {@code steps}, {@code restarts}, {@code [quick.density]})
     */
    public static Spec parse(Path file, boolean quick) {
        String label = SpecException.printable(file.toString(), 4096);
        if (!Files.isRegularFile(file)) {
            throw new SpecException(label + ": spec file not found");
        }
        JsonNode root;
        try {
            String text = Files.readString(file, java.nio.charset.StandardCharsets.UTF_8);
            // editors on some systems start UTF-8 files with a byte-order mark, which TOML does not allow
            root = new TomlMapper().readTree(text.startsWith("\uFEFF") ? text.substring(1) : text);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new SpecException(label + ": not UTF-8 text (TOML files are UTF-8)");
        } catch (JacksonException e) {
            throw new SpecException(label + ": not valid TOML: "
                    + e.getOriginalMessage().split("\n")[0]
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
        } catch (IOException e) {
            throw new SpecException(label + ": cannot read spec: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new SpecException(label + ": empty spec");
        }
        String stem = file.getFileName().toString().replaceFirst("\\.toml$", "");
        Spec full = parse(label, stem, root);
        JsonNode q = root.get("quick");
        if (q == null) {
            return full;
        }
        if (!q.isObject()) {
            throw new SpecException(label + ": quick: expected a table, got " + Fields.describe(q));
        }
        if (q.has("quick") || q.has("name")) {
            throw new SpecException(label + ": quick: may not set 'quick' or 'name'");
        }
        // the quick table is checked on every read, so a typo in it fails the full run too, not weeks later
        Spec reduced = parse(label + " [quick]", stem, QuickTable.merged(root, q));
        return quick ? reduced : full;
    }

    /**
     * Checks a spec built in code (command-line overrides applied) against the same rules as a
     * file, by reading back the config.json form it will be saved as. {@code source} names the
     * origin in a refusal.
     */
    public static Spec check(Spec spec, String source) {
        JsonNode tree = RunStore.JSON.valueToTree(SpecJson.of(spec));
        return parse(source, spec.name(), tree);
    }

    static Spec parse(String file, String stem, JsonNode root) {
        Fields f = new Fields(file, "", root);
        f.onlyKeys(SpecSchema.keys(""));
        String name = f.string("name", stem);
        if (!name.matches(NAME_RULE) || name.length() > MAX_NAME) {
            throw f.error(
                    "name",
                    "expected a file stem of 1 to " + MAX_NAME + " letters, digits, '.', '_' or '-'"
                            + " starting with a letter or digit, got " + Fields.quote(name));
        }
        String modelKey = f.choice("model", "relu", Set.of("linear", "relu", "hidden-relu", "abs"));
        ModelKind model = ModelKind.fromKey(modelKey);
        int n = (int) f.integer(SpecSchema.FEATURES);
        int m = (int) f.integer(SpecSchema.HIDDEN);
        if (!f.has("features")) {
            throw f.error("features", "required (number of features n, an integer >= 1)");
        }
        if (!f.has("hidden")) {
            throw f.error("hidden", "required (number of hidden dimensions m, an integer >= 1)");
        }
        int steps = (int) f.integer(SpecSchema.STEPS);
        int batch = (int) f.integer(SpecSchema.BATCH);
        long seed = f.integer(SpecSchema.SEED);
        int restarts = (int) f.integer(SpecSchema.RESTARTS);
        int replicates = (int) f.integer(SpecSchema.REPLICATES);
        int logEvery = (int) f.integer(SpecSchema.LOG_EVERY);
        int hookEvery = (int) f.integer(SpecSchema.HOOK_EVERY);
        int evalBatch = (int) f.integer(SpecSchema.EVAL_BATCH);
        List<String> figures = f.strings("figures");
        for (int i = 0; i < figures.size(); i++) {
            if (!FigureNames.ALL.contains(figures.get(i))) {
                throw f.error(
                        "figures[" + i + "]",
                        "unknown figure '" + Fields.safe(figures.get(i)) + "' (expected one of "
                                + String.join(", ", FigureNames.ALL) + ")");
            }
        }

        Fields imp = f.table("importance");
        imp.onlyKeys(SpecSchema.keys("importance"));
        String impKind = imp.choice("kind", "uniform", Set.of("geometric", "log-spaced", "uniform", "list"));
        float[] importance = importanceOf(imp, impKind, n);
        double[] relative = relativeOf(imp);

        Fields den = f.table("density");
        den.onlyKeys(SpecSchema.keys("density"));
        double[] densities = densitiesOf(den);
        int densityFeature = (int) den.integer("feature", -1, -1, n - 1);
        double baseDensity = den.number("base", 1.0, 0, 1, true);

        Fields data = f.table("data");
        data.onlyKeys(SpecSchema.keys("data"));
        String dataKind = data.choice(
                "kind",
                model == ModelKind.ABS ? "signed" : "uniform",
                Set.of("uniform", "signed", "correlated", "dataset"));
        int corr = (int) data.integer("correlated_pairs", 0, 0, n / 2);
        int anti = (int) data.integer("anticorrelated_pairs", 0, 0, n / 2);
        CorrelatedSets.Convention conv = "arena".equals(data.choice("convention", "paper", Set.of("paper", "arena")))
                ? CorrelatedSets.Convention.ARENA
                : CorrelatedSets.Convention.PAPER;
        checkData(data, dataKind, corr, anti, n, conv, densities, densityFeature);
        int[] trainPoints = DatasetFields.trainPoints(data, dataKind);
        String normalize = DatasetFields.normalize(data, dataKind);

        OptimizerConfig opt = optimizerOf(f.table("optimizer"));
        Fields sch = f.table("schedule");
        sch.onlyKeys(SpecSchema.keys("schedule"));
        String schedule = sch.choice("kind", "constant", Set.of("constant", "linear", "cosine"));
        int warmup = (int) sch.integer("warmup", 0, 0, steps);

        long instances = (long) relative.length * densities.length * replicates * Math.max(1, trainPoints.length);
        if (instances > MAX_INSTANCES) {
            throw f.error(
                    "replicates",
                    "importance.relative (" + relative.length + ") × density ("
                            + densities.length + ") × replicates (" + replicates + ")"
                            + (trainPoints.length > 0 ? " × data.train_points (" + trainPoints.length + ")" : "")
                            + " = " + instances + " instances, more than the limit of " + MAX_INSTANCES);
        }
        DatasetFields.checkCompatible(f, data, dataKind, model, restarts, densityFeature);
        if (instances * n * m > Integer.MAX_VALUE - 8) {
            throw f.error(
                    "features",
                    instances + " instances × features (" + n + ") × hidden (" + m + ") = " + instances * n * m
                            + " weights, more than one array holds (" + (Integer.MAX_VALUE - 8) + ")");
        }
        checkImportance(imp, impKind, importance, relative);

        return new Spec(
                name,
                f.string("description", ""),
                model,
                n,
                m,
                steps,
                batch,
                seed,
                restarts,
                replicates,
                impKind,
                importance,
                relative,
                densities,
                densityFeature,
                baseDensity,
                dataKind,
                corr,
                anti,
                conv,
                opt,
                schedule,
                warmup,
                logEvery,
                hookEvery,
                evalBatch,
                List.copyOf(figures),
                trainPoints,
                normalize);
    }

    private static float[] importanceOf(Fields imp, String kind, int n) {
        switch (kind) {
            case "geometric":
                if (!imp.has("base")) {
                    throw imp.error("base", "required for geometric importance (I_i = base^i), a number in (0, inf]");
                }
                return Importance.geometric(n, imp.number("base", 1, 0, Double.MAX_VALUE, true));
            case "log-spaced":
                return Importance.logSpaced(n, imp.number("last", 0.01, 0, Double.MAX_VALUE, true));
            case "list": {
                double[] v = imp.numbers("values", 0, Double.MAX_VALUE, true);
                if (v == null || v.length != n) {
                    throw imp.error(
                            "values",
                            "expected " + n + " importances > 0 (one per feature)"
                                    + (v == null ? "" : ", got " + v.length));
                }
                return Importance.explicit(n, v);
            }
            default:
                return Importance.uniform(n);
        }
    }

    /** Every importance, times every relative factor, must be a positive finite float32 (what training uses). */
    private static void checkImportance(Fields imp, String kind, float[] importance, double[] relative) {
        String field = "list".equals(kind) ? "values" : "geometric".equals(kind) ? "base" : "last";
        for (int i = 0; i < importance.length; i++) {
            if (!(importance[i] > 0) || Float.isInfinite(importance[i])) {
                throw imp.error(
                        field,
                        "gives importance " + importance[i] + " for feature " + i
                                + " in float32 (expected > 0 and finite)");
            }
        }
        float last = importance[importance.length - 1];
        for (double r : relative) {
            float v = (float) (last * r);
            if (!(v > 0) || Float.isInfinite(v)) {
                throw imp.error(
                        "relative",
                        "factor " + r + " gives the last feature importance " + v
                                + " in float32 (expected > 0 and finite)");
            }
        }
    }

    /** Relative importance of the last feature: a list, a log-spaced sweep, or {1}. */
    private static double[] relativeOf(Fields imp) {
        double[] list = imp.numbers("relative", 0, Double.MAX_VALUE, true);
        boolean sweep = imp.has("relative_from") || imp.has("relative_to") || imp.has("relative_count");
        if (list != null && sweep) {
            throw imp.error("relative", "give either relative or relative_from/relative_to/relative_count, not both");
        }
        if (list != null) {
            return list;
        }
        if (!sweep) {
            return new double[] {1.0};
        }
        return logSweep(
                imp.number("relative_from", 0.1, 0, Double.MAX_VALUE, true),
                imp.number("relative_to", 10, 0, Double.MAX_VALUE, true),
                (int) imp.integer("relative_count", 10, 1, 100_000));
    }

    /** from·(to/from)^(k/(count−1)), k = 0..count−1: evenly spaced on a log axis. */
    static double[] logSweep(double from, double to, int count) {
        double[] out = new double[count];
        for (int k = 0; k < count; k++) {
            out[k] = count == 1 ? from : from * Math.pow(to / from, (double) k / (count - 1));
        }
        return out;
    }

    private static double[] densitiesOf(Fields den) {
        double[] values = den.numbers("values", 0, 1, true);
        boolean sweep = den.has("sweep_count") || den.has("sweep_from") || den.has("sweep_to");
        if (values != null && sweep) {
            throw den.error("values", "give either values or sweep_from/sweep_to/sweep_count, not both");
        }
        if (values != null) {
            return values;
        }
        if (!sweep) {
            return new double[] {1.0};
        }
        // geometric steps from 'from' to 'to': the notebook's 20^(-k/(K-1)) when from = 1, to = 1/20
        return logSweep(den.number("sweep_from", 1.0, 0, 1, true), den.number("sweep_to", 0.05, 0, 1, true), (int)
                den.integer("sweep_count", 10, 1, 100_000));
    }

    private static void checkData(
            Fields data,
            String kind,
            int corr,
            int anti,
            int n,
            CorrelatedSets.Convention conv,
            double[] densities,
            int densityFeature) {
        if (!"correlated".equals(kind) && (corr > 0 || anti > 0)) {
            throw data.error("kind", "correlated_pairs and anticorrelated_pairs need kind = \"correlated\"");
        }
        if ("correlated".equals(kind)) {
            if (corr + anti == 0) {
                throw data.error("correlated_pairs", "kind = \"correlated\" needs at least one pair");
            }
            if (densityFeature >= 0) {
                throw data.error("kind", "density.feature cannot be used with correlated data");
            }
            if (conv == CorrelatedSets.Convention.ARENA && anti > 0) {
                for (double p : densities) {
                    if (p > 0.5) {
                        throw data.error("convention", "the arena convention needs every density <= 0.5, got " + p);
                    }
                }
            }
        }
    }

    private static OptimizerConfig optimizerOf(Fields o) {
        o.onlyKeys(SpecSchema.keys("optimizer"));
        String kind = o.choice("kind", "adamw", Set.of("adamw", "adam", "sgd"));
        OptimizerConfig.Kind k = OptimizerConfig.Kind.valueOf(kind.toUpperCase());
        double wdDefault = k == OptimizerConfig.Kind.ADAMW ? 0.01 : 0.0;
        return new OptimizerConfig(
                k,
                (float) o.number("lr", 1e-3, 0, 10, true),
                (float) o.number("beta1", 0.9, 0, 1, false),
                (float) o.number("beta2", 0.999, 0, 1, false),
                (float) o.number("eps", 1e-8, 0, 1, true),
                (float) o.number("weight_decay", wdDefault, 0, 10, false));
    }
}
