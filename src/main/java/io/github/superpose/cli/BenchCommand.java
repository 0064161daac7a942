package io.github.superpose.cli;

import io.github.superpose.experiments.SpecException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./sim bench}: the side-by-side timing against PyTorch (bench/compare.sh), medians and ratios. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time Superpose against PyTorch on the same jobs and print medians and ratios.", "",
            "Times the 10k-step sparsity-sweep job (./sim run) and an n=400, m=30 job against",
            "PyTorch (Debian python3-torch), whole processes, and print medians and ratios.",
            "Needs /usr/bin/python3 with torch (apt-get install python3-torch)."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--runs", paramLabel = "R", defaultValue = "3", description = "repetitions per side (median)")
    int runs;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "10000", description = "steps of the sweep job")
    int steps;

    @Option(names = "--big-steps", paramLabel = "N", defaultValue = "500", description = "steps of the n=400 job")
    int bigSteps;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "2")
    int threads;

    @Override
    public Integer call() throws Exception {
        Path script = Path.of("bench/compare.sh");
        if (!Files.isRegularFile(script)) {
            throw new SpecException("bench/compare.sh: not found (run from the project folder)");
        }
        if (runs < 1 || steps < 1 || bigSteps < 1 || threads < 1) {
            throw new SpecException("bench: --runs, --steps, --big-steps and --threads must be >= 1");
        }
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).inheritIO();
        pb.environment().put("R", Integer.toString(runs));
        pb.environment().put("STEPS", Integer.toString(steps));
        pb.environment().put("BIG_STEPS", Integer.toString(bigSteps));
        pb.environment().put("THREADS", Integer.toString(threads));
        return pb.start().waitFor() == 0 ? 0 : 1;
    }
}
