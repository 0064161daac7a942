package io.github.superpose.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every malformed spec in src/test/resources/bad-specs exits 2 with one line naming the field
 * (the file's "# expect:" comment) and leaves no run folder or temporary folder behind.
 */
class BadInputTest {
    @TempDir
    Path tmp;

    record Outcome(int code, String out, String err) {}

    static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Outcome(code, out.toString(), err.toString());
    }

    @TestFactory
    Stream<DynamicTest> malformedSpecsAreRefused() throws IOException {
        List<Path> specs;
        try (Stream<Path> s = Files.list(Path.of("src/test/resources/bad-specs"))) {
            specs = s.sorted().collect(Collectors.toList());
        }
        assertTrue(specs.size() >= 100, "corpus has " + specs.size() + " specs");
        return specs.stream()
                .map(spec -> DynamicTest.dynamicTest(spec.getFileName().toString(), () -> {
                    String expect = Files.readAllLines(spec)
                            .get(0)
                            .replaceFirst("^\uFEFF", "")
                            .replaceFirst("^# expect: ", "");
                    Path outDir = tmp.resolve(spec.getFileName().toString() + "-run");
                    Outcome o = run("run", spec.toString(), "--out", outDir.toString(), "--quiet", "--steps", "1");
                    assertEquals(2, o.code(), "exit code; stderr: " + o.err());
                    String line = o.err().strip();
                    assertFalse(line.contains("\n"), "one line only: " + o.err());
                    assertFalse(line.contains("Exception") || line.contains("\tat "), "no stack trace: " + line);
                    assertTrue(
                            line.chars().allMatch(c -> c >= 0x20 && c != 0x7f),
                            "no control characters echoed: " + line);
                    assertTrue(line.contains(expect), "message names the problem '" + expect + "': " + line);
                    assertTrue(line.contains(spec.getFileName().toString()), "message names the file: " + line);
                    assertFalse(Files.exists(outDir), "no run folder left behind");
                    try (Stream<Path> left = Files.list(tmp)) {
                        assertEquals(
                                0,
                                left.filter(p -> p.getFileName().toString().contains(".tmp-"))
                                        .count(),
                                "no temporary folder left behind");
                    }
                }));
    }

    @Test
    void missingSpecAndBadOptions() {
        Outcome missing = run("run", tmp.resolve("nope.toml").toString(), "--quiet");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("nope.toml") && missing.err().contains("not found"), missing.err());
        Outcome steps = run("run", "experiments/intro-5-in-2.toml", "--steps", "0", "--quiet");
        assertEquals(2, steps.code());
        assertTrue(steps.err().contains("--steps"), steps.err());
        Outcome threads = run("run", "experiments/intro-5-in-2.toml", "--threads", "x");
        assertEquals(2, threads.code());
        assertTrue(threads.err().contains("--threads"), threads.err());
        Outcome backend = run(
                "run",
                "experiments/intro-5-in-2.toml",
                "--backend",
                "cuda",
                "--quiet",
                "--out",
                tmp.resolve("b").toString());
        assertEquals(2, backend.code());
        assertTrue(backend.err().contains("--backend"), backend.err());
    }

    @Test
    void unwritableOrTakenOutputFolder() throws IOException {
        Path file = Files.createFile(tmp.resolve("a-file"));
        Outcome o = run(
                "run",
                "experiments/intro-5-in-2.toml",
                "--steps",
                "1",
                "--quiet",
                "--out",
                file.resolve("run").toString());
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("cannot create output folder"), o.err());
        Path taken = Files.createDirectory(tmp.resolve("taken"));
        Outcome t = run("run", "experiments/intro-5-in-2.toml", "--steps", "1", "--quiet", "--out", taken.toString());
        assertEquals(2, t.code());
        assertTrue(t.err().contains("already exists"), t.err());
    }

    @Test
    void divergenceNamesInstanceAndStepOnBothEngines() throws IOException {
        Path spec = tmp.resolve("diverge.toml");
        Files.writeString(
                spec,
                "features = 5\nhidden = 2\nsteps = 2000\n[optimizer]\nkind = \"sgd\"\nlr = 10.0\n"
                        + "[density]\nvalues = [1.0, 0.5]\n");
        for (String engine : new String[] {"auto", "tape"}) {
            Path out = tmp.resolve("diverged-" + engine);
            Outcome o = run("run", spec.toString(), "--quiet", "--engine", engine, "--out", out.toString());
            assertEquals(2, o.code(), o.err());
            assertTrue(o.err().contains("not finite in instance") && o.err().contains("at step"), o.err());
            assertFalse(Files.exists(out), "no run folder after divergence");
        }
    }

    @Test
    void plotRefusesABrokenRunFolder() throws IOException {
        Path out = tmp.resolve("ok");
        assertEquals(
                0,
                run(
                                "run",
                                "experiments/intro-5-in-2.toml",
                                "--steps",
                                "20",
                                "--quiet",
                                "--no-figures",
                                "--out",
                                out.toString())
                        .code());
        Outcome fine = run("plot", out.toString(), "--claims");
        assertEquals(0, fine.code(), fine.err());
        Files.delete(out.resolve("weights.npz"));
        Outcome o = run("plot", out.toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("weights.npz") && o.err().contains("missing"), o.err());
        Outcome fig = run("plot", tmp.toString(), "--figure", "pie");
        assertEquals(2, fig.code());
    }

    @Test
    void probeAndSaeRefuseBadInput() throws IOException {
        Outcome neither = run("probe", "--out", tmp.resolve("p0").toString());
        assertEquals(2, neither.code());
        assertTrue(neither.err().contains("--text") && neither.err().contains("--acts"), neither.err());
        Outcome missing = run(
                "probe",
                "--acts",
                tmp.resolve("none.npz").toString(),
                "--out",
                tmp.resolve("p1").toString());
        assertEquals(2, missing.code(), missing.err());
        assertTrue(missing.err().contains("none.npz"), missing.err());
        Path junk = Files.writeString(tmp.resolve("junk.npy"), "not an npy file at all");
        Outcome bad = run(
                "probe", "--acts", junk.toString(), "--out", tmp.resolve("p2").toString(), "--quiet");
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("junk.npy"), bad.err());
        assertFalse(Files.exists(tmp.resolve("p2")));
        Outcome sae = run(
                "sae",
                "train",
                "--acts",
                junk.toString(),
                "--out",
                tmp.resolve("s1").toString());
        assertEquals(2, sae.code(), sae.err());
        Outcome kind = run(
                "probe",
                "--acts",
                junk.toString(),
                "--sae",
                "gated",
                "--out",
                tmp.resolve("p3").toString());
        assertEquals(2, kind.code(), kind.err());
    }

    @Test
    void probeChecksItsSaeOptionsAsSaeTrainDoes() throws IOException {
        Path junk = Files.writeString(tmp.resolve("junk2.npy"), "not read: the options are refused first");
        for (String[] bad : new String[][] {
            {"--sae-steps", "0"},
            {"--k", "-3"},
            {"--l1", "-1"},
            {"--latents", "4", "--k", "9"},
            {"--latents", "2000000000"},
            {"--sae", "jumpy"}
        }) {
            String[] args = new String[bad.length + 5];
            System.arraycopy(
                    new String[] {
                        "probe",
                        "--acts",
                        junk.toString(),
                        "--out",
                        tmp.resolve("pk").toString()
                    },
                    0,
                    args,
                    0,
                    5);
            System.arraycopy(bad, 0, args, 5, bad.length);
            Outcome o = run(args);
            assertEquals(2, o.code(), String.join(" ", bad) + ": " + o.err());
            assertTrue(
                    java.util.Arrays.stream(bad)
                            .anyMatch(f -> f.startsWith("--") && o.err().startsWith("sim: " + f)),
                    "names the flag: " + o.err());
            assertEquals(1, o.err().strip().lines().count(), o.err());
            assertFalse(o.err().contains("junk2.npy"), "refused before the file is read: " + o.err());
            assertFalse(Files.exists(tmp.resolve("pk")));
        }
    }
}
