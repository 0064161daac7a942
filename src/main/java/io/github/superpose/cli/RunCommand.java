package io.github.superpose.cli;

import io.github.superpose.core.Backend;
import io.github.superpose.experiments.MemoryPlan;
import io.github.superpose.experiments.PartialRun;
import io.github.superpose.experiments.RunJob;
import io.github.superpose.experiments.RunOptions;
import io.github.superpose.experiments.RunResult;
import io.github.superpose.experiments.RunStore;
import io.github.superpose.experiments.Spec;
import io.github.superpose.experiments.SpecException;
import io.github.superpose.experiments.SpecParser;
import io.github.superpose.sim.InstanceSlice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./sim run SPEC}: trains every instance of a spec and writes one run folder atomically. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        sortOptions = false,
        description = {
            "Train every instance of a spec and write one run folder.",
            "",
            "The run folder holds:",
            "  config.json   the resolved spec, seed, backend, version",
            "  results.json  per instance: density, importance, losses, norms, superposition, D_i, phases",
            "  weights.npz   W [instances, features, hidden] (W1, W2 for abs), b [instances, features]",
            "  metrics.csv   restart, step, instance, loss at the logged steps",
            "  dynamics.csv  per-feature norm and D_i at hooked steps (when hook_every > 0)",
            "  NAME-FIGURE.png/.svg  the figures the spec names",
            "The folder appears only when the run is complete. Meanwhile .NAME.partial beside it holds",
            "checkpoints; `./sim run --resume DIR` continues a stopped run with identical results.",
            "Clusters: --shard K/N trains a slice of the instances; `./sim merge` joins the shards."
        })
final class RunCommand implements Callable<Integer> {
    @Parameters(
            paramLabel = "SPEC",
            arity = "0..1",
            description = "a spec file, or a name from `./sim list` (optional with --resume)")
    String specArg;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "run folder (default: runs/NAME-TIMESTAMP); must not exist")
    Path out;

    @Option(names = "--steps", paramLabel = "N", description = "override the spec's training steps")
    Integer steps;

    @Option(names = "--seed", paramLabel = "S", description = "override the spec's seed")
    Long seed;

    @Option(names = "--backend", paramLabel = "NAME", description = "java (default) or nd4j")
    String backend;

    @Option(names = "--threads", paramLabel = "T", description = "worker threads (default: all cores)")
    Integer threads;

    @Option(
            names = "--engine",
            paramLabel = "E",
            description = "auto (default: fused kernel where it applies) or tape (the general autograd path)")
    String engine;

    @Option(
            names = "--checkpoint-every",
            paramLabel = "N",
            description = "write a checkpoint every N training steps into .NAME.partial beside the run folder"
                    + " (default " + DEFAULT_CHECKPOINT_EVERY + "; 0 = none)")
    Integer checkpointEvery;

    @Option(
            names = "--resume",
            paramLabel = "RUN_DIR",
            description = "continue an interrupted run from its last checkpoint; finishes with the same bytes"
                    + " as an uninterrupted run")
    Path resume;

    @Option(
            names = "--shard",
            paramLabel = "K/N",
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
        int every = checkpointEvery == null ? DEFAULT_CHECKPOINT_EVERY : checkpointEvery;
        if (every < 0) {
            throw new SpecException("--checkpoint-every: expected an integer >= 0, got " + every);
        }
        Path target = out != null ? out : RunStore.defaultFolder(Path.of("runs"), spec.name());
        if (Files.exists(target)) {
            throw new SpecException(target + ": output folder already exists (choose another --out)");
        }
        RunJob.check(spec, slice.size(), specFile.toString());
        Backend be = Backends.create(opts.backend(), opts.threads());
        // every check has passed: from here on, stderr carries notes, not refusals
        if (!quiet) {
            System.err.println(MemoryPlan.describe(spec, slice.size()));
        }
        if (out == null) {
            waiting(target, spec.name()).forEach(System.err::println);
        }
        RunResult r = RunJob.fresh(
                new RunJob.Plan(spec, opts, shard, every, !noFigures),
                be,
                new Progress(spec.name(), quiet),
                target,
                this::note);
        report(r, target);
        return 0;
    }

    /** Continues the interrupted run named by --resume. */
    private int resume() throws Exception {
        for (Object[] o : new Object[][] {
            {"--steps", steps},
            {"--seed", seed},
            {"--backend", backend},
            {"--engine", engine},
            {"--shard", shard},
            {"--out", out}
        }) {
            if (o[1] != null) {
                throw new SpecException(
                        o[0] + ": not allowed with --resume (the run keeps the settings it started with)");
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
        Backend be;
        try {
            if (specArg != null) {
                Spec given = SpecParser.parse(SpecFiles.resolve(specArg));
                if (!partial.matches(given)) {
                    throw new SpecException(specArg + ": differs from the spec of the run being resumed ("
                            + partial.folder().resolve("run.json") + ")");
                }
            }
            be = Backends.create(partial.options().backend(), t);
        } catch (Exception | Error e) {
            partial.close();
            throw e;
        }
        RunResult r = RunJob.resume(
                partial, !noFigures, be, new Progress(partial.spec().name(), quiet), this::note);
        report(r, target);
        return 0;
    }

    /**
     * Without --out every run gets a new folder, so an interrupted run of the same spec would wait
     * unseen in its hidden partial folder: one note per such folder beside {@code target}.
     */
    static List<String> waiting(Path target, String name) {
        Path parent = target.toAbsolutePath().normalize().getParent();
        String pattern = "\\." + Pattern.quote(name) + "-\\d{8}-\\d{6}(-\\d+)?\\.partial";
        if (parent == null || !Files.isDirectory(parent)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(parent)) {
            return s.filter(p -> p.getFileName().toString().matches(pattern))
                    .sorted()
                    .map(p -> "sim: note: an interrupted run of " + name + " waits in " + p
                            + " (continue it with ./sim run --resume " + PartialRun.targetOf(p) + ", or delete it)")
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private void note(String line) {
        if (!quiet) {
            System.err.println(line);
        }
    }

    private static void report(RunResult r, Path target) {
        Summaries.print(r, target);
        if (r.sharded()) {
            System.out.println("shard " + shardLabel(r.slice()) + ": join all shards with ./sim merge DIR...");
        }
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
