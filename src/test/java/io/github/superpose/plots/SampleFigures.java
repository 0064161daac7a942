package io.github.superpose.plots;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Synthetic inputs for every figure type: a regular pentagon, antipodal pairs, a phase grid from
 * the closed-form rule p &lt; min(4r/(2+5r), 4/(5+2r)). All randomness is seeded.
 */
final class SampleFigures {

    private SampleFigures() {}

    /** All nine figures by file base name, in a fixed order. */
    static Map<String, Figure> all() {
        Map<String, Figure> figures = new LinkedHashMap<>();
        figures.put("feature-fan", featureFan());
        figures.put("gram-heatmap", gramHeatmap());
        figures.put("norm-bars", normBars());
        figures.put("phase-diagram", phaseDiagram());
        figures.put("dimensionality-scatter", dimensionalityScatter());
        figures.put("neuron-stack", neuronStack());
        figures.put("training-curves", trainingCurves());
        figures.put("d-histogram", dHistogram());
        figures.put("vulnerability", vulnerability());
        return figures;
    }

    /** Realistic sizes and variants: set colouring, n=20 in m=5 over seven instances. */
    static Map<String, Figure> extras() {
        Map<String, Figure> figures = new LinkedHashMap<>();
        double[][] pairs = {{1, 0}, {0.9, 0.3}, {-1, 0}, {-0.9, -0.3}, {0, 1}, {0.2, 0.95}};
        figures.put(
                "feature-fan-sets",
                FeatureFan.bySet(
                        "3 correlated pairs in 2-D",
                        new double[][][] {pairs, polygon(6, 1)},
                        new int[] {0, 0, 1, 1, 2, 2},
                        new String[] {"1 − S = 0.1", "1 − S = 0.01"}));
        Random random = new Random(5);
        List<GramHeatmap.Instance> grams = new ArrayList<>();
        List<NormBars.Instance> bars = new ArrayList<>();
        double[] densities = {1, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001};
        for (int k = 0; k < densities.length; k++) {
            double[][] w = new double[20][5];
            for (int i = 0; i < 20; i++) {
                for (int j = 0; j < 5; j++) {
                    w[i][j] = i < 5 + 2 * k ? 0.5 * random.nextGaussian() : 0;
                }
            }
            double[][] g = gram(w);
            double[] b = new double[20];
            double[] norms = new double[20];
            double[] s = new double[20];
            for (int i = 0; i < 20; i++) {
                b[i] = -0.05 * k * random.nextDouble();
                norms[i] = Math.sqrt(g[i][i]);
                for (int j = 0; j < 20; j++) {
                    s[i] += j != i && norms[i] > 0 ? Math.pow(g[i][j] / norms[i], 2) : 0;
                }
            }
            String title = "1 − S = " + densities[k];
            grams.add(new GramHeatmap.Instance(title, g, b));
            bars.add(new NormBars.Instance(title, norms, s, 5));
        }
        figures.put("gram-heatmap-20", GramHeatmap.of("W Wᵀ and b, n=20, m=5", grams));
        figures.put("norm-bars-20", NormBars.of("‖W_i‖, n=20, m=5", bars));
        return figures;
    }

    /** n features at unit length on a regular n-gon, scaled by {@code radius}. */
    static double[][] polygon(int n, double radius) {
        double[][] w = new double[n][2];
        for (int i = 0; i < n; i++) {
            w[i][0] = radius * Math.cos(2 * Math.PI * i / n + Math.PI / 2);
            w[i][1] = radius * Math.sin(2 * Math.PI * i / n + Math.PI / 2);
        }
        return w;
    }

    static Figure featureFan() {
        double[] importance = {1, 0.9, 0.81, 0.729, 0.6561};
        double[][] dense = {{1, 0}, {0, 1}, {0, 0.02}, {0.01, 0}, {0, 0}};
        double[][] antipodal = {{1, 0}, {0, 1}, {-0.95, 0}, {0, -0.9}, {0.05, 0.05}};
        String[] subs = {"1 − S = 1", "1 − S = 0.3", "1 − S = 0.05"};
        return FeatureFan.of(
                "5 features in 2 dimensions", new double[][][] {dense, antipodal, polygon(5, 0.95)}, importance, subs);
    }

