package io.github.superpose.plots;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Synthetic inputs for the finite-data figures, shaped like a double-descent sweep: test loss
 * that peaks at intermediate T, training points on a regular polygon at small T, features on a
 * pentagon among 10,000 near-zero columns at large T. All randomness is seeded.
 */
final class DoubleDescentSamples {

    static final double[] T = {3, 5, 6, 8, 10, 15, 30, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000
    };

    private DoubleDescentSamples() {}

    static Map<String, Figure> all() {
        Map<String, Figure> figures = new LinkedHashMap<>();
        figures.put("double-descent-curve", curve(3));
        figures.put("data-dimensionality", dimensionality());
        figures.put("point-feature-fans", fans());
        figures.put("loss-map", lossMap());
        return figures;
    }

    /** Test loss with a peak near T = 100 and a train loss that rises to meet it. */
    static double testLoss(double t, double m) {
        double x = Math.log10(t) - Math.log10(50 * m);
        return 0.02 * (1 + 1.5 * Math.exp(-x * x / 0.3)) / (1 + 0.3 * Math.max(0, x));
    }

    static ChartFigure curve(int replicates) {
        Random random = new Random(13);
        double[][] test = new double[T.length][replicates];
        double[][] train = new double[T.length][replicates];
        for (int t = 0; t < T.length; t++) {
            for (int r = 0; r < replicates; r++) {
                test[t][r] = testLoss(T[t], 2) * (1 + 0.1 * random.nextGaussian());
                train[t][r] = test[t][r] * Math.min(1, T[t] / 20000.0) * (0.9 + 0.1 * random.nextDouble()) + 1e-6;
            }
        }
        return DoubleDescentCurve.of("Double descent: n=10000, m=2", T, test, train);
    }

    static ChartFigure dimensionality() {
        double[] pointD = new double[T.length];
        double[] featureD = new double[T.length];
        for (int t = 0; t < T.length; t++) {
            pointD[t] = Math.min(1, 2 / T[t]) * (T[t] < 200 ? 1 : 1e-3);
            featureD[t] = T[t] < 200 ? 1e-3 * T[t] : 0.4;
        }
        return DataDimensionality.of("Dimensionality of training points and features", T, pointD, featureD);
    }

    static PanelGrid fans() {
        Random random = new Random(17);
        List<PointFeatureFans.Column> columns = new ArrayList<>();
        for (int size : new int[] {5, 100, 20000}) {
            double[][] h = new double[Math.min(size, 2000)][2];
            for (int k = 0; k < h.length; k++) {
                double angle = size < 10 ? 2 * Math.PI * k / size : random.nextDouble() * 2 * Math.PI;
                double r = size < 10 ? 1 : 0.3 * random.nextDouble();
                h[k][0] = r * Math.cos(angle);
                h[k][1] = r * Math.sin(angle);
            }
            double[][] w = new double[10000][2];
            for (int i = 0; i < w.length; i++) {
                boolean pentagon = size > 1000 && i < 5;
                double r = pentagon ? 3 : 0.05 * random.nextDouble();
                double angle = pentagon ? 2 * Math.PI * i / 5 : random.nextDouble() * 2 * Math.PI;
                w[i][0] = r * Math.cos(angle);
                w[i][1] = r * Math.sin(angle);
            }
            columns.add(new PointFeatureFans.Column("T = " + size, h, w));
        }
        return PointFeatureFans.of("Training points and features in 2-D", columns);
    }

    static ChartFigure lossMap() {
        double[] m = {1, 2, 3, 4, 5, 6};
        double[][] loss = new double[m.length][T.length];
        for (int i = 0; i < m.length; i++) {
            for (int t = 0; t < T.length; t++) {
                loss[i][t] = testLoss(T[t], m[i]) / Math.sqrt(m[i]);
            }
        }
        return LossMap.of("Test loss over m and T, n=10000", m, T, loss);
    }
}
