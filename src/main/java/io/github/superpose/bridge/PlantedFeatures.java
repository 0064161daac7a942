package io.github.superpose.bridge;

import io.github.superpose.core.Rng;

/**
 * Activations with known sparse features, for testing that an SAE finds superposition only when it
 * is there: n ground-truth unit directions G [n, d] (uniform on the sphere), codes c [N, n] with each
 * feature on independently with probability {@code density} at a magnitude uniform in (0, 1), and
 * activations x = c·G [N, d]. The expected number of active features per row is n·density.
 *
 * <pre>PlantedFeatures p = PlantedFeatures.random(96, 32, 0.03, 1); ActivationSet a = p.sample(40_000, 2);</pre>
 */
public record PlantedFeatures(double[][] directions, double density) {

    public static PlantedFeatures random(int nFeatures, int dim, double density, long seed) {
        Rng rng = Rng.forStream(seed, 0);
        double[][] g = new double[nFeatures][dim];
        for (double[] row : g) {
            double norm = 0;
            for (int i = 0; i < dim; i++) {
                row[i] = rng.nextGaussian();
                norm += row[i] * row[i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < dim; i++) {
                row[i] /= norm;
            }
        }
        return new PlantedFeatures(g, density);
    }

    public int nFeatures() {
        return directions.length;
    }

    public int dim() {
        return directions[0].length;
    }

    /** The expected L0 of the true codes, n·density. */
    public double expectedL0() {
        return nFeatures() * density;
    }

    /** N rows of x = c·G from stream {@code stream} of the seed. */
    public ActivationSet sample(int rows, long seed) {
        Rng rng = Rng.forStream(seed, 1);
        int d = dim();
        float[] x = new float[rows * d];
        for (int r = 0; r < rows; r++) {
            for (double[] g : directions) {
                if (rng.nextDouble() < density) {
                    double c = rng.nextDouble();
                    for (int i = 0; i < d; i++) {
                        x[r * d + i] += (float) (c * g[i]);
                    }
                }
            }
        }
        return ActivationSet.of(x, rows, d);
    }

    /**
     * A negative control: each neuron's column permuted independently across rows, which keeps every
     * neuron's marginal distribution but destroys the joint sparse structure.
     */
    public static ActivationSet shuffleNeurons(ActivationSet a, long seed) {
        Rng rng = Rng.forStream(seed, 2);
        int n = a.rows();
        int d = a.dim();
        float[] out = a.acts().clone();
        for (int i = 0; i < d; i++) {
            for (int r = n - 1; r > 0; r--) {
                int s = rng.nextInt(r + 1);
                float t = out[r * d + i];
                out[r * d + i] = out[s * d + i];
                out[s * d + i] = t;
            }
        }
        return ActivationSet.of(out, n, d);
    }
}
