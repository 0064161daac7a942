package io.github.superpose.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.superpose.core.JavaBackend;
import io.github.superpose.plots.ChartFigure;
import io.github.superpose.plots.PanelGrid;
import io.github.superpose.sim.TrainListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The finite-data figures drawn from a small trained run: each spec name renders, the loss curve
 * holds the run's own test and train losses at its T, the fans show the smallest and largest T,
 * and a spec without finite data is refused before training.
 */
class FiniteFiguresTest {
    @TempDir
    Path tmp;

    static final String SPEC = String.join(
            "\n",
            "name = \"finite-figures\"",
            "features = 300",
            "hidden = 2",
            "steps = 200",
            "batch = 1000000",
            "eval_batch = 1000",
            "log_every = 100",
            "figures = [\"double-descent\", \"test-loss\", \"data-dimensionality\", \"point-feature-fans\"]",
            "[density]",
            "values = [0.03]",
            "[data]",
            "kind = \"dataset\"",
            "train_points = [3, 10, 40, 150, 400]",
            "normalize = \"unit\"",
            "[schedule]",
            "kind = \"cosine\"",
            "warmup = 20",
            "");

    @Test
    void figuresOfAFiniteRunHoldItsMeasures() throws Exception {
        Path file = tmp.resolve("finite-figures.toml");
        Files.writeString(file, SPEC);
        Spec spec = SpecParser.parse(file);
        RunData run = RunData.of(Experiment.run(
                spec, new RunOptions(0, null, "java", 2, "auto", false), new JavaBackend(1), TrainListener.NONE));

        List<Path> pngs = Figures.render(run, tmp, "ff");
        assertEquals(4, pngs.size());
        for (Path p : pngs) {
            assertTrue(Files.size(p) > 5_000, p + " is " + Files.size(p) + " bytes");
            assertTrue(Files.isRegularFile(Path.of(p.toString().replace(".png", ".svg"))));
        }

        XYDataset curve = ((ChartFigure) Figures.figure(run, FigureNames.DOUBLE_DESCENT))
                .chart()
                .getXYPlot()
                .getDataset();
        double[] test = FiniteMeasures.testLoss(run);
        double[] train = FiniteMeasures.trainLoss(run);
        double[] t = FiniteMeasures.trainPoints(run);
        for (int i = 0; i < t.length; i++) {
            assertEquals(t[i], Math.pow(10, curve.getXValue(0, i)), 1e-9);
            assertEquals(test[i], Math.pow(10, curve.getYValue(0, i)), 1e-9 * test[i]);
            assertEquals(train[i], Math.pow(10, curve.getYValue(1, i)), 1e-9 * train[i]);
        }

        // the test-loss figure: test loss and the biases alone's, each over the zero-output level, linear y
        XYDataset rel = ((ChartFigure) Figures.figure(run, FigureNames.TEST_LOSS))
                .chart()
                .getXYPlot()
                .getDataset();
        double[] zero = FiniteMeasures.zeroOutputLoss(run);
        double[] biases = FiniteMeasures.testLossOfBiases(run);
        for (int i = 0; i < t.length; i++) {
            assertEquals(t[i], Math.pow(10, rel.getXValue(0, i)), 1e-9);
            assertEquals(test[i] / zero[i], rel.getYValue(0, i), 1e-5);
            assertEquals(biases[i] / zero[i], rel.getYValue(1, i), 1e-9);
        }

        PanelGrid fans = (PanelGrid) Figures.figure(run, FigureNames.POINT_FEATURE_FANS);
        assertEquals(FiniteFigures.FAN_COLUMNS, fans.columns());
        String first = fans.panels().get(0).getTitle().getText();
        String last =
                fans.panels().get(FiniteFigures.FAN_COLUMNS - 1).getTitle().getText();
        assertTrue(first.startsWith("T = 3:") && last.startsWith("T = 400:"), first + " / " + last);
        assertEquals(3, fans.panels().get(0).getXYPlot().getDataset().getItemCount(1), "one h_t per training point");
        assertEquals(
                300,
                fans.panels()
                        .get(FiniteFigures.FAN_COLUMNS)
                        .getXYPlot()
                        .getDataset()
                        .getItemCount(1),
                "one W_i per feature");
    }

    @Test
    void replicatesShareTheirSizeAndFansPickDistinctSizes() {
        double[] t = {3, 3, 10, 10, 100};
        assertArrayEquals(new double[] {3, 10, 100}, FiniteFigures.sizes(t));
        double[][] grouped = FiniteFigures.bySize(t, new double[] {1, 2, 3, 4, 5});
        assertArrayEquals(new double[] {1, 2}, grouped[0]);
        assertArrayEquals(new double[] {5}, grouped[2]);
        assertArrayEquals(new int[] {0, 2, 4}, FiniteFigures.fanInstances(t));
    }

    @Test
    void finiteFiguresNeedFiniteData() throws Exception {
        Path file = tmp.resolve("fresh.toml");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "name = \"fresh\"",
                        "features = 5",
                        "hidden = 2",
                        "steps = 10",
                        "figures = [\"double-descent\"]",
                        ""));
        SpecException e = assertThrows(SpecException.class, () -> Figures.check(SpecParser.parse(file)));
        assertTrue(e.getMessage().contains("double-descent") && e.getMessage().contains("dataset"), e.getMessage());
    }
}
