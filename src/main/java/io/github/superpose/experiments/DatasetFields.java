package io.github.superpose.experiments;

import io.github.superpose.sim.ModelKind;
import java.util.Set;

/**
 * The finite-data keys of a spec's {@code [data]} table ({@code kind = "dataset"}): the
 * training-set sizes T (a list, or a log-spaced sweep rounded to integers), the normalization,
 * and the options finite data cannot honour, each refused naming its field.
 */
final class DatasetFields {
    private DatasetFields() {}

    /** T per instance group; empty unless kind = "dataset", where at least one is required. */
    static int[] trainPoints(Fields data, String kind) {
        boolean sweep = data.has("train_points_from") || data.has("train_points_to") || data.has("train_points_count");
        boolean list = data.has("train_points");
        if (!"dataset".equals(kind)) {
            if (list || sweep) {
                throw data.error(
                        list ? "train_points" : "train_points_from",
                        "needs kind = \"dataset\" (a fixed training set per instance)");
            }
            return new int[0];
        }
        if (list && sweep) {
            throw data.error("train_points", "give either train_points or train_points_from/_to/_count, not both");
        }
        if (!list && !sweep) {
            throw data.error("train_points", "required for kind = \"dataset\" (training-set sizes T, integers >= 1)");
        }
        if (list) {
            double[] v = data.numbers("train_points", -Double.MAX_VALUE, Double.MAX_VALUE, false);
            int[] out = new int[v.length];
            for (int i = 0; i < v.length; i++) {
                out[i] = checked(data, "train_points[" + i + "]", v[i]);
            }
            return out;
        }
        double from = data.number("train_points_from", 1, 1, SpecParser.MAX_TRAIN_POINTS, false);
        double to = data.number("train_points_to", 1000, 1, SpecParser.MAX_TRAIN_POINTS, false);
        int count = (int) data.integer("train_points_count", 10, 1, 10_000);
        double[] sweepValues = SpecParser.logSweep(from, to, count);
        int[] out = new int[count];
        for (int k = 0; k < count; k++) {
            out[k] = (int) Math.round(sweepValues[k]);
        }
        return out;
    }

    private static int checked(Fields data, String field, double v) {
        if (!(v >= 1) || v > SpecParser.MAX_TRAIN_POINTS || v != Math.rint(v)) {
            throw data.error(
                    field,
                    "expected an integer from 1 to " + SpecParser.MAX_TRAIN_POINTS + " (training points T), got "
                            + (v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v)));
        }
        return (int) v;
    }

    /** "unit" or "none"; the key is refused outside finite data. */
    static String normalize(Fields data, String kind) {
        if (!"dataset".equals(kind)) {
            if (data.has("normalize")) {
                throw data.error("normalize", "needs kind = \"dataset\" (fresh samples are not rescaled)");
            }
            return "none";
        }
        return data.choice("normalize", "unit", Set.of("unit", "none"));
    }

    /** Refuses the options the finite-data engine does not implement. */
    static void checkCompatible(
            Fields top, Fields data, String kind, ModelKind model, int restarts, int densityFeature) {
        if (!"dataset".equals(kind)) {
            return;
        }
        if (model != ModelKind.RELU) {
            throw data.error(
                    "kind",
                    "\"dataset\" trains the ReLU-output model only (model = \"relu\"), got model = \"" + model.key()
                            + "\"");
        }
        if (restarts != 1) {
            throw top.error(
                    "restarts",
                    "must be 1 with data.kind = \"dataset\" (best-of-K would pick restarts by test"
                            + " loss); use replicates for several seeds");
        }
        if (densityFeature >= 0) {
            throw data.error(
                    "kind", "\"dataset\" draws every feature with one density; density.feature is not supported");
        }
    }
}
