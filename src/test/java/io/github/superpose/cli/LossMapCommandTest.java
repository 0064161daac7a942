package io.github.superpose.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.superpose.experiments.FiniteMeasures;
import io.github.superpose.experiments.LossMapFigure;
import io.github.superpose.experiments.RunData;
import io.github.superpose.experiments.RunReader;
import io.github.superpose.plots.ChartFigure;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.data.xy.XYZDataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./sim loss-map} joins small double-descent runs at m = 1 and m = 3 (given out of order)
 * into the (m, T) map: rows sorted by m, each cell the run's own test loss over its zero-output
 * level; runs that cannot share a map are refused with one line and exit 2.
 */
class LossMapCommandTest {
    @TempDir
    static Path tmp;

    static Path m1;
    static Path m3;
    static Path otherT;
    static Path infinite;

    static String spec(String name, int hidden, String trainPoints, boolean dataset) {
        return String.join(
                "\n",
                "name = \"" + name + "\"",
                "features = 60",
                "hidden = " + hidden,
                "steps = 80",
                dataset ? "batch = 1000000" : "batch = 100",
                "eval_batch = 500",
                "[density]",
                "values = [0.05]",
                dataset ? "[data]\nkind = \"dataset\"\ntrain_points = " + trainPoints + "\nnormalize = \"unit\"" : "",
                "");
    }

    static Path run(String name, int hidden, String trainPoints, boolean dataset) throws Exception {
        Path file = tmp.resolve(name + ".toml");
        Files.writeString(file, spec(name, hidden, trainPoints, dataset));
        Path out = tmp.resolve("runs").resolve(name);
        BadInputTest.Outcome o = BadInputTest.run("run", file.toString(), "--out", out.toString(), "--quiet");
        assertEquals(0, o.code(), o.err());
        return out;
    }

    @BeforeAll
    static void train() throws Exception {
        m1 = run("dd-m1", 1, "[3, 10, 30]", true);
        m3 = run("dd-m3", 3, "[3, 10, 30]", true);
        otherT = run("dd-other", 2, "[3, 10, 40]", true);
        infinite = run("plain", 2, "", false);
    }

    @Test
    void rowsAreSortedByMAndHoldEachRunsLossOverItsBaseline() throws Exception {
        Path out = tmp.resolve("map");
        BadInputTest.Outcome o = BadInputTest.run("loss-map", m3.toString(), m1.toString(), "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        BufferedImage png = ImageIO.read(out.resolve("loss-map.png").toFile());
        assertTrue(png.getWidth() > 400 && png.getHeight() > 200, "a readable figure");
        assertTrue(Files.size(out.resolve("loss-map.svg")) > 2_000);

        List<RunData> runs = List.of(RunReader.load(m3), RunReader.load(m1));
        XYZDataset cells = (XYZDataset) ((ChartFigure) LossMapFigure.of(List.of(m3, m1), runs))
                .chart()
                .getXYPlot()
                .getDataset();
        RunData[] byM = {runs.get(1), runs.get(0)}; // m = 1 first
        int k = 0;
        for (int row = 0; row < 2; row++) {
            double[] test = FiniteMeasures.testLoss(byM[row]);
            double[] zero = FiniteMeasures.zeroOutputLoss(byM[row]);
            double[] t = FiniteMeasures.trainPoints(byM[row]);
            for (int j = 0; j < t.length; j++, k++) {
                assertEquals(
                        row,
                        cells.getYValue(0, k),
                        "row of m = " + byM[row].spec().hidden());
                assertEquals(Math.log10(t[j]), cells.getXValue(0, k), 1e-12);
                assertEquals(
                        Math.log10(test[j] / zero[j]), cells.getZValue(0, k), 1e-5, "m row " + row + ", T " + t[j]);
            }
        }
    }

    @Test
    void runsThatCannotShareAMapAreRefused() {
        expectRefusal("every run needs the same T", m1.toString(), otherT.toString());
        expectRefusal("two runs have m = 1", m1.toString(), m1.toString());
        expectRefusal("not a finite-data run", m1.toString(), infinite.toString());
        expectRefusal("no-such-run", tmp.resolve("no-such-run").toString());
    }

    private static void expectRefusal(String expect, String... dirs) {
        String[] args = new String[dirs.length + 3];
        args[0] = "loss-map";
        System.arraycopy(dirs, 0, args, 1, dirs.length);
        args[dirs.length + 1] = "--out";
        args[dirs.length + 2] = tmp.resolve("refused").toString();
        BadInputTest.Outcome o = BadInputTest.run(args);
        assertEquals(2, o.code(), "exit code; stderr: " + o.err());
        String line = o.err().strip();
        assertFalse(line.contains("\n") || line.contains("Exception"), "one line, no trace: " + o.err());
        assertTrue(line.contains(expect), "names the problem '" + expect + "': " + line);
        assertFalse(Files.exists(tmp.resolve("refused").resolve("loss-map.png")), "nothing written");
    }
}
