package io.github.superpose.bridge;

/**
 * How well an SAE reconstructs activations x [n, d_in] and how sparse it is, with SAELens's
 * definitions: explained variance 1 − E Σ(x − x̂)² / (E Σ x² − Σ_dim (E x_dim)²); relative
 * reconstruction bias E‖x̂‖² / E⟨x, x̂⟩ (1 is unbiased, below 1 is shrinkage); feature density =
 * fraction of rows on which a latent is > 0; a latent with density 0 on the evaluation rows is dead.
 *
 * <pre>SaeMetrics m = SaeMetrics.evaluate(sae, x, n);</pre>
 *
 * @param mse               mean over rows and dims of (x − x̂)²
 * @param densityHistogram  counts of alive latents per log10(density) bin of width 0.5 from −6
 *                          (bin 0: [−6, −5.5), …, bin 11: [−0.5, 0]); densities below 1e−6 fall in bin 0
 */
public record SaeMetrics(
        int rows,
        double l0,
        double mse,
        double explainedVariance,
        double cosSim,
        double l2Ratio,
        double relativeReconstructionBias,
        double[] density,
        int deadCount,
        int[] densityHistogram) {

    public static SaeMetrics evaluate(SparseAutoencoder sae, float[] x, int n) {
        int din = sae.config().dIn();
        int ds = sae.config().dSae();
        float[] f = sae.encode(x, n);
        float[] xHat = sae.decode(f, n);
        double l0 = 0;
        double[] density = new double[ds];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < ds; j++) {
                if (f[r * ds + j] > 0) {
                    l0++;
                    density[j]++;
                }
            }
        }
        double sqErr = 0;
        double sqX = 0;
        double sqHat = 0;
        double dot = 0;
        double cos = 0;
        double ratio = 0;
        int normed = 0;
        double[] meanX = new double[din];
        for (int r = 0; r < n; r++) {
            double rx = 0;
            double rh = 0;
            double rd = 0;
            for (int i = 0; i < din; i++) {
                double a = x[r * din + i];
                double b = xHat[r * din + i];
                sqErr += (a - b) * (a - b);
                rx += a * a;
                rh += b * b;
                rd += a * b;
                meanX[i] += a;
            }
            sqX += rx;
            sqHat += rh;
            dot += rd;
            if (rx > 0 && rh > 0) {
                cos += rd / Math.sqrt(rx * rh);
                ratio += Math.sqrt(rh / rx);
                normed++;
            }
        }
        double meanSq = 0;
        for (int i = 0; i < din; i++) {
            meanSq += (meanX[i] / n) * (meanX[i] / n);
        }
        double totalVar = sqX / n - meanSq;
        int dead = 0;
        int[] hist = new int[12];
        for (int j = 0; j < ds; j++) {
            density[j] /= n;
            if (density[j] == 0) {
                dead++;
            } else {
                int bin = (int) Math.floor((Math.log10(density[j]) + 6) * 2);
                hist[Math.max(0, Math.min(11, bin))]++;
            }
        }
        return new SaeMetrics(
                n,
                l0 / n,
                sqErr / ((double) n * din),
                1 - (sqErr / n) / totalVar,
                normed == 0 ? Double.NaN : cos / normed,
                normed == 0 ? Double.NaN : ratio / normed,
                sqHat / dot,
                density,
                dead,
                hist);
    }

    /**
     * "Loss recovered" through the MLP's output matrix, a proxy for SAELens's CE-loss score when only
     * the MLP weights are at hand: with y = x·W_out (clean), ŷ = x̂·W_out (SAE spliced in) and
     * y₀ = 0·W_out (zero ablation), score = (L(y₀) − L(ŷ)) / (L(y₀) − L(y)) = 1 − ‖ŷ − y‖² / ‖y‖², with L
     * the squared distance to the clean MLP output (b_out cancels). 1 is perfect, 0 no better than ablation.
     *
     * @param W_out [d_in, d_model] (TransformerLens blocks.{l}.mlp.W_out)
     */
    public static double mlpOutLossRecovered(float[] x, float[] xHat, int n, int dIn, float[] W_out, int dModel) {
        double err = 0;
        double base = 0;
        double[] y = new double[dModel];
        double[] yHat = new double[dModel];
        for (int r = 0; r < n; r++) {
            java.util.Arrays.fill(y, 0);
            java.util.Arrays.fill(yHat, 0);
            for (int i = 0; i < dIn; i++) {
                double a = x[r * dIn + i];
                double b = xHat[r * dIn + i];
                for (int o = 0; o < dModel; o++) {
                    double w = W_out[i * dModel + o];
                    y[o] += a * w;
                    yHat[o] += b * w;
                }
            }
            for (int o = 0; o < dModel; o++) {
                err += (yHat[o] - y[o]) * (yHat[o] - y[o]);
                base += y[o] * y[o];
            }
        }
        return 1 - err / base;
    }
}
