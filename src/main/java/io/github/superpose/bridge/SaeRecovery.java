package io.github.superpose.bridge;

/**
 * How well an SAE found features whose directions are known (planted features, or a toy model's
 * columns W_f): for each true direction the largest cosine with any alive latent's decoder row; the
 * mean of those ("mean max cosine"), and how many exceed {@link #GOOD} (recovered).
 *
 * <pre>SaeRecovery r = SaeRecovery.of(truth, result.sae(), result.metrics());</pre>
 */
public record SaeRecovery(int features, double meanMaxCosine, int recovered, double[] maxCosines, int deadLatents) {
    public static final double GOOD = 0.9;

    public static SaeRecovery of(double[][] truth, SparseAutoencoder sae, SaeMetrics m) {
        double[] cos = Superposition.maxCosines(truth, Superposition.aliveUnitRows(sae, m.density()));
        double sum = 0;
        int good = 0;
        for (double c : cos) {
            sum += c;
            good += c > GOOD ? 1 : 0;
        }
        return new SaeRecovery(
                truth.length, truth.length == 0 ? Double.NaN : sum / truth.length, good, cos, m.deadCount());
    }

    public double recoveredFraction() {
        return features == 0 ? 0 : (double) recovered / features;
    }
}
