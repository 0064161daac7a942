package io.github.superpose.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.superpose.experiments.PartialRun;
import io.github.superpose.io.NdArray;
import io.github.superpose.io.Npz;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile command lines, each once accepted with a wrong result, a leftover or a misleading
 * message: the exit-code contract (exit 2, one line, nothing written) holds for all of them.
 */
class HardeningTest {
    static final String TINY = "features = 5\nhidden = 2\nsteps = 10\nbatch = 16\n";

    @TempDir
    Path tmp;

    static long leftovers(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".")).count();
        }
    }

    static void oneLine(BadInputTest.Outcome o) {
        assertEquals(2, o.code(), o.err());
        assertEquals(1, o.err().strip().lines().count(), "one line: " + o.err());
    }

    @Test
    void stepsOverrideBeyondTheSpecsRulesIsRefusedBeforeAnythingIsWritten() throws IOException {
        Path spec = Files.writeString(
                tmp.resolve("warm.toml"),
                TINY.replace("steps = 10", "steps = 5000") + "[schedule]\nkind = \"cosine\"\nwarmup = 4000\n");
        for (String steps : new String[] {"200000000", "100"}) {
            Path out = tmp.resolve("out-" + steps);
            BadInputTest.Outcome o =
                    BadInputTest.run("run", spec.toString(), "--steps", steps, "--out", out.toString());
            oneLine(o);
            assertTrue(o.err().contains("--steps"), o.err());
            assertFalse(Files.exists(out));
            assertEquals(0, leftovers(tmp), "no partial or temporary folder");
        }
    }

    @Test
    void reproduceIntoATakenRunsFolderLeavesNothingAndSaysWhatToDo() throws IOException {
        Path spec = Files.writeString(tmp.resolve("tiny.toml"), TINY);
        Path runs = Files.createDirectories(tmp.resolve("R"));
        Files.createDirectories(runs.resolve("tiny"));
        for (int attempt = 0; attempt < 2; attempt++) {
            BadInputTest.Outcome o = BadInputTest.run(
                    "reproduce",
                    "--only",
                    spec.toString(),
                    "--runs",
                    runs.toString(),
                    "--plots",
                    tmp.resolve("P").toString(),
                    "--quiet");
            oneLine(o);
            assertTrue(o.err().contains("already exists") && o.err().contains("--runs"), o.err());
            assertFalse(o.err().contains("--out"), "reproduce has no --out: " + o.err());
            assertEquals(0, leftovers(runs), "no .tiny.partial left behind");
        }
    }

    @Test
    void specNamesCannotLeaveTheRunsFolder() throws IOException {
        Path runs = Files.createDirectories(tmp.resolve("deep/R"));
        for (String name : new String[] {".", "..", ".hidden"}) {
            Path spec = Files.writeString(tmp.resolve("n.toml"), "name = \"" + name + "\"\n" + TINY);
            oneLine(BadInputTest.run(
                    "reproduce",
                    "--only",
                    spec.toString(),
                    "--runs",
                    runs.toString(),
                    "--plots",
                    tmp.resolve("P").toString(),
                    "--quiet"));
        }
        assertEquals(0, leftovers(runs));
        assertEquals(0, leftovers(runs.getParent()));
        assertEquals(0, leftovers(tmp.resolve("deep")));
    }

    @Test
    void plotRefusesNonFiniteWeights() throws IOException {
        Path out = tmp.resolve("run");
        Path spec = Files.writeString(tmp.resolve("fan.toml"), TINY + "figures = [\"feature-fan\"]\n");
        assertEquals(
                0,
                BadInputTest.run("run", spec.toString(), "--quiet", "--out", out.toString())
                        .code());
        Map<String, NdArray> w = new LinkedHashMap<>(Npz.read(out.resolve("weights.npz")));
        float[] values = w.get("W").toFloats();
        values[1] = Float.NaN;
        w.put("W", NdArray.ofFloats(values, w.get("W").shape()));
        Npz.write(out.resolve("weights.npz"), w);
        BadInputTest.Outcome o = BadInputTest.run(
                "plot", out.toString(), "--out", tmp.resolve("figs").toString());
        oneLine(o);
        assertTrue(o.err().contains("weights.npz") && o.err().contains("NaN"), o.err());
        assertFalse(Files.exists(tmp.resolve("figs")));
    }

    @Test
    void plotClaimsAlsoRendersTheFigures() throws IOException {
        Path out = tmp.resolve("run");
        Path spec = Files.writeString(tmp.resolve("fan.toml"), TINY + "figures = [\"feature-fan\"]\n");
        assertEquals(
                0,
                BadInputTest.run("run", spec.toString(), "--quiet", "--no-figures", "--out", out.toString())
                        .code());
        BadInputTest.Outcome o = BadInputTest.run("plot", out.toString(), "--claims");
        assertEquals(0, o.code(), o.err());
        assertTrue(Files.isRegularFile(out.resolve("fan-feature-fan.png")), "the help promises the figures");
    }

    @Test
    void byteOrderMarkIsAccepted() throws IOException {
        Path spec = Files.writeString(tmp.resolve("bom.toml"), "\uFEFF" + TINY);
        BadInputTest.Outcome o = BadInputTest.run(
                "run", spec.toString(), "--quiet", "--out", tmp.resolve("bom").toString());
        assertEquals(0, o.code(), o.err());
        Files.write(tmp.resolve("latin1.toml"), new byte[] {'f', 'e', 'a', (byte) 0xe9, '=', '1', '\n'});
        oneLine(BadInputTest.run("run", tmp.resolve("latin1.toml").toString(), "--quiet"));
    }

    @Test
    void refusalsAreOneLineEvenWithoutQuiet() throws IOException {
        Path spec = Files.writeString(tmp.resolve("tiny.toml"), TINY);
        BadInputTest.Outcome backend = BadInputTest.run(
                "run",
                spec.toString(),
                "--backend",
                "cuda",
                "--out",
                tmp.resolve("a").toString());
        oneLine(backend);
        assertTrue(backend.err().contains("--backend"), backend.err());
        Path misfit = Files.writeString(
                tmp.resolve("misfit.toml"), TINY.replace("hidden = 2", "hidden = 3") + "figures = [\"feature-fan\"]\n");
        oneLine(BadInputTest.run(
                "run", misfit.toString(), "--out", tmp.resolve("b").toString()));
    }

    @Test
    void versionPrintsFromEverySubcommand() {
        for (String cmd : new String[] {"run", "reproduce", "plot", "list"}) {
            BadInputTest.Outcome o = BadInputTest.run(cmd, "--version");
            assertEquals(0, o.code(), cmd);
            assertTrue(o.out().startsWith("superpose "), cmd + " --version printed: '" + o.out() + "'");
        }
    }

    @Test
    void quickAndPartialPassesLeaveTheCommittedGalleryAlone() throws IOException {
        Path home = Files.createDirectories(tmp.resolve("project"));
        Files.createDirectories(home.resolve("experiments"));
        Files.copy(Path.of("experiments/intro-5-in-2.toml"), home.resolve("experiments/intro-5-in-2.toml"));
        Path committed = Files.writeString(
                Files.createDirectories(home.resolve("plots")).resolve("index.html"), "the full-scale gallery");
        Path runs = tmp.resolve("runs");
        String before = System.getProperty(SpecFiles.HOME_PROPERTY);
        System.setProperty(SpecFiles.HOME_PROPERTY, home.toString());
        try {
            BadInputTest.Outcome o = BadInputTest.run(
                    "reproduce", "--quick", "--only", "intro-5-in-2", "--runs", runs.toString(), "--quiet");
            assertEquals(0, o.code(), o.err());
        } finally {
            if (before == null) {
                System.clearProperty(SpecFiles.HOME_PROPERTY);
            } else {
                System.setProperty(SpecFiles.HOME_PROPERTY, before);
            }
        }
        assertEquals("the full-scale gallery", Files.readString(committed));
        assertTrue(Files.readString(runs.resolve("gallery/index.html")).contains("quick scale"));
    }

    @Test
    void anOutOfMemoryErrorOnAWorkerIsOneLineWithTheHeapToAskFor() {
        java.io.StringWriter err = new java.io.StringWriter();
        int code = Main.report(
                new RuntimeException(
                        new java.util.concurrent.ExecutionException(new OutOfMemoryError("Java heap space"))),
                new java.io.PrintWriter(err, true));
        assertEquals(Main.EXIT_INTERNAL, code);
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertTrue(err.toString().contains("JAVA_OPTS=-Xmx"), err.toString());
    }

    @Test
    void fileNamesWithControlCharactersAreEscaped() throws IOException {
        Path spec =
                Files.writeString(tmp.resolve("bad\nname\u001b[2J.toml"), "name = \"x\"\nfeatures = 0\nhidden = 2\n");
        BadInputTest.Outcome o = BadInputTest.run("run", spec.toString(), "--quiet");
        oneLine(o);
        assertTrue(o.err().contains("bad\\u000aname\\u001b[2J.toml: features"), o.err());
        oneLine(BadInputTest.run("run", tmp.resolve("gone\nmissing.toml").toString(), "--quiet"));
    }

    @Test
    void progressRateCountsOnlyThisProcesssSteps() {
        Progress p = new Progress("x", true);
        long t0 = 1_000_000_000L;
        p.mark(150_000, t0);
        double rate = p.rate(151_000, t0 + 10_000_000_000L);
        assertEquals(100, rate, 1e-9, "1000 steps in 10 s, not 151000");
    }

    @Test
    void anInterruptedRunWaitingUnseenIsMentioned() throws IOException {
        Path runs = Files.createDirectories(tmp.resolve("runs"));
        Path old = runs.resolve("tiny-20260101-101010");
        Files.createDirectories(PartialRun.folderOf(old));
        Files.createDirectories(PartialRun.folderOf(runs.resolve("tiny-other-20260101-101010")));
        List<String> notes = RunCommand.waiting(runs.resolve("tiny-20260202-101010"), "tiny");
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).contains("--resume " + old.toAbsolutePath()), notes.get(0));
    }

    @Test
    void ctrlCLeavesNoHalfWrittenFolder() throws Exception {
        Path spec = Files.writeString(
                tmp.resolve("long.toml"),
                "features = 20\nhidden = 5\nsteps = 100000000\n" + "batch = 64\nlog_every = 1000000\n");
        Path target = tmp.resolve("long");
        Process p = KillResumeTest.sim(
                tmp.resolve("long.log"),
                List.of(),
                "run",
                spec.toString(),
                "--out",
                target.toString(),
                "--checkpoint-every",
                "50",
                "--quiet",
                "--threads",
                "1");
        Path ck = PartialRun.folderOf(target).resolve("checkpoint.npz");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(ck) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(ck), Files.readString(tmp.resolve("long.log")));
        p.destroy(); // SIGTERM, as Ctrl-C: shutdown hooks run
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(
                    List.of(),
                    s.filter(f -> f.getFileName().toString().contains(".tmp-")).toList());
        }
        assertTrue(
                Files.readString(tmp.resolve("long.log")).contains("--resume " + target.toAbsolutePath()),
                Files.readString(tmp.resolve("long.log")));
    }
}
