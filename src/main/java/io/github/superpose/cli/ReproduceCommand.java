package io.github.superpose.cli;

import io.github.superpose.core.Backend;
import io.github.superpose.experiments.Checkpoint;
import io.github.superpose.experiments.Claim;
import io.github.superpose.experiments.Claims;
import io.github.superpose.experiments.Experiment;
import io.github.superpose.experiments.Figures;
import io.github.superpose.experiments.Gallery;
import io.github.superpose.experiments.MemoryPlan;
import io.github.superpose.experiments.PartialRun;
import io.github.superpose.experiments.RunData;
import io.github.superpose.experiments.RunOptions;
import io.github.superpose.experiments.RunReader;
import io.github.superpose.experiments.RunResult;
import io.github.superpose.experiments.RunStore;
import io.github.superpose.experiments.Spec;
import io.github.superpose.experiments.SpecException;
import io.github.superpose.experiments.SpecParser;
import io.github.superpose.sim.InstanceSlice;
import io.github.superpose.sim.TrainingDivergedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./sim reproduce}: runs the catalogue, renders every figure, measures every claim, writes the gallery. */
@Command(name = "reproduce", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the catalogue, render the gallery and measure the paper's claims.", "",
            "Runs every spec in experiments/ (or --only some), renders their figures into plots/,",
            "measures the paper's claims on each run, and writes plots/index.html and plots/claims.json.",
            "Run folders go to runs/reproduce-TIMESTAMP/NAME."})
