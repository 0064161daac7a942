package io.github.superpose.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The toy models meet the SAE: a 5 → 2 ReLU model trained at density 0.05 stores its five features
 * as a pentagon; an SAE with default settings on h = W x of fresh samples finds all five directions.
 * And the SAE options keep the exit-code contract.
 */
class SaeFromRunTest {
    @TempDir
    Path tmp;

    static final String PENTAGON = String.join(
            "\n",
            "name = \"pentagon\"",
            "model = \"relu\"",
            "features = 5",
            "hidden = 2",
            "steps = 4000",
            "batch = 1024",
            "seed = 0",
            "[density]",
            "values = [0.05]",
            "");

    @Test
    void aPentagonsFiveFeaturesAreRecovered() throws Exception {
        Path spec = tmp.resolve("pentagon.toml");
        Files.writeString(spec, PENTAGON);
        Path run = tmp.resolve("run");
        BadInputTest.Outcome r =
                BadInputTest.run("run", spec.toString(), "--out", run.toString(), "--quiet", "--no-figures");
        assertEquals(0, r.code(), r.err());
        Path sae = tmp.resolve("sae");
        BadInputTest.Outcome t = BadInputTest.run(
                "sae", "train", "--from-run", run.toString(), "--out", sae.toString(), "--quiet", "--threads", "2");
        assertEquals(0, t.code(), t.err());
        JsonNode rec = new ObjectMapper().readTree(sae.resolve("recovery.json").toFile());
        assertEquals(5, rec.get("represented_features").asInt(), "the toy model represents all five: " + rec);
        assertEquals(5, rec.get("recovered_above_0_9").asInt(), rec.toString());
        assertTrue(rec.get("mean_max_cosine").asDouble() > 0.95, rec.toString());
        JsonNode cfg = new ObjectMapper().readTree(sae.resolve("cfg.json").toFile());
        assertEquals(2, cfg.get("d_in").asInt());
        assertEquals(8, cfg.get("d_sae").asInt(), "default latents 4 × d_in, at least 8");

        BadInputTest.Outcome inst = BadInputTest.run(
                "sae",
                "train",
                "--from-run",
                run.toString(),
                "--instance",
                "3",
                "--out",
                tmp.resolve("s2").toString(),
                "--quiet");
        assertEquals(2, inst.code(), inst.err());
        assertTrue(
                inst.err().contains("--instance") && inst.err().strip().lines().count() == 1, inst.err());
    }

    @Test
    void badSaeOptionsExitTwoWithOneLine() throws Exception {
        Path spec = tmp.resolve("pentagon.toml");
        Files.writeString(spec, PENTAGON.replace("steps = 4000", "steps = 10"));
        Path run = tmp.resolve("run");
        assertEquals(
                0,
                BadInputTest.run("run", spec.toString(), "--out", run.toString(), "--quiet", "--no-figures")
                        .code());
        String[][] cases = {
            {"--kind", "foo", "--kind"},
            {"--l1", "-1", "--l1"},
            {"--l1", "NaN", "--l1"},
            {"--lr", "Infinity", "--lr"},
            {"--lr", "1e30", "--lr"},
            {"--k", "1000000", "--k"},
            {"--latents", "2000000000", "planned"},
            {"--steps", "0", "--steps"},
        };
        for (String[] c : cases) {
            Path out = tmp.resolve("bad");
            BadInputTest.Outcome o = BadInputTest.run(
                    "sae", "train", "--from-run", run.toString(), "--out", out.toString(), "--quiet", c[0], c[1]);
            assertEquals(2, o.code(), String.join(" ", c) + ": " + o.err());
            String line = o.err().strip();
            assertTrue(
                    line.contains(c[2]) && !line.contains("\n") && !line.contains("Exception"),
                    String.join(" ", c) + ": " + line);
            assertFalse(Files.exists(out), "nothing written for " + String.join(" ", c));
        }
        BadInputTest.Outcome neither = BadInputTest.run("sae", "train", "--quiet");
        assertEquals(2, neither.code());
        assertTrue(neither.err().contains("--acts") && neither.err().contains("--from-run"), neither.err());
    }
}
