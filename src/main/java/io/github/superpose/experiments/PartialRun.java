package io.github.superpose.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.superpose.io.AtomicFiles;
import io.github.superpose.sim.InstanceSlice;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run in progress: the hidden folder {@code .NAME.partial} beside the run folder, holding
 * {@code run.json} (the resolved spec and options, written once) and {@code checkpoint.npz}
 * (replaced atomically as training goes). The finished run is written and renamed into place
 * before this folder is deleted, so at every instant either the run folder or a resumable
 * partial folder exists. A lock file keeps two processes from driving one run.
 *
 * <pre>try (PartialRun p = PartialRun.start(target, spec, opts, "0/4", 1000)) { ... p.finish(); }
 * try (PartialRun p = PartialRun.open(target)) { Checkpoint.Saved s = p.checkpoint(); ... }</pre>
 */
public final class PartialRun implements AutoCloseable {
    static final String RUN_FILE = "run.json";
    private static final String LOCK_FILE = "lock";

    private final Path target;
    private final Path dir;
    private final Spec spec;
    private final RunOptions options;
    private final String shard;
    private final int checkpointEvery;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private PartialRun(
            Path target,
            Path dir,
            Spec spec,
            RunOptions options,
            String shard,
            int checkpointEvery,
            FileChannel lockChannel,
            FileLock lock) {
        this.target = target;
        this.dir = dir;
        this.spec = spec;
        this.options = options;
        this.shard = shard;
        this.checkpointEvery = checkpointEvery;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** The partial folder of a run folder: {@code parent/.NAME.partial}. */
    public static Path folderOf(Path target) {
        Path abs = target.toAbsolutePath().normalize();
        return abs.resolveSibling("." + abs.getFileName() + ".partial");
    }

    /**
     * The run folder a user means by {@code path}: the run folder itself, or its partial folder.
     */
    public static Path targetOf(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        String name = abs.getFileName() == null ? "" : abs.getFileName().toString();
        if (name.startsWith(".") && name.endsWith(".partial") && name.length() > ".partial".length() + 1) {
            return abs.resolveSibling(name.substring(1, name.length() - ".partial".length()));
        }
        return abs;
    }

    /** Starts a new partial run for {@code target}; refuses when the run or a partial run exists. */
    public static PartialRun start(Path target, Spec spec, RunOptions options, String shard, int checkpointEvery) {
        Path dir = folderOf(target);
        if (Files.exists(dir)) {
            throw new SpecException(target + ": an interrupted run is waiting in " + dir
                    + " (continue it with ./sim run --resume " + target + ", or delete that folder)");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new SpecException(target + ": cannot create output folder ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("version", RunStore.VERSION);
        run.put("spec", SpecJson.of(spec));
        run.put("backend", options.backend());
        run.put("engine", options.engine());
        run.put("quick", options.quick());
        run.put("shard", shard);
        run.put("checkpoint_every", checkpointEvery);
        PartialRun p = locked(target, dir, spec, options, shard, checkpointEvery);
        try {
            AtomicFiles.writeStringAtomically(dir.resolve(RUN_FILE), RunStore.toJson(run));
        } catch (IOException e) {
            p.close();
            throw new SpecException(dir.resolve(RUN_FILE) + ": cannot write (" + e.getMessage() + ")");
        }
        return p;
    }

    /**
     * Opens the partial run of {@code target} to continue it, with {@code threads} workers (the
     * thread count never changes results). {@code checkpointEvery} ≥ 0 overrides the interval.
     */
    public static PartialRun open(Path target, int threads, Integer checkpointEvery) {
        Path dir = folderOf(target);
        Path runFile = dir.resolve(RUN_FILE);
        if (!Files.isRegularFile(runFile)) {
            throw new SpecException(target + ": no interrupted run to resume (expected " + runFile + ")");
        }
        Spec spec = RunReader.spec(runFile);
        JsonNode root = RunReader.json(runFile);
        String backend = text(root, "backend", runFile);
        String engine = text(root, "engine", runFile);
        JsonNode shardNode = root.get("shard");
        String shard = shardNode == null || shardNode.isNull() ? null : shardNode.asText();
        JsonNode every = root.get("checkpoint_every");
        if (every == null || !every.canConvertToInt() || every.asInt() < 0) {
            throw new SpecException(runFile + ": \"checkpoint_every\" must be an integer >= 0");
        }
        if (shard != null) {
            sliceOf(shard, spec, runFile);
        }
        JsonNode quick = root.get("quick");
        RunOptions opts = new RunOptions(0, null, backend, threads, engine, quick != null && quick.asBoolean());
        return locked(target, dir, spec, opts, shard, checkpointEvery != null ? checkpointEvery : every.asInt());
    }

    private static String text(JsonNode root, String field, Path file) {
        JsonNode v = root.get(field);
        if (v == null || !v.isTextual()) {
            throw new SpecException(file + ": \"" + field + "\" is missing or not a string");
        }
        return v.asText();
    }

    private static PartialRun locked(Path target, Path dir, Spec spec, RunOptions opts, String shard, int every) {
        Path lockFile = dir.resolve(LOCK_FILE);
        FileChannel ch = null;
        try {
            ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l = ch.tryLock();
            if (l == null) {
                ch.close();
                throw new SpecException(target + ": another process is running this run (" + lockFile + " is locked)");
            }
            return new PartialRun(target, dir, spec, opts, shard, every, ch, l);
        } catch (OverlappingFileLockException e) {
            closeQuietly(ch);
            throw new SpecException(target + ": this process already runs it (" + lockFile + " is locked)");
        } catch (IOException e) {
            closeQuietly(ch);
            throw new SpecException(target + ": cannot lock " + lockFile + " (" + e.getMessage() + ")");
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            if (ch != null) {
                ch.close();
            }
        } catch (IOException ignored) {
            // nothing more to release
        }
    }

    /**
     * True when {@code given} is the spec this run started from, up to the --steps and --seed
     * overrides recorded in run.json.
     */
    public boolean matches(Spec given) {
        try {
            String mine = RunStore.toJson(SpecJson.of(spec));
            return RunStore.toJson(SpecJson.of(given)).equals(mine)
                    || RunStore.toJson(SpecJson.of(given.withSteps(spec.steps()).withSeed(spec.seed())))
                            .equals(mine);
        } catch (IOException e) {
            return false;
        }
    }

    /** Parses "K/N" with 0 ≤ K < N into {K, N}; refuses anything else naming {@code source}. */
    public static int[] shardOf(String shard, Object source) {
        String[] parts = shard.split("/", -1);
        try {
            if (parts.length == 2) {
                int k = Integer.parseInt(parts[0].trim());
                int n = Integer.parseInt(parts[1].trim());
                if (n >= 1 && k >= 0 && k < n) {
                    return new int[] {k, n};
                }
            }
        } catch (NumberFormatException e) {
            // fall through to the one-line refusal
        }
        throw new SpecException(source + ": expected K/N with 0 <= K < N, got '" + shard + "'");
    }

    /** The instances a "K/N" shard trains, or all of the spec's; refuses a malformed shard naming {@code source}. */
    public static InstanceSlice sliceOf(String shard, Spec spec, Object source) {
        if (shard == null) {
            return InstanceSlice.all(spec.instances());
        }
        int[] kn = shardOf(shard, source);
        if (kn[1] > spec.instances()) {
            throw new SpecException(source + ": " + kn[1] + " shards for " + spec.instances()
                    + " instances would leave some shards empty");
        }
        return InstanceSlice.shard(kn[0], kn[1], spec.instances());
    }

    /** The instances this run trains. */
    public InstanceSlice slice() {
        return sliceOf(shard, spec, dir.resolve(RUN_FILE));
    }

    public Spec spec() {
        return spec;
    }

    public RunOptions options() {
        return options;
    }

    /** "K/N" for a shard of the spec's instances, or null for all of them. */
    public String shard() {
        return shard;
    }

    public int checkpointEvery() {
        return checkpointEvery;
    }

    /** The run folder this partial run becomes. */
    public Path target() {
        return target;
    }

    public Path folder() {
        return dir;
    }

    public Path checkpointFile() {
        return dir.resolve(Checkpoint.FILE);
    }

    /** The latest checkpoint, or null when the run stopped before its first one. */
    public Checkpoint.Saved checkpoint() {
        return Files.isRegularFile(checkpointFile()) ? Checkpoint.read(checkpointFile(), spec, slice().size()) : null;
    }

    /** The control for training: this run's slice, continuing from {@code saved}, checkpointing here. */
    public RunControl control(InstanceSlice slice, Checkpoint.Saved saved) {
        return new RunControl(slice, saved, checkpointFile(), checkpointEvery);
    }

    /**
     * Deletes leftovers of an earlier attempt of this run: its half-written output folders and
     * temporary checkpoint files. An output folder of this run is exactly {@code .NAME.tmp-DIGITS}
     * ({@link RunStore#reserve}); a sibling run named {@code NAME.tmp-x} has folders
     * {@code .NAME.tmp-x.tmp-DIGITS}, which do not match. Holding this run's lock means no live
     * process of this run owns them; a folder a live process holds (TempFolders) stays all the same.
     */
    public void cleanLeftovers() {
        try (DirectoryStream<Path> s =
                Files.newDirectoryStream(dir.getParent(), p -> RunStore.isTemporaryOf(p, target))) {
            for (Path p : s) {
                // a folder a live process still holds (a run into the same target) is not a leftover
                TempFolders.deleteUnlessLive(p);
            }
        } catch (IOException e) {
            // leftovers are harmless; the run goes on
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "." + Checkpoint.FILE + ".*")) {
            for (Path p : s) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // as above
        }
    }

    /** Deletes the partial folder once the run folder is in place. */
    public void finish() {
        close();
        RunStore.discard(dir);
    }

    /** Deletes a partial folder left behind by a run that was committed just before it stopped. */
    public static void discardStale(Path target) {
        RunStore.discard(folderOf(target));
    }

    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
            lockChannel.close();
        } catch (IOException ignored) {
            // the lock dies with the process anyway
        }
    }
}