final class ReproduceCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--quick", description = "each spec's [quick] scale: the same code path in minutes, not hours")
    boolean quick;

    @Option(names = "--quick-for", paramLabel = "NAME", split = ",",
            description = "these specs at their [quick] scale, the rest at full scale")
    List<String> quickFor;

    @Option(names = "--only", paramLabel = "NAME", split = ",", description = "only these specs (names from `./sim list`)")
    List<String> only;

    @Option(names = "--plots", paramLabel = "DIR", defaultValue = "plots", description = "gallery folder (default: plots)")
    Path plots;

    @Option(names = "--runs", paramLabel = "DIR", description = "where run folders go (default: runs/reproduce-TIMESTAMP)")
    Path runs;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "reuse the finished run folders in DIR whose spec matches, continue interrupted ones from"
                    + " their checkpoints, train the rest there")
    Path resume;

    @Option(names = "--shard", paramLabel = "K/N",
            description = "run only specs K, K+N, K+2N, ... of the list (K from 0): spread the catalogue over N "
                    + "machines writing to one shared --runs folder, then `reproduce --resume` there merges them")
    String shard;

    @Option(names = "--threads", paramLabel = "T", description = "worker threads (default: all cores)")
    Integer threads;

    @Option(names = "--strict", description = "exit 1 when any claim does not hold")
    boolean strict;

    @Option(names = "--quiet", description = "no progress bars")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        List<Path> specs = selected();
        int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (t < 1) {
            throw new SpecException("--threads: expected an integer >= 1, got " + t);
        }
        List<Spec> parsed = new ArrayList<>();
        List<Boolean> isQuick = new ArrayList<>();
        for (Path p : specs) {
            boolean q = quick || quickFor != null && quickFor.contains(SpecParser.parse(p).name());
            Spec s = SpecParser.parse(p, q);
            isQuick.add(q);
            MemoryPlan.check(s, p.toString(), true);
            Figures.check(s, p.toString());
            parsed.add(s);
        }
        if (resume != null && runs != null) {
            throw new SpecException("reproduce: give --runs or --resume, not both");
        }
        Path runRoot = resume != null ? resume : runs != null ? runs : RunStore.defaultFolder(Path.of("runs"), "reproduce");
        Files.createDirectories(plots);
        Backend be = Backends.create("java", t);
        List<Gallery.Entry> entries = new ArrayList<>();
        int failed = 0;
        for (int k = 0; k < parsed.size(); k++) {
            Spec s = parsed.get(k);
            String label = String.format("[%d/%d] %s", k + 1, parsed.size(), s.name());
            Path target = runRoot.resolve(s.name());
            RunData data;
            double seconds;
            if (resume != null && Files.isDirectory(target) && RunReader.madeFrom(target, s)) {
                data = RunReader.load(target);
                seconds = RunReader.seconds(target);
                spec.commandLine().getErr().println(label + ": reusing " + target);
                spec.commandLine().getErr().flush();
            } else {
                if (resume != null && Files.exists(target)) {
                    throw new SpecException(target + ": exists but was made from another spec; move it away");
                }
                RunResult r = train(s, target, t, isQuick.get(k), be, label);
                data = RunData.of(r);
                seconds = r.seconds();
            }
            List<String> figs = new ArrayList<>();
            for (Path png : Figures.render(data, plots, s.name())) {
                figs.add(png.getFileName().toString());
            }
            List<Claim> claims = Claims.of(data);
            for (Claim c : claims) {
                System.out.printf("%-26s %-5s %-14s %s — %s%n", s.name(), c.id(), c.pass() ? "holds" : "DOES NOT HOLD",
                        c.text(), c.measured());
                failed += c.pass() ? 0 : 1;
            }
            entries.add(new Gallery.Entry(s, specs.get(k).toString(), figs, claims, seconds, isQuick.get(k)));
            Gallery.write(plots, entries);
        }
        System.out.println("gallery: " + plots.resolve("index.html") + "; runs: " + runRoot);
        return strict && failed > 0 ? 1 : 0;
    }

    /**
     * Trains one spec into its run folder (atomically), figures included, checkpointing into
     * {@code .NAME.partial} beside it; with --resume, a partial run of the same spec continues
     * from its last checkpoint.
     */
    RunResult train(Spec s, Path target, int t, boolean q, Backend be, String label) throws Exception {
        RunOptions opts = new RunOptions(0, null, "java", t, "auto", q);
        PartialRun partial = null;
        Checkpoint.Saved saved = null;
        if (resume != null && Files.isDirectory(PartialRun.folderOf(target))) {
            PartialRun p = PartialRun.open(target, t, null);
            if (p.matches(s) && p.shard() == null && p.options().quick() == q) {
                partial = p;
                partial.cleanLeftovers();
                saved = partial.checkpoint();
                spec.commandLine().getErr().println(label + ": continuing from "
                        + (saved == null ? "the start" : "its checkpoint") + " in " + partial.folder());
            } else {
                p.close();
                PartialRun.discardStale(target);
            }
        }
        boolean fresh = partial == null;
        if (fresh) {
            partial = PartialRun.start(target, s, opts, null, RunCommand.DEFAULT_CHECKPOINT_EVERY);
        }
        Path tmp = RunStore.reserve(target);
        try {
            RunResult r = Experiment.run(s, opts, be, new Progress(label, quiet),
                    partial.control(InstanceSlice.all(s.instances()), saved));
            RunStore.write(tmp, r);
            Figures.render(RunData.of(r), tmp, s.name());
            RunStore.commit(tmp, target);
            partial.finish();
            return r;
        } catch (SpecException | TrainingDivergedException e) {
            RunStore.discard(tmp);
            if (fresh) {
                partial.finish();
            } else {
                partial.close();
            }
            throw e;
        } catch (Exception | Error e) {
            RunStore.discard(tmp);
            partial.close();
            throw e;
        }
    }

    List<Path> selected() {
        List<Path> all = new ArrayList<>();
        if (only == null || only.isEmpty()) {
            all.addAll(SpecFiles.catalogue());
            if (all.isEmpty()) {
                throw new SpecException("experiments/: no specs found (run from the project folder)");
            }
        } else {
            for (String name : only) {
                all.add(SpecFiles.resolve(name));
            }
        }
        if (shard == null) {
            return all;
        }
        int[] kn = PartialRun.shardOf(shard, "--shard");
        List<Path> out = new ArrayList<>();
        for (int i = kn[0]; i < all.size(); i += kn[1]) {
            out.add(all.get(i));
        }
        return out;
    }
}
