package io.github.superpose.bridge;

import io.github.superpose.metrics.Geometry;
import io.github.superpose.metrics.Neurons;
import java.util.ArrayList;
import java.util.List;

/**
 * Superposition measures on a feature matrix F [n, d] (row i = feature i's direction in neuron
 * space: SAE decoder rows, planted directions, TMS W rows), through the {@code metrics} package:
 * D_i = ‖F_i‖² / Σ_j (F̂_i·F_j)² and interference Σ_{j≠i} (F̂_i·F_j)². For an SAE only alive latents
 * enter, with unit-norm rows: features per dimension is then n_alive / d (d_sae / d_in would count
 * dead latents and is trivially the expansion factor), and Σ D_i ≤ d.
 *
 * <pre>Superposition.Summary s = Superposition.ofSae(sae, metrics.density());</pre>
 *
 * @param neuronParticipation per neuron k, the participation ratio (Σ_i v_i²)² / Σ_i v_i⁴ of
 *                            v_i = F_i[k] over alive features: ≈1 when one feature loads on the neuron,
 *                            ≈m when m features load equally (a polysemanticity proxy, not a standard)
 */
public record Superposition(
        int features,
        int dim,
        double[] dimensionality,
        double sumDimensionality,
        double featuresPerDimension,
        double[] interference,
        double meanInterference,
        double[] neuronParticipation) {

    /** The measures on feature rows F [n, d] taken as given (not normalised). */
    public static Superposition of(double[][] F) {
        int n = F.length;
        int d = n == 0 ? 0 : F[0].length;
        double[] D = n == 0 ? new double[0] : Geometry.dimensionality(F);
        double[] inter = n == 0 ? new double[0] : Geometry.superposition(F);
        double sum = 0;
        double meanInter = 0;
        for (int i = 0; i < n; i++) {
            sum += D[i];
            meanInter += inter[i] / n;
        }
        double[] pr = new double[d];
        double[] column = new double[n];
        for (int k = 0; k < d; k++) {
            for (int i = 0; i < n; i++) {
                column[i] = F[i][k];
            }
            pr[k] = Neurons.participationRatio(column);
        }
        return new Superposition(n, d, D, sum, d == 0 ? 0 : Geometry.frobeniusSq(F) / d, inter, meanInter, pr);
    }

    /** The measures on an SAE's alive latents (density > 0), decoder rows scaled to unit norm. */
    public static Superposition ofSae(SparseAutoencoder sae, double[] density) {
        return of(aliveUnitRows(sae, density));
    }

    /** Unit-norm decoder rows of latents with density > 0, in latent order. */
    public static double[][] aliveUnitRows(SparseAutoencoder sae, double[] density) {
        int din = sae.config().dIn();
        double[] norms = sae.decoderNorms();
        List<double[]> rows = new ArrayList<>();
        for (int j = 0; j < sae.config().dSae(); j++) {
            if (density[j] > 0 && norms[j] > 0) {
                double[] row = new double[din];
                for (int i = 0; i < din; i++) {
                    row[i] = sae.wDec()[j * din + i] / norms[j];
                }
                rows.add(row);
            }
        }
        return rows.toArray(new double[0][]);
    }

    /**
     * For each true feature, the largest cosine between it and any learned feature: the standard
     * "mean max cosine similarity" of SAE recovery, before averaging.
     */
    public static double[] maxCosines(double[][] truth, double[][] learned) {
        double[] out = new double[truth.length];
        for (int i = 0; i < truth.length; i++) {
            double best = 0;
            double ni = Math.sqrt(dot(truth[i], truth[i]));
            for (double[] l : learned) {
                double nl = Math.sqrt(dot(l, l));
                if (ni > 0 && nl > 0) {
                    best = Math.max(best, dot(truth[i], l) / (ni * nl));
                }
            }
            out[i] = best;
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
