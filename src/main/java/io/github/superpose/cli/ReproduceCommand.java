package io.github.superpose.cli;

import io.github.superpose.core.Backend;
import io.github.superpose.experiments.Claim;
import io.github.superpose.experiments.Claims;
import io.github.superpose.experiments.Figures;
import io.github.superpose.experiments.Gallery;
import io.github.superpose.experiments.PartialRun;
import io.github.superpose.experiments.RunData;
import io.github.superpose.experiments.RunJob;
import io.github.superpose.experiments.RunOptions;
import io.github.superpose.experiments.RunReader;
import io.github.superpose.experiments.RunResult;
import io.github.superpose.experiments.RunStore;
import io.github.superpose.experiments.Spec;
import io.github.superpose.experiments.SpecException;
import io.github.superpose.experiments.SpecParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./sim reproduce}: runs the catalogue, renders every figure, measures every claim, writes the gallery. */
@Command(
        name = "reproduce",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        sortOptions = false,
        description = {
            "Run the catalogue, render the gallery and measure the paper's claims.",
            "",
            "Runs every spec in experiments/ (or --only some), renders their figures into the gallery,",
            "measures the paper's claims on each run, and writes index.html and claims.json there.",
            "Run folders go to runs/reproduce-TIMESTAMP/NAME. A full pass writes the project's plots/;",
            "a quick or partial pass writes RUNS/gallery, leaving the committed gallery alone."
        })
final class ReproduceCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--quick", description = "each spec's [quick] scale: the same code path in minutes, not hours")
    boolean quick;

    @Option(
            names = "--quick-for",
            paramLabel = "NAME",
            split = ",",
            description = "these specs at their [quick] scale, the rest at full scale")
    List<String> quickFor;

    @Option(
            names = "--only",
            paramLabel = "NAME",
            split = ",",
            description = "only these specs (names from `./sim list`)")
    List<String> only;

    @Option(
            names = "--plots",
            paramLabel = "DIR",
            description = "gallery folder (default: the project's plots/ for a full pass; RUNS/gallery for a --quick,"
                    + " --only or --shard pass)")
    Path plots;

    @Option(
            names = "--runs",
            paramLabel = "DIR",
            description = "where run folders go (default: runs/reproduce-TIMESTAMP)")
    Path runs;

    @Option(
            names = "--resume",
            paramLabel = "DIR",
            description = "reuse the finished run folders in DIR whose spec matches, continue interrupted ones from"
                    + " their checkpoints, train the rest there")
    Path resume;

    @Option(
            names = "--shard",
            paramLabel = "K/N",
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
        if (t < 1 || t > 1024) {
            throw new SpecException("--threads: expected an integer in [1, 1024], got " + t);
        }
        if (resume != null && runs != null) {
            throw new SpecException("reproduce: give --runs or --resume, not both");
        }
        List<Spec> parsed = new ArrayList<>();
        List<Boolean> isQuick = new ArrayList<>();
        for (Path p : specs) {
            boolean q = quick
                    || quickFor != null && quickFor.contains(SpecParser.parse(p).name());
            Spec s = SpecParser.parse(p, q);
            isQuick.add(q);
            RunJob.check(s, p.toString());
            parsed.add(s);
        }
        Path runRoot =
                resume != null ? resume : runs != null ? runs : RunStore.defaultFolder(Path.of("runs"), "reproduce");
        for (Spec s : parsed) {
            refuseTaken(runRoot, s);
        }
        Path gallery = galleryFolder(runRoot);
        Files.createDirectories(gallery);
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
                note(label + ": reusing " + target);
            } else {
                if (resume != null && Files.exists(target)) {
                    throw new SpecException(target + ": exists but was made from another spec; move it away");
                }
                RunResult r = train(s, target, t, isQuick.get(k), be, label);
                data = RunData.of(r);
                seconds = r.seconds();
            }
            List<String> figs = new ArrayList<>();
            for (Path png : Figures.render(data, gallery, s.name())) {
                figs.add(png.getFileName().toString());
            }
            List<Claim> claims = Claims.of(data);
            for (Claim c : claims) {
                System.out.printf(
                        "%-26s %-5s %-14s %s — %s%n",
                        s.name(), c.id(), c.pass() ? "holds" : "DOES NOT HOLD", c.text(), c.measured());
                failed += c.pass() ? 0 : 1;
            }
            entries.add(new Gallery.Entry(s, specs.get(k).toString(), figs, claims, seconds, isQuick.get(k)));
            Gallery.write(gallery, entries);
        }
        System.out.println("gallery: " + gallery.resolve("index.html") + "; runs: " + runRoot);
        return strict && failed > 0 ? 1 : 0;
    }

    /**
     * The gallery folder: --plots when given; else the project's plots/ for a pass over the whole
     * catalogue, and DIR/gallery beside the run folders for a quick, partial or sharded pass,
     * so the committed full-scale gallery changes only when a full pass, or the user, asks.
     */
    Path galleryFolder(Path runRoot) {
        if (plots != null) {
            return plots;
        }
        // --quick-for still covers the whole catalogue, its quick entries marked in the gallery
        boolean partialPass = quick || only != null || shard != null;
        return partialPass ? runRoot.resolve("gallery") : SpecFiles.home().resolve("plots");
    }

    /** A fresh pass refuses, before training anything, run folders or interrupted runs already in --runs. */
    private void refuseTaken(Path runRoot, Spec s) {
        if (resume != null) {
            return;
        }
        Path target = runRoot.resolve(s.name());
        if (Files.exists(target)) {
            throw new SpecException(target + ": already exists (choose another --runs folder, or reuse its finished"
                    + " runs with --resume " + runRoot + ")");
        }
        if (Files.exists(PartialRun.folderOf(target))) {
            throw new SpecException(target + ": an interrupted run is waiting in " + PartialRun.folderOf(target)
                    + " (continue with ./sim reproduce --resume " + runRoot + ", or delete that folder)");
        }
    }

    private void note(String line) {
        spec.commandLine().getErr().println(line);
        spec.commandLine().getErr().flush();
    }

    /**
     * Trains one spec into its run folder (atomically), figures included, checkpointing into
     * {@code .NAME.partial} beside it; with --resume, a partial run of the same spec continues
     * from its last checkpoint.
     */
    RunResult train(Spec s, Path target, int t, boolean q, Backend be, String label) throws Exception {
        RunOptions opts = new RunOptions(0, null, "java", t, "auto", q);
        Progress progress = new Progress(label, quiet);
        if (resume != null && Files.isDirectory(PartialRun.folderOf(target))) {
            PartialRun p = PartialRun.open(target, t, null);
            if (p.matches(s) && p.shard() == null && p.options().quick() == q) {
                note(label + ": continuing from "
                        + (Files.isRegularFile(p.checkpointFile()) ? "its checkpoint" : "the start") + " in "
                        + p.folder());
                return RunJob.resume(p, true, be, progress, line -> {});
            }
            p.close();
            PartialRun.discardStale(target);
        }
        return RunJob.fresh(
                new RunJob.Plan(s, opts, null, RunCommand.DEFAULT_CHECKPOINT_EVERY, true),
                be,
                progress,
                target,
                line -> {});
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
