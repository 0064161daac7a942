package io.github.superpose.cli;

import io.github.superpose.experiments.LossMapFigure;
import io.github.superpose.experiments.RunData;
import io.github.superpose.experiments.RunReader;
import io.github.superpose.plots.FigureWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./sim loss-map RUN_DIR…}: the (m, T) test-loss map joined from double-descent runs. */
@Command(
        name = "loss-map",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Draw the test loss over hidden dimensions m and training-set size T (Henighan et al. 2023)",
            "from finite-data runs that differ only in m, one run per m, all with the same T.",
            "",
            "Each cell is the test loss recomputed from the run's weights on its test points, divided by the",
            "zero-output loss, the median over instances of that T. For example, with copies of",
            "experiments/double-descent-10000-in-2.toml that differ in `hidden` (and `name`):",
            "  ./sim run dd-m1.toml --out runs/m1; ./sim run dd-m2.toml --out runs/m2; ...",
            "  ./sim loss-map runs/m1 runs/m2 runs/m4 --out runs"
        })
final class LossMapCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN_DIR", arity = "1..*", description = "finite-data run folders, one per m")
    List<Path> runDirs;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "where to write loss-map.png and loss-map.svg (default: the current folder)")
    Path out;

    @Option(names = "--name", paramLabel = "NAME", description = "file name without extension (default: loss-map)")
    String name = "loss-map";

    @Override
    public Integer call() {
        List<RunData> runs = new ArrayList<>();
        for (Path d : runDirs) {
            runs.add(RunReader.load(d));
        }
        Path dir = out != null ? out : Path.of(".");
        FigureWriter.Written w = FigureWriter.write(LossMapFigure.of(runDirs, runs), dir, name);
        System.out.println(w.png());
        System.out.println(w.svg());
        return 0;
    }
}
