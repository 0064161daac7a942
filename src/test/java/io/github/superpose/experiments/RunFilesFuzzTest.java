package io.github.superpose.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.superpose.core.InputException;
import io.github.superpose.core.JavaBackend;
import io.github.superpose.sim.CheckpointSink;
import io.github.superpose.sim.InstanceSlice;
import io.github.superpose.sim.TrainControl;
import io.github.superpose.sim.TrainListener;
import io.github.superpose.sim.TrainState;
import io.github.superpose.sim.Trainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feeds the readers of a run's own files 10,000 seeded mutations each (bit flips, truncations,
 * deletions, duplicated spans, inserted JSON/CSV tokens): run folders ({@code ./sim plot},
 * {@code ./sim merge}), checkpoints and partial-run descriptions ({@code ./sim run --resume}).
 * Every outcome must be a successful read or a one-line {@link InputException}; any other
 * exception, an out-of-memory error or a hang fails the test.
 */
class RunFilesFuzzTest {
    static final int CASES = 10_000;
    static final String[] TOKENS = {
        "0",
        "-1",
        "1e400",
        "NaN",
        "null",
        "true",
        "\"x\"",
        "[",
        "]",
        "{",
        "}",
        ",",
        ":",
        "\"",
        "\n",
        "99999999999",
        "2147483648",
        "\"spec\"",
        "\"model\"",
        "\"shard_instances\"",
        "[]",
        "\"relu\"",
        "\"abs\"",
        "0.5",
        "1.0E-45",
        "-0",
        "\u00e9",
        "\\u0000"
    };

    @TempDir
    static Path disk;

    static Path base;
    static Path run;
    static Spec spec;
    static byte[] checkpoint;
    static byte[] runJson;

    @BeforeAll
    static void makeFiles() throws IOException {
        Path shm = Path.of("/dev/shm");
        base = Files.isDirectory(shm) && Files.isWritable(shm)
                ? Files.createTempDirectory(shm, "superpose-runfuzz")
                : disk;
        Path toml = base.resolve("fuzz.toml");
        Files.writeString(
                toml,
                String.join(
                        "\n",
                        "name = \"fuzz\"",
                        "model = \"relu\"",
                        "features = 5",
                        "hidden = 2",
                        "steps = 40",
                        "batch = 64",
                        "restarts = 2",
                        "hook_every = 10",
                        "log_every = 5",
                        "[density]",
                        "values = [1.0, 0.3, 0.05]",
                        ""));
        spec = SpecParser.parse(toml);
        RunResult r = Experiment.run(spec, RunOptions.defaults(), new JavaBackend(1), TrainListener.NONE);
        run = base.resolve("run");
        Files.createDirectories(run);
        RunStore.write(run, r);
        assertTrue(Files.size(run.resolve("dynamics.csv")) > 0);
        Path ck = base.resolve("ck.npz");
        List<TrainState> states = new ArrayList<>();
        Trainer.train(
                spec.model(),
                spec.features(),
                spec.hidden(),
                Experiment.generatorOf(spec),
                importance(),
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
        Checkpoint.write(
                ck,
                new Checkpoint.Saved(
                        states.get(0), r.lossLog().subList(0, 10), r.dynamics().subList(0, 10), 1.5));
        checkpoint = Files.readAllBytes(ck);
        Path target = base.resolve("partial-target");
        try (PartialRun p = PartialRun.start(target, spec, RunOptions.defaults(), "0/2", 20)) {
            runJson = Files.readAllBytes(p.folder().resolve(PartialRun.RUN_FILE));
        }
    }

    static float[] importance() {
        float[] imp = new float[spec.instances() * spec.features()];
        for (int i = 0; i < spec.instances(); i++) {
            System.arraycopy(spec.importanceOf(i), 0, imp, i * spec.features(), spec.features());
        }
        return imp;
    }

    static byte[] mutate(byte[] in, SplittableRandom rnd) {
        byte[] b = in.clone();
        int edits = 1 + rnd.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int len = b.length;
            int at = len == 0 ? 0 : rnd.nextInt(len);
            switch (rnd.nextInt(6)) {
                case 0 -> {
                    if (len > 0) {
                        b[at] ^= (byte) (1 << rnd.nextInt(8));
                    }
                }
                case 1 -> b = java.util.Arrays.copyOf(b, rnd.nextInt(len + 1));
                case 2 -> {
                    int n = Math.min(len - at, 1 + rnd.nextInt(16));
                    byte[] out = new byte[len - n];
                    System.arraycopy(b, 0, out, 0, at);
                    System.arraycopy(b, at + n, out, at, len - at - n);
                    b = out;
                }
                case 3 -> {
                    byte[] t = TOKENS[rnd.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8);
                    byte[] out = new byte[len + t.length];
                    System.arraycopy(b, 0, out, 0, at);
                    System.arraycopy(t, 0, out, at, t.length);
                    System.arraycopy(b, at, out, at + t.length, len - at);
                    b = out;
                }
                case 4 -> {
                    int n = Math.min(len - at, 1 + rnd.nextInt(64));
                    byte[] out = new byte[len + n];
                    System.arraycopy(b, 0, out, 0, at + n);
                    System.arraycopy(b, at, out, at + n, len - at);
                    b = out;
                }
                default -> {
                    if (len > 0) {
                        b[at] = (byte) rnd.nextInt(256);
                    }
                }
            }
        }
        return b;
    }

