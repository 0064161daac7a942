package io.github.superpose.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Explains an incomplete merge in the user's terms: which shard K/N is missing (with a Slurm job
 * array, K is the array task id) and whether its stopped run waits in a {@code .NAME.partial}
 * folder beside the others, ready for {@code ./sim run --resume}.
 */
final class MissingShards {
    private MissingShards() {}

    /**
     * Refuses when an instance has no owner. {@code owner[i]} is the folder holding instance i (or
     * null); {@code shardIds} are the instances of each given shard.
     */
    static void check(Path[] owner, List<int[]> shardIds, List<Path> dirs, Spec spec) {
        int firstMissing = -1;
        for (int i = 0; i < owner.length && firstMissing < 0; i++) {
            if (owner[i] == null) {
                firstMissing = i;
            }
        }
        if (firstMissing < 0) {
            return;
        }
        String where =
                "instance " + firstMissing + " of " + owner.length + " is in none of the " + dirs.size() + " folders";
        int n = shardCount(shardIds, owner.length);
        if (n < 0) {
            throw new SpecException("merge: " + where + " (a shard is missing)");
        }
        Set<Integer> tasks = new TreeSet<>();
        for (int i = 0; i < owner.length; i++) {
            if (owner[i] == null) {
                tasks.add(i % n);
            }
        }
        String ks = tasks.stream().map(k -> k + "/" + n).collect(Collectors.joining(", "));
        String ids = tasks.stream().map(String::valueOf).collect(Collectors.joining(", "));
        String head = tasks.size() == 1
                ? "shard " + ks + " (array task " + ids + ") is missing"
                : "shards " + ks + " (array tasks " + ids + ") are missing";
        throw new SpecException(
                "merge: " + head + ": " + where + "; " + hint(tasks.iterator().next(), n, dirs, spec));
    }

    /**
     * N of the K/N shards: shards interleave instances (K, K+N, ...), so any shard with two or more
     * instances shows N; -1 when the shards disagree or none shows it.
     */
    static int shardCount(List<int[]> shardIds, int total) {
        int n = -1;
        for (int[] ids : shardIds) {
            if (ids.length < 2) {
                continue;
            }
            int step = ids[1] - ids[0];
            for (int j = 2; j < ids.length; j++) {
                if (ids[j] - ids[j - 1] != step) {
                    return -1;
                }
            }
            if (n >= 0 && n != step || ids[0] >= step || ids[ids.length - 1] + step < total) {
                return -1;
            }
            n = step;
        }
        return n;
    }

    /** Where the missing shard's stopped run waits, if it sits beside the given folders. */
    private static String hint(int k, int n, List<Path> dirs, Spec spec) {
        Set<Path> parents = new LinkedHashSet<>();
        for (Path d : dirs) {
            parents.add(d.toAbsolutePath().normalize().getParent());
        }
        for (Path parent : parents) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(parent, ".*.partial")) {
                for (Path p : s) {
                    if (isShard(p.resolve(PartialRun.RUN_FILE), k + "/" + n, spec)) {
                        return "its stopped run waits in " + p + " (continue it with ./sim run --resume "
                                + PartialRun.targetOf(p) + ")";
                    }
                }
            } catch (IOException e) {
                // an unreadable folder only costs the hint
            }
        }
        return "no stopped run of it waits beside the others (did its job fail? see its log, then rerun it)";
    }

    private static boolean isShard(Path runFile, String shard, Spec spec) {
        if (!Files.isRegularFile(runFile)) {
            return false;
        }
        try {
            JsonNode root = RunReader.json(runFile);
            return shard.equals(root.path("shard").asText())
                    && RunStore.toJson(SpecJson.of(RunReader.spec(runFile))).equals(RunStore.toJson(SpecJson.of(spec)));
        } catch (SpecException | IOException e) {
            return false;
        }
    }
}
