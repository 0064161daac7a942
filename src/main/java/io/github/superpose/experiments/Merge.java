package io.github.superpose.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.superpose.sim.InstanceSlice;
import io.github.superpose.sim.ToyModel;
import io.github.superpose.sim.TrainResult;
import io.github.superpose.sim.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Joins the shard folders of one sweep ({@code ./sim run SPEC --shard K/N}) into the run the
 * unsharded command would have made: weights, results, loss log and dynamics in the same order
 * with the same bytes. Each shard's config.json names its instances; together they must cover the
 * spec's instances exactly once. A whole run, an unfinished shard or one of another spec or seed
 * is refused, and a missing shard is named by its K/N (see {@link MissingShards}).
 *
 * <pre>RunResult whole = Merge.of(List.of(Path.of("runs/s0"), Path.of("runs/s1")));</pre>
 */
public final class Merge {
    private Merge() {}

    /** One shard folder read back. */
    private record Shard(
            Path dir,
            Spec spec,
            int[] ids,
            ToyModel model,
            float[] evalLoss,
            int[] bestRestart,
            float[] trainLoss,
            List<double[]> log,
            List<double[]> dynamics,
            double seconds,
            RunOptions options) {}

    public static RunResult of(List<Path> dirs) {
        if (dirs.isEmpty()) {
            throw new SpecException("merge: give the shard folders to join");
        }
        List<Shard> shards = new ArrayList<>();
        for (Path d : dirs) {
            shards.add(read(d));
        }
        Shard first = shards.get(0);
        Spec spec = first.spec();
        String specJson = json(spec);
        int total = spec.instances();
        Path[] owner = new Path[total];
        for (Shard s : shards) {
            if (!json(s.spec()).equals(specJson)) {
                throw new SpecException(s.dir() + ": made from another spec than " + first.dir() + difference(s, first)
                        + " (shards of one sweep share spec, steps and seed)");
            }
            for (int id : s.ids()) {
                if (owner[id] != null) {
                    throw new SpecException(s.dir() + ": instance " + id + " is also in " + owner[id]);
                }
                owner[id] = s.dir();
            }
        }
        MissingShards.check(owner, shards.stream().map(Shard::ids).toList(), dirs, spec);
        ToyModel blank = ToyModel.create(spec.model(), total, spec.features(), spec.hidden(), 0);
        Map<String, float[]> weights = blank.weights();
        float[] evalLoss = new float[total];
        int[] bestRestart = new int[total];
        float[] trainLoss = new float[total];
        List<double[]> log = new ArrayList<>();
        List<double[]> dynamics = new ArrayList<>();
        double seconds = 0;
        for (Shard s : shards) {
            Map<String, float[]> w = s.model().weights();
            for (Map.Entry<String, float[]> e : weights.entrySet()) {
                int per = e.getValue().length / total;
                for (int j = 0; j < s.ids().length; j++) {
                    System.arraycopy(w.get(e.getKey()), j * per, e.getValue(), s.ids()[j] * per, per);
                }
            }
            for (int j = 0; j < s.ids().length; j++) {
                evalLoss[s.ids()[j]] = s.evalLoss()[j];
                bestRestart[s.ids()[j]] = s.bestRestart()[j];
                trainLoss[s.ids()[j]] = s.trainLoss()[j];
            }
            log.addAll(s.log());
            dynamics.addAll(s.dynamics());
            seconds += s.seconds();
        }
        // the unsharded order: restart chunk, step, restart, instance (, feature)
        int chunk = Trainer.restartsPerChunk(
                total, spec.features(), spec.hidden(), Experiment.trainConfigOf(spec, first.options()));
        Comparator<double[]> order = Comparator.<double[]>comparingDouble(r -> Math.floor(r[0] / chunk))
                .thenComparingDouble(r -> r[1])
                .thenComparingDouble(r -> r[0])
                .thenComparingDouble(r -> r[2]);
        log.sort(order);
        dynamics.sort(order.thenComparingDouble(r -> r[3]));
        ToyModel model = ToyModel.of(spec.model(), total, spec.features(), spec.hidden(), weights);
        return new RunResult(
                spec,
                first.options(),
                new TrainResult(model, evalLoss, bestRestart, trainLoss),
                log,
                dynamics,
                seconds,
                InstanceSlice.all(total));
    }

