package io.github.superpose.experiments;

import io.github.superpose.metrics.Adversarial;
import io.github.superpose.metrics.Geometry;
import io.github.superpose.metrics.Neurons;
import io.github.superpose.plots.Figure;
import io.github.superpose.plots.FigureWriter;
import io.github.superpose.sim.CorrelatedSets;
import io.github.superpose.sim.ModelKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders the figures a spec names from a run (fresh or loaded), as PNG and SVG.
 *
 * <pre>List&lt;Path&gt; pngs = Figures.render(run, dir, "intro-5-in-2");</pre>
 */
public final class Figures {
    /** At most this many panels per multi-panel figure: larger sweeps show evenly spaced instances. */
    static final int MAX_PANELS = 12;

    private Figures() {}

    /** Checks every named figure fits the spec's model before any training. */
    public static void check(Spec s) {
        check(s, s.name());
    }

    /** As {@link #check(Spec)}, naming {@code source} (the spec file) in the message. */
    public static void check(Spec s, String source) {
        for (String f : s.figures()) {
            String why = unfit(s, f);
            if (why != null) {
                throw new SpecException(source + ": figures: '" + f + "' " + why);
            }
        }
    }

    static String unfit(Spec s, String figure) {
        switch (figure) {
            case FigureNames.FEATURE_FAN:
            case FigureNames.CORRELATED_FAN:
                if (s.hidden() != 2) {
                    return "needs a 2-D hidden layer, got hidden = " + s.hidden();
                }
                return figure.equals(FigureNames.CORRELATED_FAN) && !"correlated".equals(s.data())
                        ? "needs data.kind = \"correlated\""
                        : null;
            case FigureNames.NEURON_STACK:
                return s.model() == ModelKind.HIDDEN_RELU || s.model() == ModelKind.ABS
                        ? null
                        : "needs a model with hidden neurons (hidden-relu or abs), got "
                                + s.model().key();
            case FigureNames.TRAINING_CURVES:
                return s.hookEvery() > 0 ? null : "needs hook_every > 0 to record the dynamics";
            case FigureNames.PHASE_DIAGRAM:
                return s.relative().length > 1 && s.densities().length > 1
                        ? null
                        : "needs an importance.relative sweep and a density sweep";
            case FigureNames.VULNERABILITY:
                return s.model() == ModelKind.RELU
                        ? null
                        : "needs the relu model, got " + s.model().key();
            case FigureNames.POINT_FEATURE_FANS:
                if (s.hidden() != 2) {
                    return "needs a 2-D hidden layer, got hidden = " + s.hidden();
                }
                return s.finite() ? null : "needs data.kind = \"dataset\"";
            case FigureNames.DOUBLE_DESCENT:
            case FigureNames.DATA_DIMENSIONALITY:
            case FigureNames.TEST_LOSS:
                return s.finite() ? null : "needs data.kind = \"dataset\"";
            default:
                return null;
        }
    }

    /** Writes every figure of the spec into {@code dir} as PREFIX-FIGURE.png/.svg; returns the PNG paths. */
    public static List<Path> render(RunData run, Path dir, String prefix) {
        check(run.spec());
        List<Path> out = new ArrayList<>();
        for (String name : run.spec().figures()) {
            Figure f = figure(run, name);
            out.add(FigureWriter.write(f, dir, prefix + "-" + name).png());
        }
        return out;
    }

    static Figure figure(RunData run, String name) {
        switch (name) {
            case FigureNames.FEATURE_FAN:
                return FanFigures.fan(run, false);
            case FigureNames.CORRELATED_FAN:
                return FanFigures.fan(run, true);
            case FigureNames.GRAM_BIAS:
                return PanelFigures.gram(run);
            case FigureNames.NORM_BARS:
                return PanelFigures.normBars(run);
            case FigureNames.NEURON_STACK:
                return PanelFigures.neuronStack(run);
            case FigureNames.DIMENSIONALITY:
                return SweepFigures.dimensionality(run);
            case FigureNames.PHASE_DIAGRAM:
                return SweepFigures.phaseDiagram(run);
            case FigureNames.TRAINING_CURVES:
                return SweepFigures.trainingCurves(run);
            case FigureNames.VULNERABILITY:
                return SweepFigures.vulnerability(run);
            case FigureNames.DOUBLE_DESCENT:
                return FiniteFigures.doubleDescent(run);
            case FigureNames.DATA_DIMENSIONALITY:
                return FiniteFigures.dimensionality(run);
            case FigureNames.POINT_FEATURE_FANS:
                return FiniteFigures.fans(run);
            case FigureNames.TEST_LOSS:
                return FiniteFigures.testLoss(run);
            default:
                throw new SpecException("unknown figure '" + name + "'");
        }
    }

    /** Instances shown in multi-panel figures: all, or MAX_PANELS evenly spaced. */
    static int[] shown(int instances) {
        int k = Math.min(instances, MAX_PANELS);
        int[] idx = new int[k];
        for (int j = 0; j < k; j++) {
            idx[j] = k == 1 ? 0 : (int) Math.round((double) j * (instances - 1) / (k - 1));
        }
        return idx;
    }

    static String panelTitle(Spec s, int i) {
        String t = String.format("1 − S = %.3g", s.densityOf(i));
        if (s.relative().length > 1) {
            t += String.format(", r = %.3g", s.relativeOf(i));
        }
        return t;
    }

    static String title(Spec s) {
        return String.format("%s: %s %d→%d", s.name(), s.model().key(), s.features(), s.hidden());
    }

    /** Fan of correlated sets needs each feature's set index. */
    static int[] sets(Spec s) {
        CorrelatedSets g = (CorrelatedSets) Experiment.generatorOf(s);
        int[] out = new int[s.features()];
        for (int f = 0; f < out.length; f++) {
            out[f] = g.setOf(f);
        }
        return out;
    }

    /**
     * The paper's vulnerability (L' − L)/(L'₀ − L₀): worst-case damage of an L2 attack of norm
     * ε = 0.1 × mean ‖x‖ (over inputs with an active feature), relative to the damage the same
     * attack does without superposition (max I · ε²). The attack is the best of the analytic
     * directions ±(WᵀW)_k/‖(WᵀW)_k‖; 10k inputs keep the sampling error near 1%.
     */
    static double vulnerability(RunData run, int i) {
        return Adversarial.gainOnActiveInputs(
                Measures.w(run, i),
                Measures.bias(run, i),
                toDoubles(run.spec().importanceOf(i)),
                run.spec().densityOf(i),
                10_000,
                17,
                0.1);
    }

    /** {features per dimension, vulnerability} per density level (the kept replicate of each). */
    static double[][] vulnerabilityCurve(RunData run) {
        int levels = run.spec().densities().length;
        double[][] out = new double[2][levels];
        for (int k = 0; k < levels; k++) {
            int i = Measures.best(run, 0, k);
            out[0][k] = featuresPerDimension(run, i);
            out[1][k] = vulnerability(run, i);
        }
        return out;
    }

    static double[] toDoubles(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    static double neuronTint(double monosemanticity) {
        return Math.max(0, Math.min(1, (Neurons.MONOSEMANTIC_ABOVE - monosemanticity) / Neurons.MONOSEMANTIC_ABOVE));
    }

    static double featuresPerDimension(RunData run, int i) {
        return Geometry.featuresPerDimension(Measures.w(run, i));
    }
}
