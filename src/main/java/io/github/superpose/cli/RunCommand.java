package io.github.superpose.cli;

import io.github.superpose.core.Backend;
import io.github.superpose.experiments.Checkpoint;
import io.github.superpose.experiments.Experiment;
import io.github.superpose.experiments.Figures;
import io.github.superpose.experiments.RunData;
import io.github.superpose.experiments.MemoryPlan;
import io.github.superpose.experiments.PartialRun;
import io.github.superpose.experiments.RunControl;
import io.github.superpose.experiments.RunOptions;
import io.github.superpose.experiments.RunResult;
import io.github.superpose.experiments.RunStore;
import io.github.superpose.experiments.Spec;
import io.github.superpose.experiments.SpecException;
import io.github.superpose.experiments.SpecParser;
import io.github.superpose.sim.InstanceSlice;
import io.github.superpose.sim.TrainState;
import io.github.superpose.sim.TrainingDivergedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
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
            "The folder appears only when the run is complete. Meanwhile .NAME.partial beside it holds",
            "checkpoints; `./sim run --resume DIR` continues a stopped run with identical results.",
            "Clusters: --shard K/N trains a slice of the instances; `./sim merge` joins the shards."})
final class RunCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SPEC", arity = "0..1",
            description = "a spec file, or a name from `./sim list` (optional with --resume)")
    String specArg;

    @Option(names = "--out", paramLabel = "DIR", description = "run folder (default: runs/NAME-TIMESTAMP); must not exist")
    Path out;

    @Option(names = "--steps", paramLabel = "N", description = "override the spec's training steps")
    Integer steps;

    @Option(names = "--seed", paramLabel = "S", description = "override the spec's seed")
    Long seed;

    @Option(names = "--backend", paramLabel = "NAME", description = "java (default) or nd4j")
    String backend;

    @Option(names = "--threads", paramLabel = "T", description = "worker threads (default: all cores)")
    Integer threads;

    @Option(names = "--engine", paramLabel = "E",
            description = "auto (default: fused kernel where it applies) or tape (the general autograd path)")
    String engine;

    @Option(names = "--checkpoint-every", paramLabel = "N",
            description = "write a checkpoint every N training steps into .NAME.partial beside the run folder"
                    + " (default " + DEFAULT_CHECKPOINT_EVERY + "; 0 = none)")
    Integer checkpointEvery;

    @Option(names = "--resume", paramLabel = "RUN_DIR",
            description = "continue an interrupted run from its last checkpoint; finishes with the same bytes"
                    + " as an uninterrupted run")
    Path resume;

    @Option(names = "--shard", paramLabel = "K/N",
            description = "train only instances K, K+N, K+2N, ... (0 <= K < N); join shards with `./sim merge`")
    String shard;

    @Option(names = "--quiet", description = "no progress bar")
    boolean quiet;

    @Option(names = "--no-figures", description = "skip the spec's figures (render later with `./sim plot`)")
    boolean noFigures;

    static final int DEFAULT_CHECKPOINT_EVERY = 1000;

    @picocli.CommandLine.Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        if (resume != null) {
            return resume();
        }
        if (specArg == null) {
            throw new SpecException("SPEC: missing (a spec file or a name from ./sim list; or --resume RUN_DIR)");
        }
        RunOptions opts = options();
        Path specFile = SpecFiles.resolve(specArg);
        Spec spec = opts.apply(SpecParser.parse(specFile));
        InstanceSlice slice = sliceOf(shard, spec);
        MemoryPlan.check(spec, slice.size(), specFile.toString(), quiet);
        Figures.check(spec, specFile.toString());
        int every = checkpointEvery == null ? DEFAULT_CHECKPOINT_EVERY : checkpointEvery;
        if (every < 0) {
            throw new SpecException("--checkpoint-every: expected an integer >= 0, got " + every);
        }
        Path target = out != null ? out : RunStore.defaultFolder(Path.of("runs"), spec.name());
        Backend be = Backends.create(opts.backend(), opts.threads());
        if (Files.exists(target)) {
            throw new SpecException(target + ": output folder already exists (choose another --out)");
        }
        PartialRun partial = every > 0 ? PartialRun.start(target, spec, opts, shard, every) : null;
        if (partial != null && !quiet) {
            System.err.println("checkpoints every " + every + " steps in " + partial.folder()
                    + " (if stopped: ./sim run --resume " + target + ")");
        }
        return train(spec, opts, slice, be, partial, null, target, true);
    }

    /** Continues the interrupted run named by --resume. */
    private int resume() throws Exception {
        for (Object[] o : new Object[][] {{"--steps", steps}, {"--seed", seed}, {"--backend", backend},
            {"--engine", engine}, {"--shard", shard}, {"--out", out}}) {
            if (o[1] != null) {
                throw new SpecException(o[0] + ": not allowed with --resume (the run keeps the settings it started with)");
            }
        }
        if (checkpointEvery != null && checkpointEvery < 0) {
            throw new SpecException("--checkpoint-every: expected an integer >= 0, got " + checkpointEvery);
        }
        Path target = PartialRun.targetOf(resume);
        Path partialDir = PartialRun.folderOf(target);
        if (Files.isDirectory(target) && Files.isRegularFile(target.resolve("results.json"))) {
            // finished (possibly stopped between placing the run folder and deleting the partial one)
            PartialRun.discardStale(target);
            command.commandLine().getOut().println(target + ": already complete, nothing to resume");
            return 0;
        }
        if (!Files.isDirectory(partialDir)) {
            throw new SpecException(resume + ": no interrupted run to resume (no " + partialDir + ")");
        }
        int t = threads != null ? checkThreads(threads) : Runtime.getRuntime().availableProcessors();
        PartialRun partial = PartialRun.open(target, t, checkpointEvery);
        try {
            Spec spec = partial.spec();
            if (specArg != null) {
                Spec given = SpecParser.parse(SpecFiles.resolve(specArg));
                if (!partial.matches(given)) {
                    throw new SpecException(specArg + ": differs from the spec of the run being resumed ("
                            + partial.folder().resolve("run.json") + ")");
                }
            }
            InstanceSlice slice = partial.slice();
            MemoryPlan.check(spec, slice.size(), partial.folder().toString(), quiet);
            Backend be = Backends.create(partial.options().backend(), t);
            partial.cleanLeftovers();
            Checkpoint.Saved saved = partial.checkpoint();
            if (!quiet) {
                System.err.println(saved == null ? "resuming " + target + " from the start (no checkpoint yet)"
                        : "resuming " + target + " at " + position(saved, spec));
            }
            return train(spec, partial.options(), slice, be, partial, saved, target, false);
        } catch (Exception | Error e) {
            partial.close();
            throw e;
        }
    }

    private static String position(Checkpoint.Saved saved, Spec spec) {
        TrainState s = saved.state();
        return s.atBoundary() ? "the end of restart chunk " + s.chunk()
                : "step " + s.step() + " of " + spec.steps() + " (restart chunk " + s.chunk() + ")";
    }

    /**
     * Trains, writes the run folder atomically, then drops the partial folder. A failure keeps a
     * partial folder the user already had ({@code fresh} false) for another attempt.
     */
    private int train(Spec spec, RunOptions opts, InstanceSlice slice, Backend be, PartialRun partial,
                      Checkpoint.Saved saved, Path target, boolean fresh) throws Exception {
        Path tmp = RunStore.reserve(target);
        Thread hint = partial == null ? null : new Thread(() -> System.err.println(
                "\nsim: stopped; continue with ./sim run --resume " + target));
        if (hint != null) {
            Runtime.getRuntime().addShutdownHook(hint);
        }
        try {
            RunControl control = partial == null ? new RunControl(slice, null, null, 0) : partial.control(slice, saved);
            RunResult r = Experiment.run(spec, opts, be, new Progress(spec.name(), quiet), control);
            RunStore.write(tmp, r);
            if (!noFigures && !r.sharded()) {
                Figures.render(RunData.of(r), tmp, spec.name());
            }
            RunStore.commit(tmp, target);
            if (hint != null) {
                Runtime.getRuntime().removeShutdownHook(hint);
                partial.finish();
            }
            Summaries.print(r, target);
            if (r.sharded()) {
                System.out.println("shard " + shardLabel(slice) + ": join all shards with ./sim merge DIR...");
            }
        } catch (SpecException | TrainingDivergedException e) {
            // bad input or a run that cannot succeed: leave nothing behind that this call made
            RunStore.discard(tmp);
            if (partial != null) {
                Runtime.getRuntime().removeShutdownHook(hint);
                if (fresh) {
                    partial.finish();
                } else {
                    partial.close();
                }
            }
            throw e;
        } catch (Exception | Error e) {
            RunStore.discard(tmp);
            if (partial != null) {
                partial.close();
            }
            throw e;
        }
        return 0;
    }

    private static String shardLabel(InstanceSlice s) {
        return s.size() + " of " + s.total() + " instances";
    }

    static InstanceSlice sliceOf(String shard, Spec spec) {
        return PartialRun.sliceOf(shard, spec, "--shard");
    }

    private static int checkThreads(int t) {
        if (t < 1 || t > 1024) {
            throw new SpecException("--threads: expected an integer in [1, 1024], got " + t);
        }
        return t;
    }

    RunOptions options() {
        if (steps != null && steps <= 0) {
            throw new SpecException("--steps: expected an integer > 0, got " + steps);
        }
        if (threads != null) {
            checkThreads(threads);
        }
        String e = engine == null ? "auto" : engine;
        if (!e.equals("auto") && !e.equals("tape")) {
            throw new SpecException("--engine: '" + e + "' is not one of auto, tape");
        }
        int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        return new RunOptions(steps == null ? 0 : steps, seed, backend == null ? "java" : backend, t, e, false);
    }
}
