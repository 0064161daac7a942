package io.github.superpose.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.superpose.experiments.PartialRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's cluster recipes, submitted to a real one-node Slurm cluster (bench/slurm/start.sh)
 * as users submit them: the job-array scripts in bench/slurm, which the README quotes, run
 * {@code ./sim} (here a launcher for the test's classes, as the jar is built after the tests).
 * Skipped, with the reason printed, only where the cluster cannot start (no slurm-wlm or munge
 * packages, not root). Run alone with {@code mvn test -Dgroups=slurm}.
 */
@Tag("slurm")
class SlurmRecipeTest {
    @TempDir
    static Path tmp;

    static Path cluster;
    static Path bin;
    static Path whole;
    static Path spec;
    static final Path ROOT = Path.of("").toAbsolutePath();

    static final String SWEEP = """
            name = "cluster-sweep"
            model = "relu"
            features = 20
            hidden = 5
            steps = 8000
            batch = 256
            seed = 5
            log_every = 200
            hook_every = 2000
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
    static void startCluster() throws Exception {
        cluster = tmp.resolve("cluster");
        Outcome started = exec(List.of(ROOT.resolve("bench/slurm/start.sh").toString(), cluster.toString()), 120);
        if (started.code() != 0) {
            String reason = "Slurm cannot start here: " + started.out().strip();
            System.out.println("SlurmRecipeTest skipped. " + reason);
            Assumptions.abort(reason);
        }
        bin = Files.createDirectories(tmp.resolve("bin"));
        Path sim = bin.resolve("sim");
        Files.writeString(
                sim,
                "#!/bin/sh\n# ./sim for the test's classes: same folder, same entry point\ncd '" + ROOT
                        + "' || exit 1\nexec '"
                        + ProcessHandle.current().info().command().orElse("java")
                        + "' $JAVA_OPTS -Djava.awt.headless=true -cp '" + System.getProperty("java.class.path")
                        + "' io.github.superpose.cli.Main \"$@\"\n");
        sim.toFile().setExecutable(true);
        spec = tmp.resolve("cluster-sweep.toml");
        Files.writeString(spec, SWEEP);
        whole = tmp.resolve("whole");
        BadInputTest.Outcome w = BadInputTest.run("run", spec.toString(), "--quiet", "--out", whole.toString());
        assertEquals(0, w.code(), w.err());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            exec(List.of(ROOT.resolve("bench/slurm/stop.sh").toString(), cluster.toString()), 120);
        }
    }

    @Test
    void sweepArrayMergesIntoTheUnshardedRun() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("a"));
        Outcome job = sbatch(
                true,
                "0-3",
                "sweep.sbatch",
                spec.toString(),
                out.resolve("shard").toString());
        assertEquals(0, job.code(), job.out() + logs());
        String log = Files.readString(
                tmp.resolve("logs").resolve("sweep-" + job.out().strip() + "_3.out"));
        assertTrue(
                log.contains("cluster-sweep: 2 of 8 instances") && log.contains("planned memory"),
                "the task's log shows the memory its shard plans, for sizing --mem: " + log);
        Path merged = out.resolve("merged");
        Outcome m = sim("merge " + out + "/shard-* --out " + merged);
        assertEquals(0, m.code(), m.out());
        assertSameRun(merged);
        assertFollowsUmask(out);
    }

    @Test
    void cancelledTaskResumesFromItsCheckpoint() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("b"));
        Outcome submitted = sbatch(
                false,
                "0-3",
                "sweep.sbatch",
                spec.toString(),
                out.resolve("shard").toString());
        assertEquals(0, submitted.code(), submitted.out());
        String jobId = submitted.out().strip().split(";")[0];
        Path partial = PartialRun.folderOf(out.resolve("shard-2"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (!Files.exists(partial.resolve("checkpoint.npz"))) {
            if (System.nanoTime() > deadline || Files.exists(out.resolve("shard-2"))) {
                fail("task 2 finished or never checkpointed before it could be cancelled" + logs());
            }
            Thread.sleep(20);
        }
        assertEquals(0, exec(List.of("scancel", jobId + "_2"), 60).code());
        while (!exec(List.of("squeue", "-h", "-j", jobId), 60).out().isBlank()) {
            assertTrue(System.nanoTime() < deadline, "the array did not finish" + logs());
            Thread.sleep(200);
        }
        assertFalse(Files.exists(out.resolve("shard-2")), "the cancelled task wrote no run folder");

        Outcome refused = sim("merge " + out + "/shard-* --out " + out.resolve("merged"));
        assertEquals(2, refused.code(), refused.out());
        assertTrue(
                refused.out().contains("shard 2/4 (array task 2) is missing")
                        && refused.out().contains(partial.toString()),
                refused.out());
        assertFalse(Files.exists(out.resolve("merged")));

        Outcome again = sbatch(
                true, "2", "sweep.sbatch", spec.toString(), out.resolve("shard").toString());
        assertEquals(0, again.code(), again.out() + logs());
        String log = Files.readString(
                tmp.resolve("logs").resolve("sweep-" + again.out().strip() + "_2.out"));
        assertTrue(log.contains("resuming " + out.resolve("shard-2") + " at step"), log);
        Outcome m = sim("merge " + out + "/shard-* --out " + out.resolve("merged"));
        assertEquals(0, m.code(), m.out());
        assertSameRun(out.resolve("merged"));
    }

    @Test
    void catalogueArrayThenOneResumeWritesTheGallery() throws Exception {
        Path shared = Files.createDirectories(tmp.resolve("c"));
        List<String> names = List.of("cluster-one", "cluster-two", "cluster-three");
        List<String> files = new ArrayList<>();
        for (String n : names) {
            Path f = tmp.resolve(n + ".toml");
            Files.writeString(
                    f,
                    SWEEP.replace("cluster-sweep", n)
                                    .replace("features = 20", "features = 5")
                                    .replace("hidden = 5", "hidden = 2")
                                    .replace("figures = [\"dimensionality\"]", "figures = [\"feature-fan\"]")
                            + "\n[quick]\nsteps = 600\n");
            files.add(f.toString());
        }
        String only = String.join(",", files);
        Outcome job = sbatch(true, "0-1", "catalogue.sbatch", shared.toString(), "--quick", "--only", only);
        assertEquals(0, job.code(), job.out() + logs());
        Path plots = shared.resolve("plots");
        Outcome r =
                sim("reproduce --quick --only " + only + " --resume " + shared.resolve("runs") + " --plots " + plots);
        assertEquals(0, r.code(), r.out());
        for (String n : names) {
            assertTrue(
                    r.out().contains(n + ": reusing " + shared.resolve("runs").resolve(n)), r.out());
            Path fan = plots.resolve(n + "-feature-fan.png");
            assertTrue(Files.size(fan) > 5_000, fan + " is a real image");
            int task = names.indexOf(n) % 2;
            assertEquals(
                    -1L,
                    Files.mismatch(fan, shared.resolve("plots-" + task).resolve(fan.getFileName())),
                    "the gallery's figure is the one its array task drew");
        }
        String index = Files.readString(plots.resolve("index.html"));
        for (String n : names) {
            assertTrue(index.contains("<h2 id=\"" + n + "\">") && index.contains(n + "-feature-fan.png"), index);
        }
        assertEquals(
                names.size(),
                new ObjectMapper()
                        .readTree(plots.resolve("claims.json").toFile())
                        .size());
        assertFollowsUmask(shared);
    }

    private static void assertSameRun(Path merged) throws IOException {
        for (String f : new String[] {"weights.npz", "metrics.csv", "dynamics.csv"}) {
            assertEquals(
                    -1L, Files.mismatch(whole.resolve(f), merged.resolve(f)), f + " differs from the unsharded run");
        }
        assertEquals(
                KillResumeTest.withoutSeconds(whole.resolve("results.json")),
                KillResumeTest.withoutSeconds(merged.resolve("results.json")));
    }

    private static void assertFollowsUmask(Path dir) throws IOException {
        MergeFaultsTest.assertFollowsUmask(dir, tmp);
    }

    /** sbatch as the README says, from a folder whose ./sim runs this build; prints the job id. */
    private static Outcome sbatch(boolean wait, String array, String script, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                "sbatch",
                "--parsable",
                "--array=" + array,
                "--cpus-per-task=1",
                "--chdir=" + bin,
                "--output=" + Files.createDirectories(tmp.resolve("logs")) + "/" + script.replace(".sbatch", "")
                        + "-%A_%a.out"));
        if (wait) {
            cmd.add("--wait");
        }
        if (array.matches("\\d+")) {
            cmd.add("--export=ALL,SHARDS=4");
        }
        cmd.add(ROOT.resolve("bench/slurm").resolve(script).toString());
        cmd.addAll(List.of(args));
        return exec(cmd, 600);
    }

    private static Outcome sim(String args) throws Exception {
        return exec(List.of("bash", "-c", "cd " + bin + " && ./sim " + args), 300);
    }

    private static String logs() throws IOException {
        StringBuilder b = new StringBuilder();
        Path dir = tmp.resolve("logs");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.sorted().toList()) {
                    b.append("\n--- ").append(p.getFileName()).append('\n').append(Files.readString(p));
                }
            }
        }
        return b.toString();
    }

    record Outcome(int code, String out) {}

    /** Runs a command with this cluster's SLURM_CONF, stdout and stderr together. */
    static Outcome exec(List<String> cmd, int seconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PATH", pb.environment().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin");
        if (cluster != null) {
            pb.environment().put("SLURM_CONF", cluster.resolve("slurm.conf").toString());
        }
        Path log = Files.createTempFile(tmp, "exec", ".log");
        Process p = pb.redirectOutput(log.toFile()).start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(cmd + " did not finish in " + seconds + " s: " + Files.readString(log));
        }
        Outcome o = new Outcome(p.exitValue(), Files.readString(log));
        Files.delete(log);
        return o;
    }
}
