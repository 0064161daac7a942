package io.github.superpose.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.superpose.core.JavaBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./sim probe} on the tiny GPT-2 checkpoint: capture, SAE and cross-entropy loss recovered. */
class Gpt2ProbeTest {
    static final Path SENTENCES = Path.of("examples/sentences.txt");

    @TempDir
    Path dir;

    @Test
    void lossRecoveredIsOneForAPerfectReconstructionAndZeroForAblation() {
        Gpt2Model m = Gpt2Model.load(Gpt2ModelTest.TINY, new JavaBackend(1));
        List<String> texts = List.of("The cat sat on the mat.", "Hello world");
        CeLossRecovered perfect = CeLossRecovered.measure(m, texts, 0, float[]::clone, ProgressListener.NONE);
        assertEquals(perfect.clean(), perfect.sae(), 0.0);
        assertEquals(1.0, perfect.score(), 1e-12);
        assertEquals(7 + 2, perfect.predictions(), "T - 1 predictions per sentence, BOS included");
        CeLossRecovered none = CeLossRecovered.measure(m, texts, 1, x -> new float[x.length], ProgressListener.NONE);
        assertEquals(none.zeroAblation(), none.sae(), 0.0);
        assertEquals(0.0, none.score(), 1e-12);
        assertTrue(Math.abs(none.zeroAblation() - none.clean()) > 0.01, "ablation changes the loss");
        // a damaged reconstruction lands in between or beyond, but not at 1
        CeLossRecovered half = CeLossRecovered.measure(
                m,
                texts,
                1,
                x -> {
                    float[] h = x.clone();
                    for (int i = 0; i < h.length; i++) {
                        h[i] *= 0.5f;
                    }
                    return h;
                },
                ProgressListener.NONE);
        assertTrue(Math.abs(half.score() - 1) > 1e-3, "score " + half.score());
    }

    @Test
    void probeOnTextWritesCrossEntropyLossRecovered() throws Exception {
        Path out = dir.resolve("gpt2-run");
        ProbeConfig cfg = ProbeConfig.forText(Gpt2ModelTest.TINY, SENTENCES, 1, out)
                .withSae(SaeConfig.Kind.TOPK, 64, 4, 0, 200, 64)
                .withThreads(1);
        ProbeResult r = Probe.run(cfg, ProgressListener.NONE);
        assertEquals(32, r.dMlp());
        int tokens = 0;
        for (String line : ActivationSet.readLines(SENTENCES).texts()) {
            tokens += Gpt2Tokenizer.get().encodeOrdinary(line).length;
        }
        assertEquals(tokens, r.rows(), "one row per token, BOS left out");
        JsonNode sae = new ObjectMapper()
                .readTree(out.resolve("metrics.json").toFile())
                .path("sae");
        for (String k : List.of(
                "ce_loss_clean",
                "ce_loss_with_sae",
                "ce_loss_zero_ablation",
                "ce_loss_recovered",
                "loss_recovered_mlp_out")) {
            assertTrue(sae.path(k).isNumber() && Double.isFinite(sae.path(k).asDouble()), k + " = " + sae.path(k));
        }
        assertEquals(r.ceLoss().score(), sae.path("ce_loss_recovered").asDouble(), 1e-12);
        assertEquals(tokens, sae.path("ce_predictions").asInt(), "every token is predicted, the first from BOS");
        JsonNode c = new ObjectMapper().readTree(out.resolve("config.json").toFile());
        assertEquals("blocks.1.mlp.hook_post", c.path("hook").asText());
        assertTrue(c.path("tokenization").asText().contains("prepended as BOS"), c.toString());
        String csv = Files.readString(out.resolve("neurons.csv"));
        assertTrue(csv.contains("⟦") && csv.contains(" cat"), "GPT-2 token strings in the contexts");
        assertFalse(csv.contains("<|endoftext|>"), "the BOS row is not among the activations");
        // the neuron page's most promoted token: W_out row · ln_f γ · unembedding, computed here directly
        Gpt2Model m = Gpt2Model.load(Gpt2ModelTest.TINY);
        Gpt2Weights w = m.weights();
        int neuron = 3;
        float[] wOut = w.blocks().get(1).W_out();
        int best = 0;
        double bestV = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < w.vocab(); t++) {
            double v = 0;
            for (int i = 0; i < w.dModel(); i++) {
                v += (double) wOut[neuron * w.dModel() + i] * w.lnFW()[i] * w.unembed()[t * w.dModel() + i];
            }
            if (v > bestV) {
                bestV = v;
                best = t;
            }
        }
        String page = Files.readString(out.resolve("pages/neuron/" + neuron + ".html"));
        String promoted = page.substring(page.indexOf("<b>promotes</b><br><code>") + 25);
        assertEquals(
                PageHtml.esc(m.tokenizer().decode(best).replace(' ', '·')),
                promoted.substring(0, promoted.indexOf("</code>")),
                "top promoted token");
    }

    @Test
    void unknownLayerAndBadFoldersAreRefusedBeforeWriting() throws Exception {
        Path out = dir.resolve("run");
        BridgeInputException e = assertThrows(
                BridgeInputException.class,
                () -> Probe.run(ProbeConfig.forText(Gpt2ModelTest.TINY, SENTENCES, 2, out), ProgressListener.NONE));
        assertEquals("--layer: layer 2 outside [0, 2)", e.getMessage());
        Path noConfig = Files.createDirectories(dir.resolve("gpt2"));
        Files.copy(Gpt2ModelTest.TINY.resolve("model.safetensors"), noConfig.resolve("model.safetensors"));
        e = assertThrows(
                BridgeInputException.class,
                () -> Probe.run(ProbeConfig.forText(noConfig, SENTENCES, 0, out), ProgressListener.NONE));
        assertTrue(e.getMessage().contains("config.json"), e.getMessage());
        assertFalse(Files.exists(out));
        assertNull(
                Probe.run(
                                ProbeConfig.forActs(writeActs(), out)
                                        .withSae(SaeConfig.Kind.TOPK, 16, 2, 0, 10, 32)
                                        .withThreads(1),
                                ProgressListener.NONE)
                        .ceLoss(),
                "no CE without a language model");
    }

    private Path writeActs() throws Exception {
        Path p = dir.resolve("acts.npz");
        PlantedFeatures.random(16, 8, 0.1, 3).sample(200, 1).saveNpz(p);
        return p;
    }
}
