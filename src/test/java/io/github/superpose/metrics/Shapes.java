package io.github.superpose.metrics;

import java.util.Random;

/** Hand-built and seeded random embeddings [n, m] whose dimensionalities are known analytically. */
final class Shapes {
    private Shapes() {}

    /** Regular k-gon of unit vectors in 2-D, rotated by {@code phase} radians. */
    static double[][] polygon(int k, double phase) {
        double[][] W = new double[k][];
        for (int i = 0; i < k; i++) {
            double t = phase + 2 * Math.PI * i / k;
            W[i] = new double[] {Math.cos(t), Math.sin(t)};
        }
        return W;
    }

    /** Regular tetrahedron: alternate corners of the cube, scaled to unit length. */
    static double[][] tetrahedron() {
        double s = 1 / Math.sqrt(3);
        return new double[][] {{s, s, s}, {s, -s, -s}, {-s, s, -s}, {-s, -s, s}};
    }

    /**
     * Square antiprism of unit vectors: squares at z = ±h, the bottom one turned by 45°.
     * The 8 vectors are a tight frame iff Σx² = Σy² = Σz²; each square contributes 2r² to Σx²
     * (cos² over four right angles sums to 2), so 4r² = 8h², with r² + h² = 1: h² = 1/3, r² = 2/3.
     */
    static double[][] squareAntiprism(double h) {
        double r = Math.sqrt(1 - h * h);
        double[][] W = new double[8][];
        for (int i = 0; i < 4; i++) {
            double top = Math.PI / 2 * i;
            double bottom = top + Math.PI / 4;
            W[i] = new double[] {r * Math.cos(top), r * Math.sin(top), h};
            W[4 + i] = new double[] {r * Math.cos(bottom), r * Math.sin(bottom), -h};
        }
        return W;
    }

    /** Gaussian entries, seeded. */
    static double[][] gaussian(int n, int m, long seed) {
        Random rng = new Random(seed);
        double[][] W = new double[n][m];
        for (double[] row : W) {
            for (int k = 0; k < m; k++) {
                row[k] = rng.nextGaussian();
            }
        }
        return W;
    }

    /** Embed W [n, m] into [n, m + pad] at column offset {@code offset}. */
    static double[][] embed(double[][] W, int total, int offset) {
        double[][] out = new double[W.length][total];
        for (int i = 0; i < W.length; i++) {
            System.arraycopy(W[i], 0, out[i], offset, W[i].length);
        }
        return out;
    }

    static double[][] concat(double[][] a, double[][] b) {
        double[][] out = new double[a.length + b.length][];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }
}
