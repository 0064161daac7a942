package io.github.superpose.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.superpose.io.NdArray;
import io.github.superpose.io.Npz;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end runs of reproduce (with resume) and sae train/eval through the command line. */
class CommandsTest {
    @TempDir
    Path tmp;

    @Test
    void reproduceWritesGalleryAndResumeReusesRuns() throws Exception {
        Path plots = tmp.resolve("plots");
        Path runs = tmp.resolve("runs");
        BadInputTest.Outcome o = BadInputTest.run(
                "reproduce",
                "--quick",
                "--only",
                "intro-5-in-2",
                "--plots",
                plots.toString(),
                "--runs",
                runs.toString(),
                "--quiet");
        assertEquals(0, o.code(), o.err());
        String html = Files.readString(plots.resolve("index.html"));
        assertTrue(html.contains("2 of 2 claims hold"), "gallery reports the measured claims");
        assertTrue(Files.size(plots.resolve("intro-5-in-2-feature-fan.png")) > 5_000);
        JsonNode claims =
                new ObjectMapper().readTree(plots.resolve("claims.json").toFile());
        assertEquals("intro-5-in-2", claims.get(0).get("name").asText());
        long before = Files.getLastModifiedTime(runs.resolve("intro-5-in-2/weights.npz"))
                .toMillis();
        BadInputTest.Outcome again = BadInputTest.run(
                "reproduce",
                "--quick",
                "--only",
                "intro-5-in-2",
                "--plots",
                plots.toString(),
                "--resume",
                runs.toString(),
                "--quiet");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("reusing"), again.err());
        assertEquals(
                before,
                Files.getLastModifiedTime(runs.resolve("intro-5-in-2/weights.npz"))
                        .toMillis());
        BadInputTest.Outcome other = BadInputTest.run(
                "reproduce",
                "--only",
                "intro-5-in-2",
                "--plots",
                plots.toString(),
                "--resume",
                runs.toString(),
                "--quiet");
        assertEquals(2, other.code(), "a full-scale spec does not match the quick run folder");
        assertTrue(other.err().contains("another spec"), other.err());
    }

    @Test
    void shardsSplitTheCatalogueAndResumeMergesThem() throws Exception {
        Path runs = tmp.resolve("shared-runs");
        Files.createDirectories(runs);
        for (int k = 0; k < 2; k++) {
            BadInputTest.Outcome o = BadInputTest.run(
                    "reproduce",
                    "--quick",
                    "--only",
                    "intro-5-in-2,linear-20-in-5",
                    "--shard",
                    k + "/2",
                    "--plots",
                    tmp.resolve("plots-" + k).toString(),
                    "--resume",
                    runs.toString(),
                    "--quiet");
            assertEquals(0, o.code(), o.err());
        }
        assertTrue(
                Files.isDirectory(runs.resolve("intro-5-in-2")) && Files.isDirectory(runs.resolve("linear-20-in-5")));
        BadInputTest.Outcome merged = BadInputTest.run(
                "reproduce",
                "--quick",
                "--only",
                "intro-5-in-2,linear-20-in-5",
                "--plots",
                tmp.resolve("plots").toString(),
                "--resume",
                runs.toString(),
                "--quiet");
        assertEquals(0, merged.code(), merged.err());
        assertEquals(2, merged.err().split("reusing", -1).length - 1, "both shards' runs are reused: " + merged.err());
        assertTrue(Files.readString(tmp.resolve("plots/index.html")).contains("4 of 4 claims hold"));
        BadInputTest.Outcome bad = BadInputTest.run("reproduce", "--shard", "2/2", "--quiet");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--shard"), bad.err());
    }

    @Test
    void saeTrainThenEval() throws Exception {
        int rows = 3000;
        int d = 12;
        Random rnd = new Random(3);
        float[][] dirs = new float[24][d];
        for (float[] v : dirs) {
            for (int j = 0; j < d; j++) {
                v[j] = (float) rnd.nextGaussian();
            }
        }
        float[] acts = new float[rows * d];
        for (int r = 0; r < rows; r++) {
            for (float[] v : dirs) {
                if (rnd.nextDouble() < 0.05) {
                    float c = rnd.nextFloat();
                    for (int j = 0; j < d; j++) {
                        acts[r * d + j] += c * v[j];
                    }
                }
            }
        }
        Path file = tmp.resolve("acts.npz");
        Npz.write(file, Map.of("acts", NdArray.ofFloats(acts, rows, d)));
        Path sae = tmp.resolve("sae");
        BadInputTest.Outcome t = BadInputTest.run(
                "sae",
                "train",
                "--acts",
                file.toString(),
                "--out",
                sae.toString(),
                "--kind",
                "topk",
                "--latents",
                "48",
                "--k",
                "3",
                "--steps",
                "300",
                "--batch",
                "128");
        assertEquals(0, t.code(), t.err());
        assertTrue(Files.exists(sae.resolve("sae_weights.safetensors")) && Files.exists(sae.resolve("cfg.json")));
        BadInputTest.Outcome e = BadInputTest.run("sae", "eval", "--sae", sae.toString(), "--acts", file.toString());
        assertEquals(0, e.code(), e.err());
        JsonNode m = new ObjectMapper().readTree(e.out().substring(e.out().indexOf('{')));
        assertTrue(m.get("explained_variance").asDouble() > 0.5, "the SAE reconstructs: " + m);
        assertEquals(3.0, m.get("l0").asDouble(), 0.5, "TopK keeps k latents per row");
    }
}
