package io.github.superpose.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three shards of a sweep with restarts, run as three concurrent processes, merge into the run
 * folder the unsharded run makes; incomplete, overlapping or mismatched shard sets are refused.
 */
class ShardMergeTest {
    @TempDir
    Path tmp;

    static final String SPEC = """
            name = "shards"
            model = "relu"
            features = 20
            hidden = 5
            steps = 400
            batch = 128
            seed = 11
            restarts = 2
            log_every = 40
            hook_every = 100
            figures = ["dimensionality"]

            [importance]
            kind = "geometric"
            base = 0.9

            [density]
            sweep_from = 1.0
            sweep_to = 0.03
            sweep_count = 7
            """;

    @Test
    void shardsRunAsProcessesMergeIntoTheUnshardedRun() throws Exception {
        Path spec = tmp.resolve("shards.toml");
        Files.writeString(spec, SPEC);
        Path whole = tmp.resolve("whole");
        BadInputTest.Outcome w = BadInputTest.run("run", spec.toString(), "--quiet", "--out", whole.toString());
        assertEquals(0, w.code(), w.err());

        List<Process> procs = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            procs.add(KillResumeTest.sim(
                    tmp.resolve("s" + k + ".log"),
                    List.of(),
                    "run",
                    spec.toString(),
                    "--quiet",
                    "--shard",
                    k + "/3",
                    "--threads",
                    "1",
                    "--out",
                    tmp.resolve("s" + k).toString()));
        }
        for (int k = 0; k < 3; k++) {
            assertTrue(procs.get(k).waitFor(300, TimeUnit.SECONDS));
            assertEquals(0, procs.get(k).exitValue(), Files.readString(tmp.resolve("s" + k + ".log")));
        }
        assertFalse(Files.exists(tmp.resolve("s0").resolve("shards-dimensionality.png")), "shards draw no figures");

        Path merged = tmp.resolve("merged");
        BadInputTest.Outcome m = BadInputTest.run(
                "merge",
                tmp.resolve("s2").toString(),
                tmp.resolve("s0").toString(),
                tmp.resolve("s1").toString(),
                "--out",
                merged.toString());
        assertEquals(0, m.code(), m.err());
        for (String f : new String[] {"weights.npz", "metrics.csv", "dynamics.csv"}) {
            assertEquals(
                    -1L, Files.mismatch(whole.resolve(f), merged.resolve(f)), f + " differs from the unsharded run");
        }
        assertEquals(
                KillResumeTest.withoutSeconds(whole.resolve("results.json")),
                KillResumeTest.withoutSeconds(merged.resolve("results.json")));
        assertTrue(Files.size(merged.resolve("shards-dimensionality.png")) > 1000);

        // a shard folder is not a whole run
        BadInputTest.Outcome plot = BadInputTest.run("plot", tmp.resolve("s1").toString());
        assertEquals(2, plot.code());
        assertTrue(plot.err().contains("./sim merge"), plot.err());

        BadInputTest.Outcome missing = BadInputTest.run(
                "merge",
                tmp.resolve("s0").toString(),
                tmp.resolve("s1").toString(),
                "--out",
                tmp.resolve("m2").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("is in none of the 2 folders"), missing.err());
        BadInputTest.Outcome twice = BadInputTest.run(
                "merge",
                tmp.resolve("s0").toString(),
                tmp.resolve("s0").toString(),
                tmp.resolve("s1").toString(),
                tmp.resolve("s2").toString(),
                "--out",
                tmp.resolve("m3").toString());
        assertEquals(2, twice.code());
        assertTrue(twice.err().contains("is also in"), twice.err());
        BadInputTest.Outcome mixed = BadInputTest.run(
                "merge",
                tmp.resolve("s0").toString(),
                tmp.resolve("s1").toString(),
                tmp.resolve("s2").toString(),
                whole.toString(),
                "--out",
                tmp.resolve("m4").toString());
        assertEquals(2, mixed.code());
        assertTrue(mixed.err().contains("a whole run, not a shard"), mixed.err());

        Path other = tmp.resolve("other.toml");
        Files.writeString(other, SPEC.replace("seed = 11", "seed = 12"));
        assertEquals(
                0,
                BadInputTest.run(
                                "run",
                                other.toString(),
                                "--quiet",
                                "--shard",
                                "1/3",
                                "--out",
                                tmp.resolve("o1").toString())
                        .code());
        BadInputTest.Outcome foreign = BadInputTest.run(
                "merge",
                tmp.resolve("s0").toString(),
                tmp.resolve("o1").toString(),
                tmp.resolve("s2").toString(),
                "--out",
                tmp.resolve("m5").toString());
        assertEquals(2, foreign.code());
        assertTrue(foreign.err().contains("made from another spec"), foreign.err());
        for (String name : new String[] {"m2", "m3", "m4", "m5"}) {
            assertFalse(Files.exists(tmp.resolve(name)), "a refused merge writes nothing: " + name);
        }
        BadInputTest.Outcome badShard = BadInputTest.run("run", spec.toString(), "--shard", "3/3");
        assertEquals(2, badShard.code());
        assertTrue(badShard.err().contains("--shard"), badShard.err());
        BadInputTest.Outcome tooMany = BadInputTest.run("run", spec.toString(), "--shard", "0/8");
        assertEquals(2, tooMany.code());
        assertTrue(tooMany.err().contains("would leave some shards empty"), tooMany.err());
    }
}
