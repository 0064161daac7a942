package io.github.superpose.cli;

import io.github.superpose.experiments.Spec;
import io.github.superpose.experiments.SpecException;
import io.github.superpose.experiments.SpecParser;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code ./sim list}: the specs in experiments/ with their model, size and description. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List the experiment specs in experiments/ (name, model, n→m, instances, steps, figures).")
final class ListCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.printf(
                "%-32s %-11s %-9s %9s %7s  %s%n", "NAME", "MODEL", "n→m", "INSTANCES", "STEPS", "DESCRIPTION");
        for (Path p : SpecFiles.catalogue()) {
            try {
                Spec s = SpecParser.parse(p);
                System.out.printf(
                        "%-32s %-11s %-9s %9d %7d  %s%n",
                        s.name(),
                        s.model().key(),
                        s.features() + "→" + s.hidden(),
                        s.instances(),
                        s.steps(),
                        s.description());
            } catch (SpecException e) {
                System.out.printf("%-32s INVALID: %s%n", p.getFileName(), e.getMessage());
            }
        }
        return 0;
    }
}
