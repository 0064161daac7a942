package io.github.superpose.sim.fast;


/**
 * dW accumulation for large models: dW_f += Σ_s g_sf h_s + x_sf dh_s, vectorised along the
 * hidden axis (rows of length m padded to a multiple of 8) from transposed h and dh, skipping
 * zero entries of g and x.
 */
final class OuterRows {
    private final int n;
    private final int m;
    private final int lanes;
    private final float[][] dW;
    private final float[][] hT;
    private final float[][] dhT;

    OuterRows(int n, int m, int lanes) {
        this.n = n;
        this.m = m;
        this.lanes = lanes;
        int mp = (m + 7) / 8 * 8;
        dW = new float[n][mp];
        hT = new float[lanes][mp];
        dhT = new float[lanes][mp];
    }

    void clear() {
        BlockKernel.zero(dW);
    }

    /** g, x: {@code [n][lanes]}; h, dh: {@code [m][lanes]}. */
    void add(float[][] g, boolean[] gRow, float[][] h, float[][] x, boolean[] xRow, float[][] dh) {
        for (int j = 0; j < m; j++) {
            float[] hj = h[j];
            float[] dhj = dh[j];
            for (int s = 0; s < lanes; s++) {
                hT[s][j] = hj[s];
                dhT[s][j] = dhj[s];
            }
        }
        for (int f = 0; f < n; f++) {
            float[] row = dW[f];
            float[] gf = g[f];
            float[] xf = x[f];
            for (int s = 0; s < lanes; s++) {
                if (gRow[f] && gf[s] != 0f) {
                    BlockKernel.axpy(row, gf[s], hT[s]);
                }
                if (xRow[f] && xf[s] != 0f) {
                    BlockKernel.axpy(row, xf[s], dhT[s]);
                }
            }
        }
    }

    void copyTo(float[] out) {
        for (int f = 0; f < n; f++) {
            System.arraycopy(dW[f], 0, out, f * m, m);
        }
    }

}