    private static Shard read(Path dir) {
        Path target = PartialRun.targetOf(dir);
        if (!Files.isDirectory(dir) || !target.equals(dir.toAbsolutePath().normalize())) {
            if (Files.isDirectory(PartialRun.folderOf(target))) {
                throw new SpecException(dir + ": this shard has not finished (its checkpoints are in "
                        + PartialRun.folderOf(target) + "; continue it with ./sim run --resume " + target + ")");
            }
            throw new SpecException(dir + ": not a run folder");
        }
        Path config = dir.resolve("config.json");
        Spec spec = RunReader.spec(config);
        JsonNode root = RunReader.json(config);
        JsonNode idsNode = root.get("shard_instances");
        if (idsNode == null) {
            throw new SpecException(dir + ": a whole run, not a shard, so there is nothing to merge (merge joins"
                    + " the folders of ./sim run SPEC --shard K/N)");
        }
        if (!idsNode.isArray() || idsNode.isEmpty()) {
            throw new SpecException(config + ": \"shard_instances\" must be a non-empty array");
        }
        int[] ids = new int[idsNode.size()];
        for (int j = 0; j < ids.length; j++) {
            JsonNode v = idsNode.get(j);
            if (!v.canConvertToInt()
                    || v.asInt() < 0
                    || v.asInt() >= spec.instances()
                    || j > 0 && v.asInt() <= ids[j - 1]) {
                throw new SpecException(
                        config + ": \"shard_instances\" must ascend within [0, " + spec.instances() + ")");
            }
            ids[j] = v.asInt();
        }
        ToyModel model = RunReader.model(dir.resolve("weights.npz"), spec, ids.length);
        Path results = dir.resolve("results.json");
        JsonNode rows = RunReader.json(results).get("results");
        if (rows == null || !rows.isArray() || rows.size() != ids.length) {
            throw new SpecException(results + ": expected \"results\" with " + ids.length + " instances");
        }
        float[] eval = new float[ids.length];
        int[] best = new int[ids.length];
        float[] train = new float[ids.length];
        for (int j = 0; j < ids.length; j++) {
            JsonNode r = rows.get(j);
            if (!r.path("instance").canConvertToInt() || r.path("instance").asInt() != ids[j]) {
                throw new SpecException(results + ": results[" + j + "].instance should be " + ids[j]);
            }
            eval[j] = (float) number(r, "eval_loss", results, j);
            train[j] = (float) number(r, "train_loss", results, j);
            best[j] = (int) number(r, "best_restart", results, j);
        }
        List<double[]> log = RunReader.csv(dir.resolve("metrics.csv"), 4, true);
        List<double[]> dyn = RunReader.csv(dir.resolve("dynamics.csv"), 6, false);
        RunOptions opts = new RunOptions(
                0,
                null,
                text(root, "backend", config),
                root.path("threads").asInt(1),
                text(root, "engine", config),
                root.path("quick").asBoolean(false));
        return new Shard(dir, spec, ids, model, eval, best, train, log, dyn, RunReader.seconds(dir), opts);
    }

    /** What tells two shards' specs apart, when it is the seed or the steps. */
    private static String difference(Shard s, Shard first) {
        if (s.spec().seed() != first.spec().seed()) {
            return ": seed " + s.spec().seed() + " vs " + first.spec().seed();
        }
        if (s.spec().steps() != first.spec().steps()) {
            return ": " + s.spec().steps() + " steps vs " + first.spec().steps();
        }
        return "";
    }

    private static double number(JsonNode row, String field, Path file, int j) {
        JsonNode v = row.get(field);
        if (v == null || !v.isNumber()) {
            throw new SpecException(file + ": results[" + j + "]." + field + " is missing or not a number");
        }
        return v.asDouble();
    }

    private static String text(JsonNode root, String field, Path file) {
        JsonNode v = root.get(field);
        if (v == null || !v.isTextual()) {
            throw new SpecException(file + ": \"" + field + "\" is missing or not a string");
        }
        return v.asText();
    }

    private static String json(Spec s) {
        try {
            return RunStore.toJson(SpecJson.of(s));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
