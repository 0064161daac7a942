package io.github.superpose.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.superpose.experiments.PartialRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What goes wrong when a sweep is spread over a cluster: a shard that failed or was stopped is
 * named by its K/N (the array task id) and the folder its checkpoints wait in; a whole run, or
 * shards of another seed or spec, are refused with one line; a killed merge leaves no output;
 * run folders and figures follow the umask; the README quotes the job scripts that are tested.
 */
public class MergeFaultsTest {
    @TempDir
    static Path tmp;

    static Path spec;
    static Path whole;

    static final String SPEC = """
            name = "faults"
            model = "relu"
            features = 20
            hidden = 5
            steps = 1500
            batch = 128
            seed = 5
            log_every = 100
            hook_every = 500
            figures = ["dimensionality"]

            [importance]
            kind = "geometric"
            base = 0.9

            [density]
            sweep_from = 1.0
            sweep_to = 0.05
            sweep_count = 8
            """;

    @BeforeAll
    static void shards() throws IOException {
        spec = tmp.resolve("faults.toml");
        Files.writeString(spec, SPEC);
        whole = tmp.resolve("whole");
        ok("run", spec.toString(), "--quiet", "--out", whole.toString());
        for (int k = 0; k < 4; k++) {
            ok(
                    "run",
                    spec.toString(),
                    "--quiet",
                    "--shard",
                    k + "/4",
                    "--out",
                    tmp.resolve("s" + k).toString());
        }
    }

    @Test
    void aFailedOrStoppedShardIsNamedByItsTaskId() throws Exception {
        String[] without2 = {"merge", dir("s0"), dir("s1"), dir("s3"), "--out", dir("m")};
        refused("shard 2/4 (array task 2) is missing", without2);
        refused("no stopped run of it waits", without2);
        refused("shards 1/4, 2/4 (array tasks 1, 2) are missing", "merge", dir("s0"), dir("s3"), "--out", dir("m"));

        // a task stopped mid-training leaves .p2.partial with a checkpoint beside the other shards
        Path log = tmp.resolve("p2.log");
        Process p = KillResumeTest.sim(
                log,
                List.of(),
                "run",
                spec.toString(),
                "--quiet",
                "--shard",
                "2/4",
                "--checkpoint-every",
                "100",
                "--threads",
                "1",
                "--out",
                dir("p2"));
        Path partial = PartialRun.folderOf(tmp.resolve("p2"));
        KillResumeTest.killWhen(p, v -> Files.exists(partial.resolve("checkpoint.npz")), "after a checkpoint", log);
        refused(
                "its stopped run waits in " + partial + " (continue it with ./sim run --resume " + tmp.resolve("p2"),
                without2);
        refused(
                "p2: this shard has not finished",
                "merge",
                dir("s0"),
                dir("s1"),
                dir("p2"),
                dir("s3"),
                "--out",
                dir("m"));
        refused(
                ".p2.partial: this shard has not finished",
                "merge",
                dir("s0"),
                dir("s1"),
                partial.toString(),
                dir("s3"),
                "--out",
                dir("m"));
        assertFalse(Files.exists(tmp.resolve("m")), "a refused merge writes nothing");

        ok("run", "--resume", dir("p2"), "--quiet");
        ok("merge", dir("s3"), dir("p2"), dir("s1"), dir("s0"), "--out", dir("m"));
        assertSameAsWhole(tmp.resolve("m"));
    }

    @Test
    void aWholeRunOrShardsOfAnotherSeedOrSpecAreRefused() throws Exception {
        refused(
                "whole: a whole run, not a shard, so there is nothing to merge",
                "merge",
                dir("whole"),
                "--out",
                dir("copy"));
        refused(
                "a whole run, not a shard",
                "merge",
                dir("s0"),
                dir("s1"),
                dir("s2"),
                dir("s3"),
                dir("whole"),
                "--out",
                dir("copy"));
        ok("run", spec.toString(), "--quiet", "--seed", "12", "--shard", "1/4", "--out", dir("seed12"));
        refused(
                "made from another spec than " + tmp.resolve("s0") + ": seed 12 vs 5",
                "merge",
                dir("s0"),
                dir("seed12"),
                dir("s2"),
                dir("s3"),
                "--out",
                dir("copy"));
        Path other = tmp.resolve("other.toml");
        Files.writeString(other, SPEC.replace("base = 0.9", "base = 0.8"));
        ok("run", other.toString(), "--quiet", "--shard", "1/4", "--out", dir("other1"));
        refused(
                "other1: made from another spec than",
                "merge",
                dir("s0"),
                dir("other1"),
                dir("s2"),
                dir("s3"),
                "--out",
                dir("copy"));
        assertFalse(Files.exists(tmp.resolve("copy")), "a refused merge writes nothing");
    }

