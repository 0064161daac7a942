package io.github.superpose.experiments;

import io.github.superpose.sim.ToyModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Manual probe (not a test): joins a full run of a double-descent spec's first instances with
 * one-instance shard folders of the rest (`./sim run SPEC --shard K/N`, same streams as the whole
 * run) into one run of the spec, prints per T the losses and dimensionalities the claims read and
 * the claims, and renders the figures.
 *
 * <pre>java … DoubleDescentJoin SPEC.toml FIRST_RUN_DIR OUT_DIR SHARD_DIR...</pre>
 */
public final class DoubleDescentJoin {
    public static void main(String[] a) throws Exception {
        Spec spec = SpecParser.parse(Path.of(a[0]), false);
        RunData first = RunReader.load(Path.of(a[1]));
        List<ToyModel> parts = new ArrayList<>(List.of(first.model()));
        List<float[]> evals = new ArrayList<>(List.of(first.evalLoss()));
        for (int k = 3; k < a.length; k++) {
            Path dir = Path.of(a[k]);
            Spec shard = RunReader.spec(dir.resolve("config.json"));
            parts.add(RunReader.model(dir.resolve("weights.npz"), shard, 1));
            evals.add(RunReader.evalLoss(dir.resolve("results.json"), 1));
        }
        Map<String, float[]> w = new LinkedHashMap<>();
        for (String key : first.model().weights().keySet()) {
            int len = 0;
            for (ToyModel p : parts) {
                len += p.weights().get(key).length;
            }
            float[] all = new float[len];
            int o = 0;
            for (ToyModel p : parts) {
                float[] v = p.weights().get(key);
                System.arraycopy(v, 0, all, o, v.length);
                o += v.length;
            }
            w.put(key, all);
        }
        int inst = spec.instances();
        float[] eval = new float[inst];
        int o = 0;
        for (float[] e : evals) {
            System.arraycopy(e, 0, eval, o, e.length);
            o += e.length;
        }
        ToyModel model = ToyModel.of(first.model().kind(), inst, spec.features(), spec.hidden(), w);
        RunData run = new RunData(spec, model, eval, List.of(), List.of());
        double[] t = FiniteMeasures.trainPoints(run);
        double[] train = FiniteMeasures.trainLoss(run);
        double[] test = FiniteMeasures.testLossOfWeights(run);
        double[] biases = FiniteMeasures.testLossOfBiases(run);
        double[] zero = FiniteMeasures.zeroOutputLoss(run);
        double[] dp = FiniteMeasures.meanPointDimensionality(run);
        double[] df = FiniteMeasures.meanFeatureDimensionality(run);
        double[] dr = FiniteMeasures.representedFeatureDimensionality(run);
        int[] k = FiniteMeasures.representedFeatures(run);
        System.out.println("| T | train loss | test loss (run) | test / zero output | biases alone / zero | mean D_t |"
                + " mean D_i (weighted) | represented | their mean D_i |");
        for (int i = 0; i < inst; i++) {
            System.out.printf(
                    "| %d | %.4g | %.5g | %.5f | %.5f | %.3g | %.3g | %d | %.3g |%n",
                    (int) t[i], train[i], eval[i], test[i] / zero[i], biases[i] / zero[i], dp[i], df[i], k[i], dr[i]);
        }
        for (Claim c : Claims.of(run)) {
            System.out.println(c.id() + " " + (c.pass() ? "holds" : "fails") + ": " + c.measured());
        }
        if (a.length > 2) {
            System.out.println(Figures.render(run, Path.of(a[2]), spec.name()));
        }
    }
}
