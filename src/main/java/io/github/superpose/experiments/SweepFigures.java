package io.github.superpose.experiments;

import io.github.superpose.metrics.Geometry;
import io.github.superpose.metrics.TheoreticalPhase;
import io.github.superpose.plots.DimensionalityScatter;
import io.github.superpose.plots.Figure;
import io.github.superpose.plots.PhaseDiagram;
import io.github.superpose.plots.TrainingCurves;
import io.github.superpose.plots.VulnerabilityPlot;
import java.util.ArrayList;
import java.util.List;

/** Figures over a whole sweep: dimensionality, phase diagram, learning dynamics, vulnerability. */
final class SweepFigures {
    private SweepFigures() {}

    static Figure dimensionality(RunData run) {
        Spec s = run.spec();
        int levels = s.densities().length;
        double[] dStar = new double[levels];
        double[][] d = new double[levels][];
        for (int k = 0; k < levels; k++) {
            double[][] w = Measures.w(run, Measures.best(run, 0, k));
            dStar[k] = Geometry.dimensionsPerFeature(w);
            d[k] = Geometry.dimensionality(w);
        }
        return DimensionalityScatter.of(
                Figures.title(s) + ": dimensions per feature", s.densities(), dStar, d, 1L, true);
    }

    static Figure phaseDiagram(RunData run) {
        Spec s = run.spec();
        double[] r = s.relative();
        double[] p = s.densities();
        int[][] phase = new int[p.length][r.length];
        for (int a = 0; a < r.length; a++) {
            for (int k = 0; k < p.length; k++) {
                phase[k][a] = Measures.extraPhase(run, Measures.bestByExpectedLoss(run, a, k));
            }
        }
        // the theory covers 2 → 1 and 3 → 2 only; other sizes get the cells without a line
        List<double[][]> theory =
                TheoreticalPhase.boundaries(s.features(), s.hidden(), min(r), max(r), min(p), max(p), 200);
        String what =
                theory.isEmpty() ? " (no theory for " + s.features() + "→" + s.hidden() + ")" : " (line = theory)";
        return PhaseDiagram.of(
                Figures.title(s) + ": the extra feature's phase" + what, relativeLabel(s), r, p, phase, theory);
    }

    /** What r multiplies: the importance of the last feature, as the spec sets it before r. */
    static String relativeLabel(Spec s) {
        int n = s.features();
        float[] imp = s.importance();
        boolean ones = true;
        for (float v : imp) {
            ones &= v == 1f;
        }
        if (ones) {
            String others = n == 2 ? "feature 1 has" : "features 1–" + (n - 1) + " have";
            return "r = importance of feature " + n + " (" + others + " importance 1)";
        }
        return "r = multiplier of feature " + n + "'s importance (I_" + n + " = r × " + Claims.fmt(imp[n - 1]) + ")";
    }

    private static double min(double[] v) {
        return java.util.Arrays.stream(v).min().orElse(1);
    }

    private static double max(double[] v) {
        return java.util.Arrays.stream(v).max().orElse(1);
    }

    static Figure trainingCurves(RunData run) {
        Spec s = run.spec();
        int inst = 0;
        List<double[]> rows = new ArrayList<>();
        for (double[] row : run.dynamics()) {
            if (row[0] == 0 && row[2] == inst) {
                rows.add(row);
            }
        }
        int n = s.features();
        int t = rows.size() / n;
        int[] steps = new int[t];
        double[][] d = new double[t][n];
        double[] loss = new double[t];
        for (int k = 0; k < t; k++) {
            steps[k] = (int) rows.get(k * n)[1];
            for (int f = 0; f < n; f++) {
                d[k][f] = rows.get(k * n + f)[5];
            }
            loss[k] = nearestLoss(run.lossLog(), inst, steps[k]);
        }
        return TrainingCurves.of(
                Figures.title(s) + ": loss and D_i during training (" + Figures.panelTitle(s, inst) + ")",
                steps,
                loss,
                d);
    }

    static double nearestLoss(List<double[]> log, int inst, int step) {
        double best = Double.NaN;
        double gap = Double.MAX_VALUE;
        for (double[] row : log) {
            if (row[0] == 0 && row[2] == inst && Math.abs(row[1] - step) < gap) {
                gap = Math.abs(row[1] - step);
                best = row[3];
            }
        }
        return best;
    }

    static Figure vulnerability(RunData run) {
        Spec s = run.spec();
        double[][] curve = Figures.vulnerabilityCurve(run);
        double[] fpd = curve[0];
        double[] vul = curve[1];
        return VulnerabilityPlot.of(
                Figures.title(s) + ": worst-case L2 attack (norm 0.1 × mean ‖x‖)",
                List.of(new VulnerabilityPlot.Series(
                        "(L′ − L)/(L′₀ − L₀), relative to no superposition; one point per density", fpd, vul)),
                false,
                false);
    }
}
