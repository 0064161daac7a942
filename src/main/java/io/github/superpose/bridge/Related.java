package io.github.superpose.bridge;

import java.util.Arrays;

/**
 * How SAE latents and MLP neurons relate through the decoder: latent j's direction is row j of
 * W_dec [d_sae, d_mlp], scaled to unit norm so latents of different decoder norms compare. A
 * latent's related neurons are its direction's largest |entries|; a neuron's related latents are
 * the alive latents with the largest |entry| on it.
 */
final class Related {
    static final int COUNT = 8;

    private final int d;
    private final float[] wDec;
    private final double[] norms;
    private final int[][] neuronLatents;

    private Related(int d, float[] wDec, double[] norms, int[][] neuronLatents) {
        this.d = d;
        this.wDec = wDec;
        this.norms = norms;
        this.neuronLatents = neuronLatents;
    }

    static Related of(SparseAutoencoder sae, double[] firing) {
        int d = sae.config().dIn();
        int ds = sae.config().dSae();
        float[] w = sae.wDec();
        double[] norms = sae.decoderNorms();
        // per neuron, the COUNT alive latents of largest |unit-norm weight|, kept by insertion
        int[][] best = new int[d][COUNT];
        double[][] bestW = new double[d][COUNT];
        int[] n = new int[d];
        for (int j = 0; j < ds; j++) {
            if (firing[j] == 0 || norms[j] == 0) {
                continue;
            }
            for (int i = 0; i < d; i++) {
                double v = Math.abs(w[j * d + i]) / norms[j];
                boolean full = n[i] == COUNT;
                if (full && v <= bestW[i][COUNT - 1]) {
                    continue;
                }
                int at = full ? COUNT - 1 : n[i]++;
                while (at > 0 && bestW[i][at - 1] < v) {
                    bestW[i][at] = bestW[i][at - 1];
                    best[i][at] = best[i][at - 1];
                    at--;
                }
                bestW[i][at] = v;
                best[i][at] = j;
            }
        }
        int[][] out = new int[d][];
        for (int i = 0; i < d; i++) {
            out[i] = Arrays.copyOf(best[i], n[i]);
        }
        return new Related(d, w, norms, out);
    }

    /** Latent j's decoder direction, unit norm. */
    double[] decoderRow(int j) {
        double[] row = new double[d];
        for (int i = 0; i < d; i++) {
            row[i] = norms[j] > 0 ? wDec[j * d + i] / norms[j] : 0;
        }
        return row;
    }

    /** Unit-norm decoder weight of latent j on neuron i. */
    double weight(int j, int i) {
        return norms[j] > 0 ? wDec[j * d + i] / norms[j] : 0;
    }

    int[] latentsOf(int neuron) {
        return neuronLatents[neuron];
    }

    int[] neuronsOf(int latent) {
        Integer[] idx = new Integer[d];
        for (int i = 0; i < d; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (p, q) -> Double.compare(Math.abs(wDec[latent * d + q]), Math.abs(wDec[latent * d + p])));
        int[] out = new int[Math.min(COUNT, d)];
        for (int i = 0; i < out.length; i++) {
            out[i] = idx[i];
        }
        return out;
    }
}
