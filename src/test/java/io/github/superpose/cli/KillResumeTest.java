package io.github.superpose.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.superpose.experiments.Checkpoint;
import io.github.superpose.experiments.PartialRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real {@code sim run} process with SIGKILL at several points (before the first
 * checkpoint, right after one, in the middle of writing one, while writing the run folder, and
 * twice in a row), resumes it with {@code --resume}, and requires the finished run folder to hold
 * the same bytes as a run that was never stopped.
 */
class KillResumeTest {
    @TempDir
    static Path tmp;

    static Path spec;
    static Path reference;

    static final String SPEC = """
            name = "kill-resume"
            model = "relu"
            features = 40
            hidden = 8
            steps = 3000
            batch = 256
            seed = 5
            log_every = 50
            hook_every = 500
            figures = ["gram-bias", "training-curves"]

            [importance]
            kind = "geometric"
            base = 0.95

            [density]
            sweep_from = 1.0
            sweep_to = 0.02
            sweep_count = 4
            """;

    @BeforeAll
    static void uninterrupted() throws IOException {
        spec = tmp.resolve("kill-resume.toml");
        Files.writeString(spec, SPEC);
        reference = tmp.resolve("reference");
        BadInputTest.Outcome o = BadInputTest.run(
                "run", spec.toString(), "--quiet", "--checkpoint-every", "300", "--out", reference.toString());
        assertEquals(0, o.code(), o.err());
    }

    /** Starts {@code sim run} as its own JVM. */
    static Process sim(Path log, List<String> jvmArgs, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.github.superpose.cli.Main");
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** Polls until the condition holds, then SIGKILLs the process; fails if it ended first. */
    static void killWhen(Process p, Predicate<Void> condition, String point, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!condition.test(null)) {
            if (!p.isAlive()) {
                fail(point + ": the process ended (exit " + p.exitValue() + ") before the kill point: "
                        + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                fail(point + ": kill point not reached in 120 s");
            }
            Thread.sleep(2);
        }
        p.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no finally blocks
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue(), point + ": killed by SIGKILL");
    }

    static Process start(String name, List<String> jvmArgs) throws IOException {
        return sim(
                tmp.resolve(name + ".log"),
                jvmArgs,
                "run",
                spec.toString(),
                "--quiet",
                "--checkpoint-every",
                "300",
                "--out",
                tmp.resolve(name).toString());
    }

    static boolean exists(Path p) {
        return Files.exists(p);
    }

