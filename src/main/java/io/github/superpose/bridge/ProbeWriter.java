package io.github.superpose.bridge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/** Writes a probe's run folder into a temporary sibling folder, then renames it into place. */
final class ProbeWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ProbeWriter() {}

    static void writeAtomically(
            ProbeConfig cfg,
            SaeConfig sae,
            ProbeResult r,
            SaeTrainer.Result trained,
            String hook,
            NeuronPages.Inputs pages,
            ProgressListener progress)
            throws IOException {
        Path out = cfg.out().toAbsolutePath();
        Files.createDirectories(out.getParent());
        Path tmp = createSibling(out);
        boolean moved = false;
        try {
            Files.writeString(tmp.resolve("config.json"), JSON.writeValueAsString(config(cfg, sae, hook)) + "\n");
            Files.writeString(tmp.resolve("metrics.json"), JSON.writeValueAsString(metrics(r, trained)) + "\n");
            Files.writeString(tmp.resolve("neurons.csv"), NeuronsCsv.format(r.neurons(), pages.participation()));
            SaeLensFormat.save(
                    tmp.resolve("sae"),
                    trained.sae(),
                    hook,
                    cfg.acts() != null
                            ? "unknown"
                            : cfg.model() == null
                                    ? "all-MiniLM-L6-v2"
                                    : cfg.model().getFileName().toString());
            NeuronPages.write(tmp.resolve("pages"), pages, progress);
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
        } finally {
            if (!moved) {
                deleteTree(tmp);
            }
        }
    }

    /**
     * A hidden temporary folder beside {@code out}. Files.createDirectory, not createTempDirectory:
     * the folder keeps the umask's permissions (0755 under umask 022) instead of 0700, so colleagues
     * on a shared filesystem can read the probe once it is renamed into place.
     */
    private static Path createSibling(Path out) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = out.resolveSibling("." + out.getFileName() + ".tmp-"
                    + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()));
            try {
                return Files.createDirectory(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    private static ObjectNode config(ProbeConfig c, SaeConfig s, String hook) {
        ObjectNode n = JSON.createObjectNode();
        n.put(
                "model",
                c.acts() != null
                        ? null
                        : c.model() == null
                                ? "bundled:all-MiniLM-L6-v2"
                                : c.model().toString());
        n.put("text", c.text() == null ? null : c.text().toString());
        n.put("acts", c.acts() == null ? null : c.acts().toString());
        n.put("layer", c.layer());
        n.put("hook", hook);
        if (c.acts() == null) {
            boolean gpt2 = c.model() != null && Gpt2Weights.isCheckpointFolder(c.model());
            n.put(
                    "tokenization",
                    gpt2
                            ? "GPT-2 r50k_base BPE; <|endoftext|> (50256) prepended as BOS, its row left out of the"
                                    + " activations; a line longer than n_positions is refused"
                            : "WordPiece from the model's tokenizer.json; [CLS] and [SEP] rows included; a line longer than"
                                    + " the model's 512 positions is refused");
        }
        n.put("fire_threshold", 0.0);
        n.put("top_k", c.topK());
        n.put("threads", c.threads());
        ObjectNode sae = n.putObject("sae");
        sae.put("architecture", SaeLensFormat.architecture(s.kind()));
        sae.put("d_in", s.dIn());
        sae.put("d_sae", s.dSae());
        sae.put("k", s.k());
        sae.put("l1_coefficient", s.l1Coefficient());
        sae.put("lr", s.lr());
        sae.put("steps", s.steps());
        sae.put("batch_size", s.batchSize());
        sae.put("seed", s.seed());
        sae.put("l1_warmup_steps", s.l1WarmupSteps());
        sae.put("dead_window", s.deadWindow());
        sae.put("resample_every", s.resampleEvery());
        sae.put("normalize_input", s.normalizeInput());
        return n;
    }

    private static ObjectNode metrics(ProbeResult r, SaeTrainer.Result t) {
        ObjectNode n = JSON.createObjectNode();
        n.put("source", r.source());
        n.put("rows", r.rows());
        n.put("d_mlp", r.dMlp());
        ObjectNode neurons = n.putObject("neurons");
        neurons.put("dead", r.deadNeurons());
        neurons.put(
                "mean_firing_frequency",
                r.neurons().stream()
                        .mapToDouble(NeuronStats::firingFrequency)
                        .average()
                        .orElse(Double.NaN));
        neurons.put(
                "mean_effective_tokens",
                r.neurons().stream()
                        .filter(s -> !s.dead())
                        .mapToDouble(NeuronStats::effectiveTokens)
                        .average()
                        .orElse(Double.NaN));
        neurons.put("spearman_sae_participation_vs_effective_tokens", r.spearmanParticipationVsTokens());
        SaeMetrics m = r.sae();
        ObjectNode sae = n.putObject("sae");
        sae.put("eval_rows", m.rows());
        sae.put("l0", m.l0());
        sae.put("mse", m.mse());
        sae.put("explained_variance", m.explainedVariance());
        sae.put("cossim", m.cosSim());
        sae.put("l2_ratio", m.l2Ratio());
        sae.put("relative_reconstruction_bias", m.relativeReconstructionBias());
        sae.put("dead_latents", m.deadCount());
        sae.put("resampled", t.resampled());
        sae.put("input_scale", t.inputScale());
        sae.put("loss_recovered_mlp_out", r.lossRecovered());
        if (r.ceLoss() != null) {
            CeLossRecovered ce = r.ceLoss();
            sae.put("ce_loss_clean", ce.clean());
            sae.put("ce_loss_with_sae", ce.sae());
            sae.put("ce_loss_zero_ablation", ce.zeroAblation());
            sae.put("ce_loss_recovered", ce.score());
            sae.put("ce_predictions", ce.predictions());
        }
        ArrayNode hist = sae.putArray("log10_density_histogram_from_-6_step_0.5");
        for (int c : m.densityHistogram()) {
            hist.add(c);
        }
        Superposition s = r.superposition();
        ObjectNode sup = n.putObject("superposition");
        sup.put("alive_features", s.features());
        sup.put("dim", s.dim());
        sup.put("features_per_dimension", s.featuresPerDimension());
        sup.put("sum_dimensionality", s.sumDimensionality());
        sup.put("mean_interference", s.meanInterference());
        sup.put(
                "mean_neuron_participation",
                java.util.Arrays.stream(s.neuronParticipation()).average().orElse(Double.NaN));
        return n;
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
