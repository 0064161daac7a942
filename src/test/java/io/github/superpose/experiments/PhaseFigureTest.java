package io.github.superpose.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.superpose.plots.ChartFigure;
import io.github.superpose.sim.ModelKind;
import io.github.superpose.sim.ToyModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The phase diagram draws theory only for 2 → 1 and 3 → 2, and names what r multiplies. */
class PhaseFigureTest {
    @TempDir
    Path tmp;

    private static RunData untrained(Spec s) {
        ToyModel m = ToyModel.create(ModelKind.RELU, s.instances(), s.features(), s.hidden(), 1);
        return new RunData(s, m, new float[s.instances()], List.of(), List.of());
    }

    private Spec spec(int n, int m, String importance) throws Exception {
        Path f = tmp.resolve("phase-" + n + "-" + m + ".toml");
        Files.writeString(
                f,
                "name = \"custom-phase\"\nmodel = \"relu\"\nfeatures = " + n + "\nhidden = " + m
                        + "\nsteps = 10\nreplicates = 1\nfigures = [\"phase-diagram\"]\n[importance]\n" + importance
                        + "\nrelative_from = 0.1\nrelative_to = 10.0\nrelative_count = 5\n"
                        + "[density]\nsweep_from = 1.0\nsweep_to = 0.01\nsweep_count = 4\n");
        return SpecParser.parse(f);
    }

    private static XYPlot plot(Spec s) {
        return ((ChartFigure) SweepFigures.phaseDiagram(untrained(s))).chart().getXYPlot();
    }

    @Test
    void theoryLinesOnlyWhereATheoryExists() throws Exception {
        assertEquals(2, plot(spec(2, 1, "kind = \"uniform\"")).getDataset(1).getSeriesCount(), "curve + line at r = 1");
        assertEquals(2, plot(spec(3, 2, "kind = \"uniform\"")).getDataset(1).getSeriesCount(), "curve + line at r = 1");
        for (int[] nm : new int[][] {{4, 2}, {2, 2}, {5, 2}}) {
            Spec s = spec(nm[0], nm[1], "kind = \"uniform\"");
            assertEquals(0, plot(s).getDataset(1).getSeriesCount(), nm[0] + "→" + nm[1] + " has no theory");
            ChartFigure f = (ChartFigure) SweepFigures.phaseDiagram(untrained(s));
            assertTrue(
                    f.chart().getTitle().getText().contains("no theory"),
                    f.chart().getTitle().getText());
        }
    }

    @Test
    void theRAxisSaysWhatRMultiplies() throws Exception {
        String uniform = plot(spec(2, 1, "kind = \"uniform\"")).getDomainAxis().getLabel();
        assertTrue(
                uniform.contains("importance of feature 2") && uniform.contains("feature 1 has importance 1"), uniform);
        String geometric = plot(spec(4, 2, "kind = \"geometric\"\nbase = 0.5"))
                .getDomainAxis()
                .getLabel();
        assertTrue(geometric.contains("multiplier of feature 4") && geometric.contains("0.125"), geometric);
    }
}
