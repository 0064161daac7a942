package io.github.superpose.experiments;

import io.github.superpose.metrics.Geometry;
import io.github.superpose.metrics.Neurons;
import io.github.superpose.plots.Figure;
import io.github.superpose.plots.GramHeatmap;
import io.github.superpose.plots.NeuronStack;
import io.github.superpose.plots.NormBars;
import java.util.ArrayList;
import java.util.List;

/** One panel per instance: Gram + bias heatmaps, norm bars coloured by superposition, neuron stacks. */
final class PanelFigures {
    private PanelFigures() {}

    static Figure gram(RunData run) {
        Spec s = run.spec();
        List<GramHeatmap.Instance> panels = new ArrayList<>();
        for (int i : Figures.shown(s.instances())) {
            panels.add(new GramHeatmap.Instance(
                    Figures.panelTitle(s, i), Geometry.gram(Measures.w(run, i)), Measures.bias(run, i)));
        }
        return GramHeatmap.of(Figures.title(s) + ": WᵀW and b", panels);
    }

    static Figure normBars(RunData run) {
        Spec s = run.spec();
        List<NormBars.Instance> panels = new ArrayList<>();
        for (int i : Figures.shown(s.instances())) {
            double[][] w = Measures.w(run, i);
            panels.add(new NormBars.Instance(
                    Figures.panelTitle(s, i), Geometry.norms(w), Geometry.superposition(w), s.hidden()));
        }
        return NormBars.of(Figures.title(s) + ": ‖W_i‖ coloured by superposition", panels);
    }

    static Figure neuronStack(RunData run) {
        Spec s = run.spec();
        List<NeuronStack.Panel> panels = new ArrayList<>();
        for (int i : Figures.shown(s.instances())) {
            double[][] byNeuron = Measures.byNeuron(run, i);
            double[] mono = Claims.monosemanticity(run, i);
            double[] tint = new double[mono.length];
            for (int h = 0; h < mono.length; h++) {
                tint[h] = Figures.neuronTint(mono[h]);
            }
            panels.add(new NeuronStack.Panel(Figures.panelTitle(s, i), byNeuron, Neurons.ordering(byNeuron), tint));
        }
        return NeuronStack.of(Figures.title(s) + ": |W| per neuron (tinted = polysemantic)", panels, null);
    }
}
