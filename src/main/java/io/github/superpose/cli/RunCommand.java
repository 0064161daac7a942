package io.github.superpose.cli;

import io.github.superpose.core.Backend;
import io.github.superpose.experiments.Experiment;
import io.github.superpose.experiments.Figures;
import io.github.superpose.experiments.RunData;
import io.github.superpose.experiments.MemoryPlan;
import io.github.superpose.experiments.RunOptions;
import io.github.superpose.experiments.RunResult;
import io.github.superpose.experiments.RunStore;
import io.github.superpose.experiments.Spec;
import io.github.superpose.experiments.SpecException;
import io.github.superpose.experiments.SpecParser;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./sim run SPEC}: trains every instance of a spec and writes one run folder atomically. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train every instance of a spec and write one run folder.", "",
            "The run folder holds:",
            "  config.json   the resolved spec, seed, backend, version",
            "  results.json  per instance: density, importance, losses, norms, superposition, D_i, phases",
            "  weights.npz   W [instances, features, hidden] (W1, W2 for abs), b [instances, features]",
            "  metrics.csv   restart, step, instance, loss at the logged steps",
            "  dynamics.csv  per-feature norm and D_i at hooked steps (when hook_every > 0)",
            "  NAME-FIGURE.png/.svg  the figures the spec names",
            "The folder appears only when the run is complete."})
final class RunCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SPEC", description = "a spec file, or a name from `./sim list`")
    String specArg;

    @Option(names = "--out", paramLabel = "DIR", description = "run folder (default: runs/NAME-TIMESTAMP); must not exist")
    Path out;

    @Option(names = "--steps", paramLabel = "N", description = "override the spec's training steps")
    Integer steps;

    @Option(names = "--seed", paramLabel = "S", description = "override the spec's seed")
    Long seed;

    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "java",
            description = "java (default) or nd4j")
    String backend;

    @Option(names = "--threads", paramLabel = "T", description = "worker threads (default: all cores)")
    Integer threads;

    @Option(names = "--engine", paramLabel = "E", defaultValue = "auto",
            description = "auto (fused kernel where it applies) or tape (the general autograd path)")
    String engine;

    @Option(names = "--quiet", description = "no progress bar")
    boolean quiet;

    @Option(names = "--no-figures", description = "skip the spec's figures (render later with `./sim plot`)")
    boolean noFigures;

    @Override
    public Integer call() throws Exception {
        RunOptions opts = options();
        Path specFile = SpecFiles.resolve(specArg);
        Spec spec = opts.apply(SpecParser.parse(specFile));
        MemoryPlan.check(spec, specFile.toString(), quiet);
        Figures.check(spec, specFile.toString());
        Path target = out != null ? out : RunStore.defaultFolder(Path.of("runs"), spec.name());
        Backend be = Backends.create(opts.backend(), opts.threads());
        Path tmp = RunStore.reserve(target);
        try {
            RunResult r = Experiment.run(spec, opts, be, new Progress(spec.name(), quiet));
            RunStore.write(tmp, r);
            if (!noFigures) {
                Figures.render(RunData.of(r), tmp, spec.name());
            }
            RunStore.commit(tmp, target);
            Summaries.print(r, target);
        } catch (Exception | Error e) {
            RunStore.discard(tmp);
            throw e;
        }
        return 0;
    }

    RunOptions options() {
        if (steps != null && steps <= 0) {
            throw new SpecException("--steps: expected an integer > 0, got " + steps);
        }
        if (threads != null && (threads < 1 || threads > 1024)) {
            throw new SpecException("--threads: expected an integer in [1, 1024], got " + threads);
        }
        if (!engine.equals("auto") && !engine.equals("tape")) {
            throw new SpecException("--engine: '" + engine + "' is not one of auto, tape");
        }
        int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        return new RunOptions(steps == null ? 0 : steps, seed, backend, t, engine, false);
    }
}
