package io.github.superpose.cli;

import io.github.superpose.experiments.FigureNames;
import io.github.superpose.experiments.Figures;
import io.github.superpose.experiments.RunData;
import io.github.superpose.experiments.RunReader;
import io.github.superpose.experiments.SpecException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./sim plot RUN_DIR}: re-renders a saved run's figures without training. */
@Command(
        name = "plot",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Re-render a saved run's figures and re-measure its claims (no training).",
            "",
            "Reads config.json, results.json, weights.npz, metrics.csv and dynamics.csv."
        })
final class PlotCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN_DIR", description = "a run folder written by `./sim run`")
    Path runDir;

    @Option(
            names = "--figure",
            paramLabel = "NAME",
            split = ",",
            description = "figures to draw instead of the spec's list (feature-fan, gram-bias, norm-bars, "
                    + "dimensionality, neuron-stack, training-curves, phase-diagram, correlated-fan, vulnerability, "
                    + "double-descent, test-loss, data-dimensionality, point-feature-fans)")
    List<String> figures;

    @Option(names = "--out", paramLabel = "DIR", description = "where to write the figures (default: RUN_DIR)")
    Path out;

    @Option(names = "--claims", description = "also measure the paper's claims on the run and print them")
    boolean claims;

    @Override
    public Integer call() {
        RunData run = RunReader.load(runDir);
        if (figures != null) {
            for (String f : figures) {
                if (!FigureNames.ALL.contains(f)) {
                    throw new SpecException("--figure: unknown figure '" + f + "' (expected one of "
                            + String.join(", ", FigureNames.ALL) + ")");
                }
            }
            run = new RunData(
                    run.spec().withFigures(figures), run.model(), run.evalLoss(), run.lossLog(), run.dynamics());
        }
        if (claims) {
            for (io.github.superpose.experiments.Claim c : io.github.superpose.experiments.Claims.of(run)) {
                System.out.printf(
                        "%-5s %-14s %s — %s%n", c.id(), c.pass() ? "holds" : "DOES NOT HOLD", c.text(), c.measured());
            }
            if (figures == null && run.spec().figures().isEmpty()) {
                return 0;
            }
        }
        if (run.spec().figures().isEmpty()) {
            throw new SpecException(runDir + ": the spec names no figures; choose some with --figure");
        }
        Path dir = out != null ? out : runDir;
        for (Path p : Figures.render(run, dir, run.spec().name())) {
            System.out.println(p);
        }
        return 0;
    }
}
