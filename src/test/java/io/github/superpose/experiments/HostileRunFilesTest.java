package io.github.superpose.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.superpose.core.InputException;
import io.github.superpose.core.JavaBackend;
import io.github.superpose.io.NdArray;
import io.github.superpose.io.Npz;
import io.github.superpose.sim.CheckpointSink;
import io.github.superpose.sim.InstanceSlice;
import io.github.superpose.sim.TrainControl;
import io.github.superpose.sim.TrainListener;
import io.github.superpose.sim.TrainState;
import io.github.superpose.sim.Trainer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile run files and specs that used to be accepted with wrong results or lost data: a
 * corrupted or out-of-range checkpoint, a resume that deleted a sibling run's files, overrides
 * beyond the spec's rules, and memory plans that missed the large arrays.
 */
class HostileRunFilesTest {
    @TempDir
    static Path dir;

    static Spec spec;
    static Path checkpoint;
    static TrainState state;

    @BeforeAll
    static void realCheckpoint() throws IOException {
        Path toml = dir.resolve("hostile.toml");
        Files.writeString(
                toml,
                "features = 5\nhidden = 2\nsteps = 40\nbatch = 64\nlog_every = 5\n"
                        + "[density]\nvalues = [1.0, 0.3]\n");
        spec = SpecParser.parse(toml);
        List<TrainState> states = new ArrayList<>();
        float[] imp = new float[spec.instances() * spec.features()];
        for (int i = 0; i < spec.instances(); i++) {
            System.arraycopy(spec.importanceOf(i), 0, imp, i * spec.features(), spec.features());
        }
        Trainer.train(
                spec.model(),
                spec.features(),
                spec.hidden(),
                Experiment.generatorOf(spec),
                imp,
                Experiment.trainConfigOf(spec, RunOptions.defaults()),
                new JavaBackend(1),
                TrainListener.NONE,
                true,
                new TrainControl(InstanceSlice.all(spec.instances()), null, new CheckpointSink() {
                    @Override
                    public int every() {
                        return 20;
                    }

                    @Override
                    public void save(TrainState s) {
                        states.add(s);
                    }
                }));
        state = states.get(0);
        assertFalse(state.atBoundary(), "a mid-chunk checkpoint");
        checkpoint = dir.resolve("checkpoint.npz");
        List<double[]> log = new ArrayList<>();
        for (int s = 0; s <= 20; s += 5) {
            log.add(new double[] {0, s, 0, 0.1});
            log.add(new double[] {0, s, 1, 0.2});
        }
        Checkpoint.write(checkpoint, new Checkpoint.Saved(state, log, List.of(), 1.0));
        assertEquals(
                state.step(),
                Checkpoint.read(checkpoint, spec, spec.instances()).state().step());
    }

    /** A copy of the checkpoint with one array replaced. */
    static Path withArray(String name, NdArray value) throws IOException {
        Map<String, NdArray> a = new LinkedHashMap<>(Npz.read(checkpoint));
        a.put(name, value);
        Path out = Files.createTempFile(dir, "edited", ".npz");
        Npz.write(out, a);
        return out;
    }

