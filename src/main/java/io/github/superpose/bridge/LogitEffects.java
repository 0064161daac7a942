package io.github.superpose.bridge;

/**
 * For a GPT-2, each neuron's and alive latent's direct effect on the logits: the unit's output
 * direction in the residual stream (a neuron's row of W_out; a latent's decoder row through
 * W_out) times ln_f's scale and the unembedding, as {@link NeuronPages.LogitLens} computes. The
 * largest and smallest entries are the tokens the unit promotes and suppresses, ignoring ln_f's
 * centring and normalisation and everything downstream of the layer.
 */
final class LogitEffects {
    static final int COUNT = 10;
    /** Units pushed through the unembedding at a time, so [CHUNK, vocab] is the largest array. */
    private static final int CHUNK = 64;

    private final String[][] up;
    private final String[][] down;
    private final float[][] upV;
    private final float[][] downV;
    private final int d;

    private LogitEffects(int units, int d) {
        up = new String[units][];
        down = new String[units][];
        upV = new float[units][];
        downV = new float[units][];
        this.d = d;
    }

    /** Neurons 0..d-1 (one-hot directions) then latents as units d..d+d_sae-1 (decoder rows), alive ones only. */
    static LogitEffects of(NeuronPages.LogitLens lens, SparseAutoencoder sae, int d, double[] firing) {
        int ds = sae.config().dSae();
        LogitEffects e = new LogitEffects(d + ds, d);
        int[] units = java.util.stream.IntStream.range(0, d + ds)
                .filter(u -> u < d || firing[u - d] > 0)
                .toArray();
        for (int c = 0; c < units.length; c += CHUNK) {
            int n = Math.min(CHUNK, units.length - c);
            float[] dirs = new float[n * d];
            for (int i = 0; i < n; i++) {
                int u = units[c + i];
                if (u < d) {
                    dirs[i * d + u] = 1f;
                } else {
                    System.arraycopy(sae.wDec(), (u - d) * d, dirs, i * d, d);
                }
            }
            float[] z = lens.logits(dirs, n);
            for (int i = 0; i < n; i++) {
                e.extremes(units[c + i], z, i * lens.vocab(), lens);
            }
        }
        return e;
    }

    private void extremes(int unit, float[] z, int off, NeuronPages.LogitLens lens) {
        int v = lens.vocab();
        int[] hi = new int[COUNT];
        int[] lo = new int[COUNT];
        int nh = 0;
        int nl = 0;
        for (int t = 0; t < v; t++) {
            nh = insert(hi, nh, t, z, off, true);
            nl = insert(lo, nl, t, z, off, false);
        }
        up[unit] = new String[nh];
        upV[unit] = new float[nh];
        for (int i = 0; i < nh; i++) {
            up[unit][i] = lens.token(hi[i]);
            upV[unit][i] = z[off + hi[i]];
        }
        down[unit] = new String[nl];
        downV[unit] = new float[nl];
        for (int i = 0; i < nl; i++) {
            down[unit][i] = lens.token(lo[i]);
            downV[unit][i] = z[off + lo[i]];
        }
    }

    /** Keeps best[0..n) sorted (largest first when {@code high}); returns the new count. */
    private static int insert(int[] best, int n, int t, float[] z, int off, boolean high) {
        float x = high ? z[off + t] : -z[off + t];
        if (n == best.length && !(x > (high ? z[off + best[n - 1]] : -z[off + best[n - 1]]))) {
            return n;
        }
        int at = n < best.length ? n++ : n - 1;
        while (at > 0 && x > (high ? z[off + best[at - 1]] : -z[off + best[at - 1]])) {
            best[at] = best[at - 1];
            at--;
        }
        best[at] = t;
        return n;
    }

    String[] promoted(boolean latent, int id) {
        return up[latent ? d + id : id];
    }

    float[] promotedValues(boolean latent, int id) {
        return upV[latent ? d + id : id];
    }

    String[] suppressed(boolean latent, int id) {
        return down[latent ? d + id : id];
    }

    float[] suppressedValues(boolean latent, int id) {
        return downV[latent ? d + id : id];
    }
}
