package io.github.superpose.cli;

import io.github.superpose.experiments.SpecException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./sim bench}: the side-by-side timing against PyTorch (bench/compare.sh), medians and ratios. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Time Superpose against PyTorch on the same jobs and print medians and ratios.",
            "",
            "Times one job per model against PyTorch (Debian python3-torch), same model, instances",
            "(restarts included) and batch: the sparsity sweep 20->5 and a dense n=400, m=30 job",
            "(ReLU output), privileged-basis-10-in-5 (hidden ReLU), abs-100-in-40 (abs) and",
            "correlated-6-in-2 (correlated features), then prints one table of training steps/s.",
            "The Java side also runs each job --long times longer: its rate after JIT warm-up,",
            "(long - short steps) / (long - short training seconds), is the rate a catalogue run",
            "of 10,000 steps or more sees; PyTorch's rate hardly depends on the length.",
            "Needs /usr/bin/python3 with torch (apt-get install python3-torch)."
        })
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--runs", paramLabel = "R", defaultValue = "3", description = "repetitions per side (median)")
    int runs;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "10000", description = "steps of the sweep job")
    int steps;

    @Option(names = "--big-steps", paramLabel = "N", defaultValue = "500", description = "steps of the n=400 job")
    int bigSteps;

    @Option(
            names = "--pb-steps",
            paramLabel = "N",
            defaultValue = "500",
            description = "steps of the privileged-basis job")
    int pbSteps;

    @Option(names = "--abs-steps", paramLabel = "N", defaultValue = "500", description = "steps of the abs job")
    int absSteps;

    @Option(
            names = "--corr-steps",
            paramLabel = "N",
            defaultValue = "3000",
            description = "steps of the correlated-features job")
    int corrSteps;

    @Option(
            names = "--jobs",
            paramLabel = "LIST",
            defaultValue = "sweep big pb abs corr",
            description = "which jobs, space-separated: sweep big pb abs corr")
    String jobs;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "2")
    int threads;

    @Option(
            names = "--long",
            paramLabel = "F",
            defaultValue = "10",
            description = "the Java side also runs each job F times longer, for its rate after JIT warm-up (0 = off)")
    int longFactor;

    @Override
    public Integer call() throws Exception {
        Path script = Path.of("bench/compare.sh");
        if (!Files.isRegularFile(script)) {
            throw new SpecException("bench/compare.sh: not found (run from the project folder)");
        }
        if (runs < 1 || steps < 1 || bigSteps < 1 || pbSteps < 1 || absSteps < 1 || corrSteps < 1 || threads < 1) {
            throw new SpecException("bench: --runs, --threads and every --*steps must be >= 1");
        }
        if (longFactor < 0 || longFactor == 1) {
            throw new SpecException("bench --long: expected 0 (off) or a factor >= 2, got " + longFactor);
        }
        for (String j : jobs.trim().split("\\s+")) {
            if (!java.util.Set.of("sweep", "big", "pb", "abs", "corr").contains(j)) {
                throw new SpecException("bench --jobs: '" + j + "' is not one of sweep, big, pb, abs, corr");
            }
        }
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).inheritIO();
        pb.environment().put("R", Integer.toString(runs));
        pb.environment().put("STEPS", Integer.toString(steps));
        pb.environment().put("BIG_STEPS", Integer.toString(bigSteps));
        pb.environment().put("THREADS", Integer.toString(threads));
        pb.environment().put("PB_STEPS", Integer.toString(pbSteps));
        pb.environment().put("ABS_STEPS", Integer.toString(absSteps));
        pb.environment().put("CORR_STEPS", Integer.toString(corrSteps));
        pb.environment().put("JOBS", jobs.trim());
        pb.environment().put("LONG", Integer.toString(longFactor));
        return pb.start().waitFor() == 0 ? 0 : 1;
    }
}
