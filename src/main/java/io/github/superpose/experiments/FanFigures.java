package io.github.superpose.experiments;

import io.github.superpose.plots.FeatureFan;
import io.github.superpose.plots.Figure;

/** Feature fans: 2-D feature directions per instance, by importance or by correlated set. */
final class FanFigures {
    private FanFigures() {}

    static Figure fan(RunData run, boolean bySet) {
        Spec s = run.spec();
        int[] idx = Figures.shown(s.instances());
        double[][][] w = new double[idx.length][][];
        String[] sub = new String[idx.length];
        for (int j = 0; j < idx.length; j++) {
            w[j] = Measures.w(run, idx[j]);
            sub[j] = Figures.panelTitle(s, idx[j]);
        }
        if (bySet) {
            return FeatureFan.bySet(Figures.title(s) + " (colour = correlated set)", w, Figures.sets(s), sub);
        }
        return FeatureFan.of(Figures.title(s) + " (colour = importance)", w, Figures.toDoubles(s.importanceOf(0)), sub);
    }
}