    static List<Path> listing(Path dir, String glob) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (var s = Files.newDirectoryStream(dir, glob)) {
            s.forEach(out::add);
        } catch (IOException e) {
            // the folder may vanish while polled
        }
        return out;
    }

    static int checkpointStep(Path partial) {
        return Checkpoint.read(partial.resolve(Checkpoint.FILE)).state().step();
    }

    /** Resumes in a fresh process and requires the reference bytes. */
    static void resumeAndCompare(String name) throws Exception {
        Path target = tmp.resolve(name);
        Path log = tmp.resolve(name + "-resume.log");
        Process p = sim(log, List.of(), "run", "--resume", target.toString(), "--quiet");
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), name + ": resume did not finish");
        assertEquals(0, p.exitValue(), name + ": " + Files.readString(log));
        assertSameRun(reference, target, name);
        assertFalse(exists(PartialRun.folderOf(target)), name + ": the partial folder is gone");
        assertTrue(listing(tmp, "." + name + ".tmp-*").isEmpty(), name + ": no half-written output is left");
    }

    static void assertSameRun(Path want, Path got, String what) throws IOException {
        for (String f : new String[] {"weights.npz", "metrics.csv", "dynamics.csv", "config.json"}) {
            assertArrayEquals(Files.readAllBytes(want.resolve(f)), Files.readAllBytes(got.resolve(f)), what + ": " + f);
        }
        assertEquals(
                withoutSeconds(want.resolve("results.json")),
                withoutSeconds(got.resolve("results.json")),
                what + ": results.json");
        for (String f : new String[] {"kill-resume-gram-bias.png", "kill-resume-training-curves.png"}) {
            assertTrue(Files.size(got.resolve(f)) > 1000, what + ": figure " + f);
        }
    }

    static String withoutSeconds(Path results) throws IOException {
        try (Stream<String> lines = Files.lines(results)) {
            return String.join(
                    "\n", lines.filter(l -> !l.contains("\"seconds\"")).toList());
        }
    }

    @Test
    void killedAtStartBeforeAnyCheckpoint() throws Exception {
        Path partial = PartialRun.folderOf(tmp.resolve("a"));
        Process p = start("a", List.of());
        killWhen(p, v -> exists(partial.resolve("run.json")), "before the first checkpoint", tmp.resolve("a.log"));
        assertFalse(exists(tmp.resolve("a")), "no run folder before the run is complete");
        // start-up (JIT, backend, 300 steps) outlasts the 2 ms poll by far
        assertFalse(exists(partial.resolve(Checkpoint.FILE)), "killed before the first checkpoint");
        resumeAndCompare("a");
    }

    @Test
    void killedRightAfterACheckpoint() throws Exception {
        Path partial = PartialRun.folderOf(tmp.resolve("b"));
        Process p = start("b", List.of());
        killWhen(p, v -> exists(partial.resolve(Checkpoint.FILE)), "after a checkpoint", tmp.resolve("b.log"));
        int step = checkpointStep(partial);
        assertTrue(step > 0 && step < 3000 && step % 300 == 0, "checkpoint at step " + step);
        resumeAndCompare("b");
    }

    @Test
    void killedWhileWritingACheckpoint() throws Exception {
        Path target = tmp.resolve("c");
        Path partial = PartialRun.folderOf(target);
        Process p = start("c", List.of("-Dsuperpose.checkpoint.stallMs=4000"));
        // the second write, with the first checkpoint in place
        killWhen(
                p,
                v -> exists(partial.resolve(Checkpoint.FILE))
                        && !listing(partial, ".checkpoint.npz.*").isEmpty(),
                "during a checkpoint write",
                tmp.resolve("c.log"));
        assertFalse(listing(partial, ".checkpoint.npz.*").isEmpty(), "the half-written temporary file is there");
        assertEquals(300, checkpointStep(partial), "the previous checkpoint is intact");
        resumeAndCompare("c");
    }

    @Test
    void killedWhileWritingTheRunFolder() throws Exception {
        Path target = tmp.resolve("d");
        Process p = start("d", List.of());
        killWhen(
                p,
                v -> listing(tmp, ".d.tmp-*").stream().anyMatch(d -> exists(d.resolve("weights.npz"))),
                "while writing the run folder",
                tmp.resolve("d.log"));
        assertFalse(exists(target));
        assertTrue(
                Checkpoint.read(PartialRun.folderOf(target).resolve(Checkpoint.FILE))
                        .state()
                        .atBoundary(),
                "training had finished: the checkpoint marks the end of the restart chunk");
        resumeAndCompare("d");
    }

    @Test
    void killedTwiceThenResumed() throws Exception {
        Path target = tmp.resolve("e");
        Path partial = PartialRun.folderOf(target);
        Process p = start("e", List.of());
        killWhen(p, v -> exists(partial.resolve(Checkpoint.FILE)), "first kill", tmp.resolve("e.log"));
        int first = checkpointStep(partial);
        Process again = sim(tmp.resolve("e2.log"), List.of(), "run", "--resume", target.toString(), "--quiet");
        killWhen(
                again,
                v -> {
                    try {
                        return exists(partial.resolve(Checkpoint.FILE)) && checkpointStep(partial) > first;
                    } catch (RuntimeException e) {
                        return false;
                    }
                },
                "second kill",
                tmp.resolve("e2.log"));
        assertTrue(checkpointStep(partial) > first, "the resumed run made progress before the second kill");
        resumeAndCompare("e");
    }

    @Test
    void reproduceContinuesAKilledSpecFromItsCheckpoint() throws Exception {
        Path runs = tmp.resolve("catalogue-runs");
        Path partial = PartialRun.folderOf(runs.resolve("kill-resume"));
        Process p = sim(
                tmp.resolve("g.log"),
                List.of(),
                "reproduce",
                "--only",
                spec.toString(),
                "--runs",
                runs.toString(),
                "--plots",
                tmp.resolve("g-plots").toString(),
                "--quiet");
        killWhen(
                p, v -> exists(partial.resolve(Checkpoint.FILE)), "reproduce after a checkpoint", tmp.resolve("g.log"));
        BadInputTest.Outcome o = BadInputTest.run(
                "reproduce",
                "--only",
                spec.toString(),
                "--resume",
                runs.toString(),
                "--plots",
                tmp.resolve("g-plots").toString(),
                "--quiet");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.err().contains("continuing from its checkpoint"), o.err());
        assertSameRun(reference, runs.resolve("kill-resume"), "reproduce --resume");
        assertFalse(exists(partial));
    }

    @Test
    void resumeRefusesWhatItCannotContinue() throws Exception {
        BadInputTest.Outcome none =
                BadInputTest.run("run", "--resume", tmp.resolve("nothing").toString());
        assertEquals(2, none.code());
        assertTrue(none.err().contains("no interrupted run"), none.err());
        BadInputTest.Outcome done = BadInputTest.run("run", "--resume", reference.toString());
        assertEquals(0, done.code(), done.err());
        assertTrue(done.out().contains("already complete"), done.out());
        BadInputTest.Outcome steps = BadInputTest.run("run", "--resume", reference.toString(), "--steps", "5");
        assertEquals(2, steps.code());
        assertTrue(steps.err().contains("--steps: not allowed with --resume"), steps.err());

        // a run held by a live process cannot be driven by a second one
        Path target = tmp.resolve("f");
        Process p = start("f", List.of("-Dsuperpose.checkpoint.stallMs=4000"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!exists(PartialRun.folderOf(target).resolve("run.json")) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        BadInputTest.Outcome busy = BadInputTest.run("run", "--resume", target.toString());
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
        assertEquals(2, busy.code(), busy.err());
        assertTrue(busy.err().contains("another process is running this run"), busy.err());

        // a new run refuses to overwrite a waiting partial run
        BadInputTest.Outcome clash = BadInputTest.run("run", spec.toString(), "--quiet", "--out", target.toString());
        assertEquals(2, clash.code());
        assertTrue(clash.err().contains("an interrupted run is waiting"), clash.err());

        // another spec given with --resume
        Path other = tmp.resolve("other.toml");
        Files.writeString(other, SPEC.replace("seed = 5", "seed = 6").replace("kill-resume", "other"));
        BadInputTest.Outcome mismatch = BadInputTest.run("run", other.toString(), "--resume", target.toString());
        assertEquals(2, mismatch.code());
        assertTrue(mismatch.err().contains("differs from the spec of the run being resumed"), mismatch.err());

        // a damaged checkpoint is named, not a crash
        Path ck = PartialRun.folderOf(target).resolve(Checkpoint.FILE);
        Files.write(ck, new byte[] {'P', 'K', 3, 4, 0, 0});
        BadInputTest.Outcome broken = BadInputTest.run("run", "--resume", target.toString(), "--quiet");
        assertEquals(2, broken.code());
        assertTrue(broken.err().contains(Checkpoint.FILE), broken.err());
    }
}
