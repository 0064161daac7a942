package io.github.superpose.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.superpose.io.NdArray;
import io.github.superpose.io.Npz;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeTest {
    @TempDir
    Path dir;

    @Test
    void activationDumpProducesACompleteRunFolder() throws Exception {
        PlantedFeatures p = PlantedFeatures.random(24, 12, 0.05, 4);
        ActivationSet a = p.sample(3000, 5);
        Path acts = dir.resolve("acts.npz");
        Npz.write(acts, Map.of("acts", NdArray.ofFloats(a.acts(), a.rows(), a.dim())));
        Path out = dir.resolve("run");
        ProbeConfig cfg = ProbeConfig.forActs(acts, out)
                .withSae(SaeConfig.Kind.BATCHTOPK, 48, 2, 0, 200, 64)
                .withThreads(1);
        ProbeResult r = Probe.run(cfg, ProgressListener.NONE);
        assertEquals(3000, r.rows());
        assertEquals(12, r.dMlp());
        for (String f :
                List.of("config.json", "metrics.json", "neurons.csv", "sae/cfg.json", "sae/sae_weights.safetensors")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(3000, m.path("rows").asInt());
        assertTrue(m.path("sae").path("explained_variance").isNumber());
        assertTrue(m.path("superposition").path("alive_features").asInt() > 0);
        assertEquals(13, Files.readAllLines(out.resolve("neurons.csv")).size());
        assertTrue(Double.isNaN(r.lossRecovered()));
        try (var s = Files.list(dir)) {
            assertEquals(2, s.count(), "no temporary folder is left behind");
        }
        Path scratch = Files.createDirectory(dir.resolve("scratch"));
        io.github.superpose.cli.MergeFaultsTest.assertFollowsUmask(out, scratch);
        BridgeInputException again =
                assertThrows(BridgeInputException.class, () -> Probe.run(cfg, ProgressListener.NONE));
        assertTrue(again.getMessage().contains("already exists"), again.getMessage());
    }

    @Test
    void badInputIsOneLineAndWritesNothing() throws Exception {
        Path bad = dir.resolve("bad.npz");
        Files.writeString(bad, "PK not really a zip");
        Path out = dir.resolve("run");
        BridgeInputException e = assertThrows(
                BridgeInputException.class, () -> Probe.run(ProbeConfig.forActs(bad, out), ProgressListener.NONE));
        assertTrue(e.getMessage().contains("bad.npz"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertFalse(Files.exists(out));
        e = assertThrows(
                BridgeInputException.class,
                () -> Probe.run(ProbeConfig.forActs(dir.resolve("missing.npy"), out), ProgressListener.NONE));
        assertTrue(e.getMessage().contains("missing.npy: file not found"), e.getMessage());
        Path text = dir.resolve("s.txt");
        Files.writeString(text, "hello\n");
        Path gpt2 = Files.createDirectories(dir.resolve("gpt2"));
        Files.writeString(gpt2.resolve("model.safetensors"), "");
        e = assertThrows(
                BridgeInputException.class,
                () -> Probe.run(ProbeConfig.forText(gpt2, text, 0, out), ProgressListener.NONE));
        assertTrue(e.getMessage().contains("gpt2") && e.getMessage().contains("config.json"), e.getMessage());
        assertThrows(
                BridgeInputException.class,
                () -> new ProbeConfig(null, text, bad, 0, out, SaeConfig.Kind.RELU, 0, 1, 1, 1, 1, 1e-3, 0, 1, 1));
    }

    @Tag("minilm")
    @Test
    void miniLmTextProbe() throws Exception {
        Path text = dir.resolve("sentences.txt");
        Files.writeString(
                text,
                String.join(
                                "\n",
                                "animal\tThe cat chased the mouse across the garden.",
                                "animal\tA dog barked at the horse.",
                                "# comments and blank lines are skipped",
                                "",
                                "number\tShe counted one, two, three, four, five.",
                                "number\tTwelve plus thirty equals forty-two.",
                                "place\tParis and Berlin are cities in Europe.",
                                "place\tWe flew from Tokyo to Sydney.")
                        + "\n");
        Path out = dir.resolve("minilm-run");
        ProbeConfig cfg = ProbeConfig.forText(null, text, 3, out)
                .withSae(SaeConfig.Kind.TOPK, 384, 16, 0, 20, 32)
                .withThreads(2);
        ProbeResult r = Probe.run(cfg, ProgressListener.NONE);
        assertEquals(1536, r.dMlp());
        assertTrue(r.rows() > 50, "tokens: " + r.rows());
        assertTrue(Double.isFinite(r.lossRecovered()));
        JsonNode c = new ObjectMapper().readTree(out.resolve("config.json").toFile());
        assertEquals("blocks.3.mlp.hook_post", c.path("hook").asText());
        String csv = Files.readString(out.resolve("neurons.csv"));
        assertTrue(csv.contains("⟦"), "contexts are written");
        NeuronStats first =
                r.neurons().stream().filter(s -> !s.dead()).findFirst().orElseThrow();
        assertTrue(first.effectiveLabels() >= 1.0 && first.effectiveLabels() <= 3.0 + 1e-9);
    }
}