    /** Runs every case; returns how many were read without error. */
    static int fuzz(long seed, Consumer<SplittableRandom> oneCase) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] ok = {0};
        assertTimeoutPreemptively(Duration.ofSeconds(240), () -> {
            for (int c = 0; c < CASES; c++) {
                try {
                    oneCase.accept(rnd);
                    ok[0]++;
                } catch (InputException expected) {
                    String msg = expected.getMessage();
                    if (msg == null || msg.isBlank() || msg.contains("\n")) {
                        fail("case " + c + ": the message must be one line: " + msg);
                    }
                } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
                    throw new AssertionError("case " + c + ": " + e, e);
                }
            }
        });
        return ok[0];
    }

    @Test
    void runFolderReaderOnlyRefusesWithOneLine() throws IOException {
        String[] files = {"config.json", "results.json", "weights.npz", "metrics.csv", "dynamics.csv"};
        byte[][] original = new byte[files.length][];
        for (int f = 0; f < files.length; f++) {
            original[f] = Files.readAllBytes(run.resolve(files[f]));
        }
        assertEquals(spec.instances(), RunReader.load(run).model().instances(), "the unmutated folder reads");
        int[] which = {0};
        int ok = fuzz(11, rnd -> {
            int f = rnd.nextInt(files.length);
            which[0] = f;
            try {
                Files.write(run.resolve(files[f]), mutate(original[f], rnd));
                try {
                    RunReader.load(run);
                    Merge.of(List.of(run));
                } finally {
                    Files.write(run.resolve(files[f]), original[f]);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertTrue(ok < CASES, "mutations must be refused sometimes, read " + ok + " of " + CASES);
    }

    @Test
    void checkpointReaderOnlyRefusesWithOneLine() {
        Path file = base.resolve("checkpoint.npz");
        TrainControl[] control = new TrainControl[1];
        int ok = fuzz(12, rnd -> {
            try {
                Files.write(file, mutate(checkpoint, rnd));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            Checkpoint.Saved s = Checkpoint.read(file);
            control[0] = new TrainControl(InstanceSlice.all(spec.instances()), s.state(), CheckpointSink.NONE);
            try {
                Trainer.checkResume(
                        spec.model(),
                        spec.features(),
                        spec.hidden(),
                        Experiment.generatorOf(spec),
                        Experiment.trainConfigOf(spec, RunOptions.defaults()),
                        new JavaBackend(1),
                        true,
                        control[0]);
            } catch (IllegalArgumentException e) {
                // what Experiment.run turns into a SpecException naming the checkpoint file
                throw new SpecException(file + ": does not fit this run (" + e.getMessage() + ")");
            }
        });
        assertTrue(ok < CASES, "mutations must be refused sometimes");
    }

    @Test
    void partialRunDescriptionOnlyRefusesWithOneLine() throws IOException {
        Path target = base.resolve("partial-target");
        Path file = PartialRun.folderOf(target).resolve(PartialRun.RUN_FILE);
        try (PartialRun p = PartialRun.open(target, 1, null)) {
            assertEquals("0/2", p.shard(), "the unmutated description reads");
        }
        int ok = fuzz(13, rnd -> {
            try {
                Files.write(file, mutate(runJson, rnd));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            try (PartialRun p = PartialRun.open(target, 1, null)) {
                p.slice();
            }
        });
        assertTrue(ok < CASES, "mutations must be refused sometimes");
    }
}
