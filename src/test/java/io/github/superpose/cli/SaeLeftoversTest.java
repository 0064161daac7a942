package io.github.superpose.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.superpose.io.NdArray;
import io.github.superpose.io.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sae train} killed by SIGKILL leaves its {@code .NAME.tmp-DIGITS} folder; the next output
 * reserved in the same parent deletes it, and only it: a live sibling's folder stays until that
 * process is dead too.
 */
class SaeLeftoversTest {
    @TempDir
    Path tmp;

    @Test
    void theNextRunDeletesWhatAKilledRunLeftButNotALiveSiblingsFolder() throws Exception {
        Path acts = tmp.resolve("acts.npy");
        float[] data = new float[512 * 8];
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) rnd.nextGaussian();
        }
        Npy.write(acts, NdArray.ofFloats(data, 512, 8));
        Path out = Files.createDirectories(tmp.resolve("out"));
        Process killed = train(acts, out.resolve("a"), "a");
        Process live = train(acts, out.resolve("b"), "b");
        try {
            Path killedTmp = awaitFolder(killed, out, ".a.tmp-");
            Path liveTmp = awaitFolder(live, out, ".b.tmp-");
            killed.destroyForcibly(); // SIGKILL on Linux: no shutdown hook runs
            assertTrue(killed.waitFor(30, TimeUnit.SECONDS));
            assertEquals(137, killed.exitValue(), "killed by SIGKILL");
            assertTrue(Files.isDirectory(killedTmp), "SIGKILL leaves the temporary folder");

            BadInputTest.Outcome next = BadInputTest.run(
                    "sae",
                    "train",
                    "--acts",
                    acts.toString(),
                    "--steps",
                    "20",
                    "--batch",
                    "64",
                    "--threads",
                    "1",
                    "--quiet",
                    "--out",
                    out.resolve("c").toString());
            assertEquals(0, next.code(), next.err());
            assertFalse(Files.exists(killedTmp), "the dead process's folder is deleted");
            assertEquals(List.of(), named(out, ".a.tmp-"), "with its lock file");
            assertTrue(live.isAlive(), "the sibling still trains");
            assertTrue(Files.isDirectory(liveTmp), "a live process's folder stays");
            assertEquals(2, named(out, ".b.tmp-").size(), "with its lock file");

            live.destroyForcibly();
            assertTrue(live.waitFor(30, TimeUnit.SECONDS));
            BadInputTest.Outcome again = BadInputTest.run(
                    "sae",
                    "train",
                    "--acts",
                    acts.toString(),
                    "--steps",
                    "20",
                    "--batch",
                    "64",
                    "--threads",
                    "1",
                    "--quiet",
                    "--out",
                    out.resolve("a").toString());
            assertEquals(0, again.code(), again.err());
            try (Stream<Path> left = Files.list(out)) {
                assertEquals(
                        List.of(),
                        left.filter(p -> p.getFileName().toString().contains(".tmp-"))
                                .toList(),
                        "nothing of either killed run is left");
            }
            assertTrue(Files.isRegularFile(out.resolve("a/metrics.json"))
                    && Files.isRegularFile(out.resolve("c/metrics.json")));
        } finally {
            killed.destroyForcibly();
            live.destroyForcibly();
        }
    }

    /** {@code sae train} for a long time in its own JVM. */
    private Process train(Path acts, Path out, String name) throws IOException {
        return KillResumeTest.sim(
                tmp.resolve(name + ".log"),
                List.of("-Xmx256m"),
                "sae",
                "train",
                "--acts",
                acts.toString(),
                "--steps",
                "10000000",
                "--batch",
                "64",
                "--threads",
                "1",
                "--quiet",
                "--out",
                out.toString());
    }

    /** Waits until the process has made its temporary folder. */
    private static Path awaitFolder(Process p, Path parent, String prefix) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            for (Path f : named(parent, prefix)) {
                if (Files.isDirectory(f)) {
                    return f;
                }
            }
            if (!p.isAlive()) {
                fail("sae train ended (exit " + p.exitValue() + ") before making its folder");
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no " + prefix + " folder within 120 s");
    }

    private static List<Path> named(Path parent, String prefix) throws IOException {
        try (Stream<Path> s = Files.list(parent)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .sorted()
                    .toList();
        }
    }
}