    @Test
    void aFlippedBitInAWeightIsRefusedByItsCrc() throws IOException {
        byte[] bytes = Files.readAllBytes(checkpoint);
        float w = state.weights().get("W")[3];
        byte[] pattern = ByteBuffer.allocate(4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putFloat(w)
                .array();
        int at = indexOf(bytes, pattern);
        assertTrue(at > 0, "the weight's bytes are stored as they are");
        bytes[at] ^= 1;
        Path bad = dir.resolve("flipped.npz");
        Files.write(bad, bytes);
        InputException e = assertThrows(InputException.class, () -> Checkpoint.read(bad, spec, spec.instances()));
        assertTrue(e.getMessage().contains("CRC-32") && e.getMessage().contains("flipped.npz"), e.getMessage());
        assertThrows(io.github.superpose.io.FormatException.class, () -> Npz.read(bad), "every npz reader checks");
    }

    @Test
    void positionsOutsideTheRunAreRefusedNotNarrowed() throws IOException {
        Path far = withArray(
                "position",
                NdArray.ofLongs(new long[] {0, 1L << 62, 0, state.moments().size()}, 4));
        SpecException e = assertThrows(SpecException.class, () -> Checkpoint.read(far, spec, spec.instances()));
        assertTrue(e.getMessage().contains("the step is " + (1L << 62)), e.getMessage());
        Path chunk = withArray(
                "position",
                NdArray.ofLongs(new long[] {-1, 5, 0, state.moments().size()}, 4));
        assertThrows(SpecException.class, () -> Checkpoint.read(chunk, spec, spec.instances()));
        Path mark = withArray(
                "position", NdArray.ofLongs(new long[] {0, 5, 7, state.moments().size()}, 4));
        assertThrows(SpecException.class, () -> Checkpoint.read(mark, spec, spec.instances()));
    }

    @Test
    void aLogOfNanRowsOrMoreRowsThanTheRunLogsIsRefused() throws IOException {
        double[] nan = new double[1_000_000 * 4];
        Arrays.fill(nan, Double.NaN);
        Path many = withArray("log", NdArray.ofDoubles(nan, 1_000_000, 4));
        SpecException e = assertThrows(SpecException.class, () -> Checkpoint.read(many, spec, spec.instances()));
        assertTrue(e.getMessage().contains("loss-log rows"), e.getMessage());
        Path one = withArray("log", NdArray.ofDoubles(new double[] {0, 5, 0, Double.NaN}, 1, 4));
        e = assertThrows(SpecException.class, () -> Checkpoint.read(one, spec, spec.instances()));
        assertTrue(e.getMessage().contains("log row 0 column 3"), e.getMessage());
        Path instance = withArray("log", NdArray.ofDoubles(new double[] {0, 5, 9, 0.5}, 1, 4));
        assertThrows(SpecException.class, () -> Checkpoint.read(instance, spec, spec.instances()));
        float[] w = state.weights().get("W").clone();
        w[0] = Float.NaN;
        Path weights = withArray("weights.W", NdArray.ofFloats(w, w.length));
        assertThrows(SpecException.class, () -> Checkpoint.read(weights, spec, spec.instances()));
        Path dtype = withArray("weights.W", NdArray.ofDoubles(new double[w.length], w.length));
        assertThrows(SpecException.class, () -> Checkpoint.read(dtype, spec, spec.instances()));
    }

    @Test
    void resumeCleansOnlyItsOwnLeftovers() throws IOException {
        Path d = Files.createDirectories(dir.resolve("siblings"));
        Path target = d.resolve("a");
        Path siblingTmp = Files.createDirectories(d.resolve(".a.tmp-live.tmp-123"));
        Files.writeString(siblingTmp.resolve("config.json"), "{}");
        Path siblingPartial = Files.createDirectories(d.resolve(".a.tmp-live.partial"));
        Files.writeString(siblingPartial.resolve("checkpoint.npz"), "live");
        Path mine = Files.createDirectories(d.resolve(".a.tmp-4711"));
        try (PartialRun p = PartialRun.start(target, spec, RunOptions.defaults(), null, 10)) {
            p.cleanLeftovers();
        }
        assertFalse(Files.exists(mine), "this run's half-written folder is removed");
        assertTrue(Files.exists(siblingTmp.resolve("config.json")), "the sibling run a.tmp-live keeps its output");
        assertTrue(Files.exists(siblingPartial.resolve("checkpoint.npz")), "and its checkpoint");
        assertTrue(RunStore.isTemporaryOf(RunStore.reserve(d.resolve("b")), d.resolve("b")));
    }

    @Test
    void overridesObeyTheSpecsRules() throws IOException {
        SpecException big = assertThrows(
                SpecException.class, () -> new RunOptions(200_000_000, null, "java", 1, "auto", false).apply(spec));
        assertTrue(big.getMessage().startsWith("--steps"), big.getMessage());
        Path toml = dir.resolve("warm.toml");
        Files.writeString(
                toml, "features = 5\nhidden = 2\nsteps = 5000\n[schedule]\nkind = \"cosine\"\nwarmup = 4000\n");
        Spec warm = SpecParser.parse(toml);
        SpecException few = assertThrows(
                SpecException.class, () -> new RunOptions(100, null, "java", 1, "auto", false).apply(warm));
        assertTrue(few.getMessage().contains("--steps") && few.getMessage().contains("warmup"), few.getMessage());
        Spec ok = new RunOptions(4000, 7L, "java", 1, "auto", false).apply(warm);
        assertEquals(4000, ok.steps());
        assertEquals(7L, ok.seed());
    }

    @Test
    void memoryPlanCountsTheLargeArrays() throws IOException {
        Path wide = dir.resolve("wide.toml");
        Files.writeString(wide, "features = 12000\nhidden = 1\nsteps = 5\nbatch = 4\n");
        long gram = 8L * 12000 * 12000;
        assertTrue(MemoryPlan.bytes(SpecParser.parse(wide)) >= gram, "the n×n Gram matrix of the measures");
        Path hooked = dir.resolve("hooked.toml");
        Files.writeString(hooked, "features = 1000\nhidden = 5\nsteps = 5000\nhook_every = 1\n");
        long rows = 1000L * 5000;
        assertTrue(
                MemoryPlan.bytes(SpecParser.parse(hooked)) >= rows * 6 * 8 * 2,
                "the dynamics records and their checkpoint copy");
        Path logged = dir.resolve("logged.toml");
        Files.writeString(logged, "features = 5\nhidden = 2\nsteps = 100000000\nlog_every = 1\nreplicates = 20\n");
        assertTrue(MemoryPlan.bytes(SpecParser.parse(logged)) >= 20L * 100_000_000 * 4 * 8, "the loss log");
    }

    @Test
    void checkpointRecordsAreAppendedNotRewritten() throws IOException {
        Path ck = Files.createDirectories(dir.resolve("appending")).resolve("checkpoint.npz");
        CheckpointRecords records = CheckpointRecords.open(ck, null);
        List<double[]> log = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 10; i++) {
            log.add(new double[] {0, i, 0, 0.5});
        }
        Checkpoint.write(ck, new Checkpoint.Saved(state, log, List.of(), 1.0), records);
        long small = Files.size(ck);
        for (int i = 10; i < 100_010; i++) {
            log.add(new double[] {0, i, 1, 1.0 / i});
        }
        Checkpoint.write(ck, new Checkpoint.Saved(state, log, List.of(), 2.0), records);
        assertEquals(small, Files.size(ck), "the checkpoint itself does not grow with the log");
        Path logFile = CheckpointRecords.logFile(ck);
        assertEquals(100_010L * 4 * 8, Files.size(logFile));
        Files.write(logFile, new byte[64], java.nio.file.StandardOpenOption.APPEND); // a stop after an append
        Checkpoint.Saved back = Checkpoint.read(ck);
        assertEquals(100_010, back.log().size());
        assertTrue(Arrays.equals(log.get(100_009), back.log().get(100_009)));
        CheckpointRecords.open(ck, back);
        assertEquals(100_010L * 4 * 8, Files.size(logFile), "rows past the checkpoint are cut when the run goes on");
        Files.write(logFile, new byte[8]);
        SpecException e = assertThrows(SpecException.class, () -> Checkpoint.read(ck));
        assertTrue(e.getMessage().contains("fewer than"), e.getMessage());
    }

    @Test
    void aFullDiskIsNamedInTheOperatingSystemsWords() {
        Throwable e = new java.io.UncheckedIOException(
                "could not write figure x-gram-bias (disk)",
                new java.nio.file.FileSystemException(
                        "/d/.run2.tmp-123/x-gram-bias.svg", null, "No space left on device"));
        assertEquals("No space left on device", RunJob.why(e));
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