    @Test
    void aKilledMergeLeavesNoOutput() throws Exception {
        Path target = tmp.resolve("k");
        Path log = tmp.resolve("k.log");
        Process p = KillResumeTest.sim(
                log, List.of(), "merge", dir("s0"), dir("s1"), dir("s2"), dir("s3"), "--out", target.toString());
        KillResumeTest.killWhen(p, v -> !leftovers(target).isEmpty(), "while writing the merged folder", log);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertFalse(Files.exists(target), "no merged folder until it is complete");
        ok("merge", dir("s0"), dir("s1"), dir("s2"), dir("s3"), "--out", target.toString());
        assertSameAsWhole(target);
        assertEquals(List.of(), leftovers(target), "the next merge clears what the killed one left");
    }

    @Test
    void runFoldersAndFiguresFollowTheUmask() throws IOException {
        ok("merge", dir("s0"), dir("s1"), dir("s2"), dir("s3"), "--out", dir("u"));
        assertTrue(Files.exists(tmp.resolve("u").resolve("faults-dimensionality.svg")));
        assertFollowsUmask(tmp.resolve("u"), tmp);
        assertFollowsUmask(tmp.resolve("whole"), tmp);
        assertFollowsUmask(tmp.resolve("s0"), tmp);
    }

    @Test
    void theReadmeQuotesTheTestedJobScripts() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        for (String script : new String[] {"sweep.sbatch", "catalogue.sbatch"}) {
            String text = Files.readString(Path.of("bench/slurm", script));
            assertTrue(
                    readme.contains("```bash\n" + text + "```\n"),
                    "README.md quotes bench/slurm/" + script
                            + " verbatim, so the recipe users read is the one SlurmRecipeTest submits");
        }
    }

    /** Every folder and file under {@code dir} has the permissions the umask gives new ones. */
    public static void assertFollowsUmask(Path dir, Path scratch) throws IOException {
        Path probe = Files.createTempDirectory(scratch, "umask");
        String dirPerms =
                PosixFilePermissions.toString(Files.getPosixFilePermissions(Files.createDirectory(probe.resolve("d"))));
        String filePerms =
                PosixFilePermissions.toString(Files.getPosixFilePermissions(Files.createFile(probe.resolve("f"))));
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                assertEquals(Files.isDirectory(p) ? dirPerms : filePerms, perms, p + " ignores the umask");
            }
        }
    }

    static void assertSameAsWhole(Path merged) throws IOException {
        for (String f : new String[] {"weights.npz", "metrics.csv", "dynamics.csv"}) {
            assertEquals(
                    -1L, Files.mismatch(whole.resolve(f), merged.resolve(f)), f + " differs from the unsharded run");
        }
        assertEquals(
                KillResumeTest.withoutSeconds(whole.resolve("results.json")),
                KillResumeTest.withoutSeconds(merged.resolve("results.json")));
    }

    private static List<Path> leftovers(Path target) {
        String prefix = "." + target.getFileName() + ".tmp-";
        try (Stream<Path> s = Files.list(target.getParent())) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String dir(String name) {
        return tmp.resolve(name).toString();
    }

    private static void ok(String... args) {
        BadInputTest.Outcome o = BadInputTest.run(args);
        assertEquals(0, o.code(), String.join(" ", args) + ": " + o.err());
    }

    private static void refused(String expect, String... args) {
        BadInputTest.Outcome o = BadInputTest.run(args);
        assertEquals(2, o.code(), o.err());
        String line = o.err().strip();
        assertFalse(line.contains("\n"), "one line: " + line);
        assertTrue(line.contains(expect), "expected '" + expect + "' in: " + line);
    }
}