    /** W for 6 features in 3 dims as 3 antipodal pairs; Gram, bias, norms and s derive from it. */
    static double[][] antipodalW() {
        return new double[][] {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -0.9, 0}, {0, 0, 0.8}, {0, 0, -0.6}};
    }

    static double[][] gram(double[][] w) {
        int n = w.length;
        double[][] g = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < w[i].length; k++) {
                    g[i][j] += w[i][k] * w[j][k];
                }
            }
        }
        return g;
    }

    static Figure gramHeatmap() {
        double[][] w = antipodalW();
        double[] bias = {-0.2, -0.2, -0.1, -0.1, 0.05, 0.3};
        double[][] identity = gram(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}});
        return GramHeatmap.of(
                "W Wᵀ and bias b",
                List.of(
                        new GramHeatmap.Instance("1 − S = 1", identity, new double[] {0, 0, 0, .4, .4, .4}),
                        new GramHeatmap.Instance("1 − S = 0.1", gram(w), bias)));
    }

    static Figure normBars() {
        double[][] w = antipodalW();
        double[][] g = gram(w);
        int n = w.length;
        double[] norms = new double[n];
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            norms[i] = Math.sqrt(g[i][i]);
            for (int j = 0; j < n; j++) {
                if (j != i && norms[i] > 0) {
                    s[i] += Math.pow(g[i][j] / norms[i], 2);
                }
            }
        }
        double[] denseNorms = {1, 1, 1, 0.02, 0.01, 0};
        return NormBars.of(
                "‖W_i‖ coloured by superposition",
                List.of(
                        new NormBars.Instance("1 − S = 1", denseNorms, new double[n], 3),
                        new NormBars.Instance("1 − S = 0.1", norms, s, 3)));
    }

    static double boundary(double r) {
        return Math.min(4 * r / (2 + 5 * r), 4 / (5 + 2 * r));
    }

    static Figure phaseDiagram() {
        int cells = 30;
        double[] r = new double[cells];
        double[] p = new double[cells];
        for (int k = 0; k < cells; k++) {
            r[k] = Math.pow(10, -1 + 2.0 * k / (cells - 1));
            p[k] = Math.pow(10, -2 + 2.0 * k / (cells - 1));
        }
        int[][] phase = new int[cells][cells];
        for (int i = 0; i < cells; i++) {
            for (int j = 0; j < cells; j++) {
                phase[i][j] = p[i] < boundary(r[j])
                        ? PhaseDiagram.SUPERPOSITION
                        : r[j] > 1 ? PhaseDiagram.DEDICATED : PhaseDiagram.NOT_LEARNED;
            }
        }
        double[][] curve = new double[101][2];
        for (int k = 0; k <= 100; k++) {
            curve[k][0] = Math.pow(10, -1 + 2.0 * k / 100);
            curve[k][1] = boundary(curve[k][0]);
        }
        double[][] split = {{1, 4.0 / 7}, {1, 1}};
        return PhaseDiagram.of("Phase diagram: 2 features, 1 dimension", r, p, phase, List.of(curve, split));
    }

    static Figure dimensionalityScatter() {
        int levels = 12;
        int n = 40;
        Random random = new Random(7);
        double[] p = new double[levels];
        double[] dStar = new double[levels];
        double[][] d = new double[levels][n];
        double[] plateaus = {1, 1, 1, 0.75, 0.5, 0.5, 0.5, 0.5, 0.4, 0.4, 0.375, 0.3};
        for (int l = 0; l < levels; l++) {
            p[l] = Math.pow(20, -l / (levels - 1.0));
            dStar[l] = plateaus[l];
            for (int i = 0; i < n; i++) {
                d[l][i] = random.nextDouble() < 0.1 ? 0 : plateaus[l] + 0.02 * random.nextGaussian();
            }
        }
        return DimensionalityScatter.of("Dimensions per feature, n=40, m=10", p, dStar, d, 1L, false);
    }

    static Figure neuronStack() {
        Random random = new Random(3);
        List<NeuronStack.Panel> panels = new ArrayList<>();
        double[] densities = {1, 0.1, 0.01};
        for (double density : densities) {
            double[][] w = new double[5][10];
            double[] tint = new double[5];
            for (int neuron = 0; neuron < 5; neuron++) {
                w[neuron][neuron] = 1;
                if (density < 1 && neuron >= 5 - (density < 0.05 ? 3 : 1)) {
                    w[neuron][5 + neuron % 5] = 0.5 + 0.4 * random.nextDouble();
                    w[neuron][(neuron + 3) % 10] = -0.3;
                    tint[neuron] = 1;
                }
            }
            panels.add(new NeuronStack.Panel("1 − S = " + density, w, new int[] {4, 3, 2, 1, 0}, tint));
        }
        return NeuronStack.of("ReLU hidden layer: |W| per neuron", panels, null);
    }

    static Figure trainingCurves() {
        int t = 200;
        int n = 6;
        int[] steps = new int[t];
        double[] loss = new double[t];
        double[][] d = new double[t][n];
        for (int k = 0; k < t; k++) {
            steps[k] = k * 50;
            double jump1 = k < 60 ? 0 : 1;
            double jump2 = k < 130 ? 0 : 1;
            loss[k] = 0.2 * Math.exp(-k / 40.0) + 0.02 - 0.005 * jump1 - 0.008 * jump2;
            for (int f = 0; f < n; f++) {
                double start = 0.1 + 0.05 * f;
                double target = f < 2 ? 1 : 0.5;
                double switchAt = f < 3 ? 60 : 130;
                d[k][f] = k < switchAt ? start * (1 - Math.exp(-k / 10.0)) : target;
            }
        }
        return TrainingCurves.of("Learning dynamics: loss and D_i", steps, loss, d);
    }

    static Figure dHistogram() {
        Random random = new Random(11);
        double[] toy = new double[400];
        double[] sae = new double[150];
        double[] centres = {0.5, 0.5, 0.4, 2.0 / 3, 0.75, 0.375, 1.0};
        for (int k = 0; k < toy.length; k++) {
            toy[k] = centres[random.nextInt(centres.length)] + 0.01 * random.nextGaussian();
        }
        for (int k = 0; k < sae.length; k++) {
            sae[k] = random.nextDouble() * random.nextDouble();
        }
        return DHistogram.of(
                "Feature dimensionality D_i",
                List.of(new DHistogram.Series("toy model", toy), new DHistogram.Series("MLP SAE", sae)),
                50);
    }

    static Figure vulnerability() {
        double[] fpd = {1, 1.2, 1.5, 2, 2.5, 3, 4};
        double[] relu = {0.1, 0.12, 0.18, 0.3, 0.35, 0.42, 0.55};
        double[] adv = {0.1, 0.11, 0.13, 0.16, 0.2, 0.22, 0.25};
        return VulnerabilityPlot.of(
                "Adversarial vulnerability vs features per dimension",
                List.of(
                        new VulnerabilityPlot.Series("ReLU output model", fpd, relu),
                        new VulnerabilityPlot.Series("adversarially trained", fpd, adv)),
                false,
                false);
    }
}
