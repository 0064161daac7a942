package io.github.superpose.cli;

import io.github.superpose.experiments.RunResult;
import io.github.superpose.experiments.Spec;
import io.github.superpose.metrics.Geometry;
import io.github.superpose.metrics.Weights;
import java.nio.file.Path;

/** The short table printed to stdout after a run. */
final class Summaries {
    private Summaries() {}

    static void print(RunResult r, Path folder) {
        Spec s = r.spec();
        System.out.printf(
                "%s: %d instances of %s %d→%d trained for %d steps in %.1f s%n",
                s.name(), r.slice().size(), s.model().key(), s.features(), s.hidden(), s.steps(), r.seconds());
        System.out.printf(
                "%8s %10s %10s %12s %11s %9s%n",
                "instance", "density", "rel.imp", "eval loss", "represented", "dims/feat");
        int count = r.slice().size();
        int shown = Math.min(count, 40);
        for (int i = 0; i < shown; i++) {
            int id = r.slice().id(i);
            double[][] w = Weights.instance(r.train().model().embedding(), i, s.features(), s.hidden());
            System.out.printf(
                    "%8d %10.4g %10.4g %12.6g %11d %9.3f%n",
                    id,
                    s.densityOf(id),
                    s.relativeOf(id),
                    r.train().evalLoss()[i],
                    Geometry.representedCount(w),
                    Geometry.dimensionsPerFeature(w));
        }
        if (shown < count) {
            System.out.printf("... %d more in results.json%n", count - shown);
        }
        System.out.println("run folder: " + folder);
    }
}
