package io.github.superpose.cli;

import io.github.superpose.experiments.Figures;
import io.github.superpose.experiments.Merge;
import io.github.superpose.experiments.RunData;
import io.github.superpose.experiments.RunResult;
import io.github.superpose.experiments.RunStore;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./sim merge DIR...}: joins the shard folders of one sweep into one run folder. */
@Command(
        name = "merge",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Join the shard folders of one sweep into the run folder the unsharded run makes.",
            "  ./sim run SPEC --shard 0/3 --out s0   (likewise 1/3 and 2/3, on any machines)",
            "  ./sim merge s0 s1 s2 --out whole",
            "weights.npz, results.json (but for \"seconds\", the shards' sum), metrics.csv and dynamics.csv",
            "match the unsharded run byte for byte; the spec's figures are rendered from the joined run.",
            "A missing shard is named by its K/N (with a Slurm job array, K is the task id), with the",
            "folder its stopped run waits in; a whole run, or shards of another spec or seed, are refused."
        })
final class MergeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", arity = "1..*", description = "shard run folders (any order)")
    List<Path> dirs;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "run folder (default: runs/NAME-TIMESTAMP); must not exist")
    Path out;

    @Option(names = "--no-figures", description = "skip the spec's figures")
    boolean noFigures;

    @Override
    public Integer call() throws Exception {
        RunResult r = Merge.of(dirs);
        Path target = out != null
                ? out
                : RunStore.defaultFolder(Path.of("runs"), r.spec().name());
        // RunStore.reserve deletes what a killed merge left (only folders of dead processes)
        Path tmp = RunStore.reserve(target);
        try {
            RunStore.write(tmp, r);
            if (!noFigures) {
                Figures.render(RunData.of(r), tmp, r.spec().name());
            }
            RunStore.commit(tmp, target);
        } catch (Exception | Error e) {
            RunStore.discard(tmp);
            throw e;
        }
        System.out.println("merged " + dirs.size() + " shards, " + r.spec().instances() + " instances: " + target);
        return 0;
    }
}
